/**
 * The records the storage side's concept modules share: a subsystem, a volume, a pair and a
 * synchronous write in flight, plus the few signals every copy path sends to a pair's chart
 * (path lost, copy failed). Records hold state; statecharts ({@link storageMachine},
 * {@link pairMachine}) decide; the modules move data as clock callbacks between them.
 */
import type { Actor } from 'xstate';
import type { pairMachine } from '../../machines/pairMachine';
import type { storageMachine } from '../../machines/storageMachine';
import type {
  BlockRecord,
  IoResult,
  PairState,
  SiteId,
  VolumeKind
} from '../../model/storageTypes';
import type { StorageApi } from '../../model/ports';
import type { Journal } from './journal';
import type { StorageControl, StorageId } from './types';

/** How a served I/O answers its host. */
export type Reply<T> = (result: IoResult<T>) => void;

export interface Subsystem {
  id: StorageId;
  site: SiteId;
  actor: Actor<typeof storageMachine>;
  up: boolean;
  /** Bumped at each crash: I/O begun in an older epoch is dropped, unanswered. */
  epoch: number;
  api: StorageApi & StorageControl;
}

export interface Volume {
  id: string;
  site: SiteId;
  kind: VolumeKind;
  storage: Subsystem;
  blocks: Map<number, BlockRecord>;
  /** Highest writeSeq present per writer. */
  highWater: Map<string, number>;
  /** Last writeSeq handed out here per writer. */
  lastSeq: Map<string, number>;
  ioError: boolean;
  pair?: Pair;
}

/** Write and copy counts, per pair and in total. */
export interface Tally {
  writesAcknowledged: number;
  writesFailed: number;
  copied: number;
  lost: number;
}

export const newTally = (): Tally => ({
  writesAcknowledged: 0,
  writesFailed: 0,
  copied: 0,
  lost: 0
});

/** A synchronous P-VOL write waiting for its remote copy. */
export interface SyncWrite {
  volume: Volume;
  block: number;
  data: unknown;
  writer: string;
  writeSeq: number;
  /** Storage epoch of the P-VOL's subsystem when the write was issued. */
  epoch: number;
  settled: boolean;
  reply: Reply<undefined>;
}

export interface Pair {
  id: string;
  actor: Actor<typeof pairMachine>;
  /** Last CCI state announced by the chart. */
  state: PairState;
  /** Copy epoch: bumped at every pair state change, so stale copies are never applied. */
  epoch: number;
  /** Async journal. */
  journal: Journal;
  /**
   * Synchronous writes waiting for their remote copy, in the order sent (settled ones leave from
   * the front; flags instead of a set spare a table update per write).
   */
  inflight: SyncWrite[];
  /** Blocks written on either side since the last full copy (the differential bitmap). */
  dirtyBlocks: Set<number>;
  /** The P-VOL's array received a swap-takeover request: it accepts no more writes. */
  swapBlocked: boolean;
  tally: Tally;
}

/** The subsystem is still up in the epoch an I/O began in. */
export const alive = (sub: Subsystem, epoch: number): boolean => sub.up && sub.epoch === epoch;

/** The pair is mirroring (or copying in full): a path loss suspends it. */
export const isCopying = (pair: Pair): boolean => pair.state === 'PAIR' || pair.state === 'COPY';

export const isSwapping = (pair: Pair): boolean =>
  pair.actor.getSnapshot().matches({ PAIR: 'swapping' });

/** Tell the pair its copy path is gone (link down or one array failed). */
export function pathLost(pair: Pair, reason: string, lost: 'link' | 'primary' | 'secondary'): void {
  pair.actor.send({ type: 'PATH_LOST', reason, lost, journalUsed: pair.journal.used() });
}

/** Tell the pair an update copy failed at the S-VOL. */
export function copyFailed(pair: Pair, reason: string, remoteAnswered: boolean): void {
  pair.actor.send({
    type: 'COPY_FAILED',
    reason,
    remoteAnswered,
    journalUsed: pair.journal.used()
  });
}
