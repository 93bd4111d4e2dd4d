/**
 * The ports of the storage side and of the host network as RxJS streams on the simulation clock:
 * what hosts and the scenario layer use. Kept apart from the plain types of
 * model/storageTypes.ts so that statecharts never depend on RxJS.
 */
import type { Observable } from 'rxjs';
import type { BlockRecord, IoResult, PairCommand, PairView, SiteId } from './storageTypes';

/** One storage subsystem (one per site). */
export interface StorageApi {
  readonly id: string;
  readonly site: SiteId;
  isUp(): boolean;
  /**
   * Write one block. Emits exactly one result then completes: after the service time, and for a
   * synchronous P-VOL in PAIR only after the remote copy is acknowledged. Emits nothing (and never
   * completes) when the subsystem is failed or fails meanwhile: hosts use their own I/O timeout.
   */
  write(volume: string, block: number, data: unknown, writer: string): Observable<IoResult>;
  /** Read one block, bypassing any cache. Same emission rules as `write`. */
  read(volume: string, block: number): Observable<IoResult<BlockRecord | undefined>>;
  /** Pair status of a volume held here. Same emission rules. */
  pairStatus(volume: string): Observable<IoResult<PairView>>;
  /**
   * A pair command issued at this subsystem on `volume` (e.g. `takeover` on the S-VOL at the
   * standby site). Emits the outcome (e.g. the takeover kind) once the array has carried it out.
   */
  command(volume: string, cmd: PairCommand): Observable<IoResult<string>>;
}

export interface Packet<T = unknown> {
  from: string;
  to: string;
  sentAt: number;
  payload: T;
}

/** The host-to-host network. */
export interface NetworkApi {
  /** Send a packet; it arrives after latency (+ jitter) unless lost or partitioned. */
  send<T>(from: string, to: string, payload: T): void;
  /** Packets addressed to `host`, in delivery order. */
  inbox<T = unknown>(host: string): Observable<Packet<T>>;
}
