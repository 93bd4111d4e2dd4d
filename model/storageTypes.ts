/**
 * Contract of the storage side (subsystems, volumes, remote-copy pairs, remote-copy link) and of
 * the host network, as the host side and the scenario layer use them. Everything observable goes
 * through RxJS on the simulation clock.
 */

export type SiteId = 'production' | 'standby';

/** Pair states of real arrays (CCI names). */
export type PairState = 'SMPL' | 'COPY' | 'PAIR' | 'PSUS' | 'PSUE' | 'SSWS';

/**
 * A heartbeat pair that no longer copies: suspended by the user or by an error, or unknown (the
 * local array does not answer) — the evidence that the remote-copy path is down too.
 */
export function isSuspended(state: PairState | null): boolean {
  return state === 'PSUE' || state === 'PSUS' || state === null;
}
export type CopyMode = 'sync' | 'async';
export type FenceLevel = 'data' | 'status' | 'never';
export type VolumeKind = 'data' | 'heartbeat';
export type AccessMode = 'read-write' | 'read-only' | 'blocked';

/** What a block holds: what was written, by whom, when. */
export interface BlockRecord {
  data: unknown;
  /** Host id of the writer. */
  writer: string;
  /** Simulated time the write was applied to this volume. */
  at: number;
  /** Sequence number of the write at the volume it was first written to (per writer). */
  writeSeq: number;
}

export type IoErrorCode =
  | 'io-error' // injected volume error
  | 'read-only' // SVOL while paired
  | 'fenced' // PVOL write rejected by the fence level
  | 'blocked' // volume access mode blocked
  | 'no-such-volume'
  | 'refused'; // a pair command not accepted in this state

export type IoResult<T = undefined> =
  { ok: true; value: T } | { ok: false; error: IoErrorCode; detail: string };

/** `pairvolchk`/`pairdisplay`: a pair as seen from one of its volumes. */
export interface PairView {
  pair: string;
  state: PairState;
  /** Volume id that is currently the primary (P-VOL). */
  primary: string;
  /** Volume id that is currently the secondary (S-VOL). */
  secondary: string;
  /** Role of the volume that was asked about. */
  role: 'P' | 'S';
  mode: CopyMode;
  fenceLevel: FenceLevel;
  /** Async journal entries not yet applied at the S-VOL. */
  journalUsed: number;
}

export type PairCommand = 'create' | 'split' | 'resync' | 'swap' | 'delete' | 'takeover';
export type TakeoverKind = 'swap-takeover' | 'svol-takeover' | 'nop-takeover';

/** Events the storage side publishes on `events$` (for metrics, monitors and the report). */
export type StorageEvent =
  | {
      kind: 'write-acked';
      at: number;
      volume: string;
      writer: string;
      writeSeq: number;
      block: number;
    }
  | { kind: 'write-failed'; at: number; volume: string; writer: string; error: IoErrorCode }
  | {
      kind: 'copy-applied';
      at: number;
      pair: string;
      volume: string;
      writer: string;
      writeSeq: number;
      block: number;
    }
  | { kind: 'pair-state'; at: number; pair: string; from: PairState; to: PairState; reason: string }
  | { kind: 'takeover'; at: number; pair: string; result: TakeoverKind | 'refused'; detail: string }
  | { kind: 'storage-state'; at: number; storage: string; state: 'up' | 'failed' }
  | { kind: 'link-state'; at: number; link: string; state: 'up' | 'degraded' | 'down' };
