/**
 * The public contract of the storage side: what the cluster builder asks for (pair specs, extra
 * volumes), what hosts get (one site's {@link StorageApi}), what the fault layer gets (the
 * {@link StorageControl} hooks and the link's), and what observers get (the god's-eye
 * {@link StorageObserverView}).
 *
 * The rule: a host is handed only its own site's `StorageApi` and learns everything by I/O; the
 * observer view (high-water marks, block peeks, counters, a pair seen from nowhere) knows what no
 * host can know, so only observers (monitors, the report, the inspector, tests) may read it, and no
 * decision may depend on it.
 */
import type { Observable } from 'rxjs';
import type {
  BlockRecord,
  CopyMode,
  FenceLevel,
  PairView,
  SiteId,
  StorageEvent,
  VolumeKind
} from '../../model/storageTypes';
import type { StorageApi } from '../../model/ports';
import type { RemoteCopyConfig, StorageConfig } from '../../model/config';
import type { RemoteLinkControl } from './createRemoteLink';

/** Ids of the two storage subsystems. */
export type StorageId = 'prod-storage' | 'standby-storage';

/** Site of each storage subsystem. */
export const STORAGE_SITES: Record<StorageId, SiteId> = {
  'prod-storage': 'production',
  'standby-storage': 'standby'
};

/**
 * A remote-copy pair to build: P-VOL at `primarySite` (default production), S-VOL at the other
 * site (roles may swap later).
 */
export interface PairSpec {
  /** Pair id, e.g. `data-pair`, `hb-pair`; also the pair actor's id in the trace. */
  id: string;
  kind: VolumeKind;
  /** Initial P-VOL id, e.g. `prod-data` (held at `primarySite`). */
  primary: string;
  /** Initial S-VOL id, e.g. `standby-data` (held at the other site). */
  secondary: string;
  /**
   * Site holding the initial P-VOL (default `production`). The reverse heartbeat pair of the
   * second configuration (`standby-rhb` → `prod-rhb`) has its primary at the standby site.
   */
  primarySite?: SiteId;
  /** Runs start in steady state: `PAIR` (already synchronized). */
  initialState: 'PAIR' | 'SMPL';
  /** Copy mode of this pair (default: `remoteCopy.mode`). */
  mode?: CopyMode;
  /** Fence level of this pair (default: `remoteCopy.fenceLevel`). */
  fenceLevel?: FenceLevel;
}

export interface StorageSideOptions {
  remoteCopy: RemoteCopyConfig;
  storage: StorageConfig;
  pairs: PairSpec[];
  /** Extra unpaired volumes, e.g. a volume only at one site: `{ id, site, kind }`. */
  volumes?: { id: string; site: SiteId; kind: VolumeKind }[];
}

/** Fault hooks of a storage subsystem, for the scenario layer. */
export interface StorageControl {
  crash(): void;
  recover(): void;
  /** Inject (true) / clear (false) I/O errors on one volume held here. */
  ioError(volume: string, on: boolean): void;
}

export interface StorageCounters {
  writesAcknowledged: number;
  writesFailed: number;
  /** Update copies applied at an S-VOL (full copies of COPY → PAIR are not counted). */
  copied: number;
  /** Writes acknowledged at the P-VOL and not (yet) applied at the S-VOL. */
  pending: number;
  /** Writes acknowledged at the P-VOL that an svol-takeover left behind (sum over takeovers). */
  lost?: number;
}

/** The god's-eye view of the storage side: for observers only, never for a host's decision. */
export interface StorageObserverView {
  /** A pair (no I/O), as seen from its current primary. */
  pairView(pairId: string): PairView;
  /** Highest writeSeq written by `writer` that is present on `volume` (0 if none). */
  highWater(volume: string, writer: string): number;
  /** Block content, no I/O (for tests, monitors and the inspector). */
  peekBlock(volume: string, block: number): BlockRecord | undefined;
  /** Totals over every volume. */
  counters(): StorageCounters;
  /** Counters of the writes to either volume of one pair. */
  countersOf(pairId: string): StorageCounters;
}

export interface StorageSide extends StorageObserverView {
  storages: Record<StorageId, StorageApi & StorageControl>;
  link: RemoteLinkControl;
  events$: Observable<StorageEvent>;
  /** Site-holding storage of a volume. */
  storageOf(volume: string): StorageApi & StorageControl;
}
