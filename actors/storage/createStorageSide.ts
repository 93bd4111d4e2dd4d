/**
 * The storage side of the simulated world: two storage subsystems (`prod-storage` at site
 * production, `standby-storage` at site standby), their volumes, the remote-copy pairs between
 * them and the remote link (`remote-link`).
 *
 * Statecharts decide (a {@link storageMachine} per subsystem, a {@link pairMachine} per pair, the
 * link's machine); everything bulky moves as clock callbacks: each I/O, each copy, each
 * acknowledgement is a timer on `sim.clock`, recorded in the trace with `sim.record`, never an
 * XState event. The actor wrapper reads the charts synchronously with `getSnapshot()`.
 *
 * Timings (L = one-way link latency, S = service time): a read, a local write, an async write,
 * a pair status query and a pair command answer after S; a sync write in PAIR is applied at the
 * S-VOL at S + L and acknowledged at S + 2L; a swap-takeover answers after S + 2L (plus the
 * time to drain an async journal); an svol-takeover after S.
 */
import { Observable, Subject } from 'rxjs';
import type { Actor } from 'xstate';
import {
  pairMachine,
  pairStateOf,
  type PairMachineEvent,
  type PairReach
} from '../../machines/pairMachine';
import { storageMachine } from '../../machines/storageMachine';
import type { RemoteCopyConfig, StorageConfig } from '../../model/config';
import type {
  BlockRecord,
  CopyMode,
  FenceLevel,
  IoErrorCode,
  IoResult,
  PairCommand,
  PairState,
  PairView,
  SiteId,
  StorageApi,
  StorageEvent,
  VolumeKind
} from '../../model/storageTypes';
import type { Simulation } from '../../sim';
import { createRemoteLink, type RemoteLink, type RemoteLinkControl } from './createRemoteLink';

export type { RemoteLinkControl } from './createRemoteLink';

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

export interface StorageSide {
  storages: Record<StorageId, StorageApi & StorageControl>;
  link: RemoteLinkControl;
  events$: Observable<StorageEvent>;
  /** God's-eye view of a pair (no I/O), as seen from its current primary. */
  pairView(pairId: string): PairView;
  /** Site-holding storage of a volume. */
  storageOf(volume: string): StorageApi & StorageControl;
  /** Highest writeSeq written by `writer` that is present on `volume` (0 if none). */
  highWater(volume: string, writer: string): number;
  /** Block content, no I/O (for tests, monitors and the inspector). */
  peekBlock(volume: string, block: number): BlockRecord | undefined;
  /** Totals over every volume. */
  counters(): StorageCounters;
  /** Counters of the writes to either volume of one pair. */
  countersOf(pairId: string): StorageCounters;
}

interface Subsystem {
  id: StorageId;
  site: SiteId;
  actor: Actor<typeof storageMachine>;
  up: boolean;
  /** Bumped at each crash: I/O begun in an older epoch is dropped, unanswered. */
  epoch: number;
  api: StorageApi & StorageControl;
}

interface Volume {
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

interface Tally {
  writesAcknowledged: number;
  writesFailed: number;
  copied: number;
  lost: number;
}

interface JournalEntry {
  block: number;
  data: unknown;
  writer: string;
  writeSeq: number;
  /** Pair copy epoch the entry was sent in. */
  epoch: number;
}

type Reply<T> = (result: IoResult<T>) => void;

/** A synchronous P-VOL write waiting for its remote copy. */
interface SyncWrite {
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

interface Pair {
  id: string;
  actor: Actor<typeof pairMachine>;
  /** Last CCI state announced by the chart. */
  state: PairState;
  /** Copy epoch: bumped at every pair state change, so stale copies are never applied. */
  epoch: number;
  /** Async journal (entries before `journalHead` are applied). */
  journal: JournalEntry[];
  journalHead: number;
  inflight: Set<SyncWrite>;
  /** Blocks written on either side since the last full copy (the differential bitmap). */
  dirtyBlocks: Set<number>;
  /** The P-VOL's array received a swap-takeover request: it accepts no more writes. */
  swapBlocked: boolean;
  tally: Tally;
}

type WritePlan =
  | { kind: 'local'; tracked: boolean }
  | { kind: 'sync' }
  | { kind: 'async' }
  | { kind: 'reject'; error: IoErrorCode; detail: string };

const newTally = (): Tally => ({ writesAcknowledged: 0, writesFailed: 0, copied: 0, lost: 0 });

/**
 * Build the storage side on `sim`: spawns `prod-storage`, `standby-storage`, `remote-link` and one
 * pair actor per pair spec (id = pair id).
 */
export function createStorageSide(sim: Simulation, options: StorageSideOptions): StorageSide {
  const { remoteCopy } = options;
  const serviceTime = options.storage.serviceTime;
  const events = new Subject<StorageEvent>();
  const publish = (event: StorageEvent) => events.next(event);
  const volumes = new Map<string, Volume>();
  const pairs = new Map<string, Pair>();
  const replies = new Map<number, Reply<string>>();
  const total = newTally();
  let nextRef = 0;

  const link: RemoteLink = createRemoteLink(sim, remoteCopy, (state) => {
    publish({ kind: 'link-state', at: sim.now(), link: link.id, state });
    if (state !== 'down') return;
    for (const pair of pairs.values()) {
      if (isCopying(pair)) pathLost(pair, 'remote link down', 'link');
    }
  });

  const storages = {
    'prod-storage': createSubsystem('prod-storage'),
    'standby-storage': createSubsystem('standby-storage')
  } satisfies Record<StorageId, Subsystem>;
  const storageAt = (site: SiteId): Subsystem =>
    site === 'production' ? storages['prod-storage'] : storages['standby-storage'];

  const addVolume = (id: string, site: SiteId, kind: VolumeKind): Volume => {
    if (volumes.has(id)) throw new Error(`duplicate volume id '${id}'`);
    const volume: Volume = {
      id,
      site,
      kind,
      storage: storageAt(site),
      blocks: new Map(),
      highWater: new Map(),
      lastSeq: new Map(),
      ioError: false
    };
    volumes.set(id, volume);
    return volume;
  };

  for (const spec of options.pairs) {
    if (pairs.has(spec.id)) throw new Error(`duplicate pair id '${spec.id}'`);
    const primarySite = spec.primarySite ?? 'production';
    const secondarySite: SiteId = primarySite === 'production' ? 'standby' : 'production';
    const primary = addVolume(spec.primary, primarySite, spec.kind);
    const secondary = addVolume(spec.secondary, secondarySite, spec.kind);
    const pair = createPair(spec);
    primary.pair = pair;
    secondary.pair = pair;
    pairs.set(spec.id, pair);
  }
  for (const v of options.volumes ?? []) addVolume(v.id, v.site, v.kind);

  // ---------------------------------------------------------------- subsystems and I/O

  function createSubsystem(id: StorageId): Subsystem {
    const site = STORAGE_SITES[id];
    const actor = sim.spawn(storageMachine, { id, input: { id, site } });
    const sub = { id, site, actor, up: true, epoch: 0 } as Subsystem;
    actor.on('storage-state', ({ state }) => {
      if (state === 'failed') {
        sub.up = false;
        sub.epoch++;
      } else {
        sub.up = true;
      }
      publish({ kind: 'storage-state', at: sim.now(), storage: id, state });
      if (state !== 'failed') return;
      // The partner array detects the path loss and suspends every pair it was mirroring.
      for (const pair of pairs.values()) {
        if (!isCopying(pair)) continue;
        const { primary, secondary } = pair.actor.getSnapshot().context;
        if (volumeOf(primary).storage === sub) pathLost(pair, `${id} failed`, 'primary');
        else if (volumeOf(secondary).storage === sub) pathLost(pair, `${id} failed`, 'secondary');
      }
    });
    sub.api = {
      id,
      site,
      isUp: () => sub.up,
      write: (volume, block, data, writer) =>
        io<undefined>(sub, (epoch, reply) => write(sub, epoch, volume, block, data, writer, reply)),
      read: (volume, block) => io(sub, (_epoch, reply) => read(sub, volume, block, reply)),
      pairStatus: (volume) => io(sub, (_epoch, reply) => pairStatus(sub, volume, reply)),
      command: (volume, cmd) => io(sub, (_epoch, reply) => command(sub, volume, cmd, reply)),
      crash: () => actor.send({ type: 'CRASH' }),
      recover: () => actor.send({ type: 'RECOVER' }),
      ioError: (volume, on) => {
        const vol = volumes.get(volume);
        if (!vol || vol.storage !== sub) throw new Error(`volume '${volume}' is not held by ${id}`);
        vol.ioError = on;
        sim.record(vol.id, on ? 'io-error-on' : 'io-error-off');
      }
    };
    return sub;
  }

  const alive = (sub: Subsystem, epoch: number) => sub.up && sub.epoch === epoch;

  /**
   * One I/O: issued on subscription, served after the service time. A failed subsystem answers
   * nothing, and I/O in flight when it fails is dropped the same way. Unsubscribing does not
   * cancel an issued I/O, it only stops listening.
   */
  function io<T>(
    sub: Subsystem,
    work: (epoch: number, reply: Reply<T>) => void
  ): Observable<IoResult<T>> {
    return new Observable<IoResult<T>>((subscriber) => {
      if (!sub.up) return;
      const epoch = sub.epoch;
      const reply: Reply<T> = (result) => {
        if (!alive(sub, epoch) || subscriber.closed) return;
        subscriber.next(result);
        subscriber.complete();
      };
      sim.clock.setTimeout(() => {
        if (alive(sub, epoch)) work(epoch, reply);
      }, serviceTime);
    });
  }

  function volumeOf(id: string): Volume {
    const volume = volumes.get(id);
    if (!volume) throw new Error(`unknown volume '${id}'`);
    return volume;
  }

  function pairOf(id: string): Pair {
    const pair = pairs.get(id);
    if (!pair) throw new Error(`unknown pair '${id}'`);
    return pair;
  }

  const heldBy = (sub: Subsystem, id: string): Volume | undefined => {
    const volume = volumes.get(id);
    return volume && volume.storage === sub ? volume : undefined;
  };

  const noSuchVolume = (sub: Subsystem, id: string) => ({
    ok: false as const,
    error: 'no-such-volume' as const,
    detail: `volume '${id}' is not held by ${sub.id}`
  });

  // ---------------------------------------------------------------- writes

  function write(
    sub: Subsystem,
    epoch: number,
    volumeId: string,
    block: number,
    data: unknown,
    writer: string,
    reply: Reply<undefined>
  ): void {
    const volume = heldBy(sub, volumeId);
    if (!volume) {
      const failure = noSuchVolume(sub, volumeId);
      reject(volumeId, undefined, writer, block, failure.error, failure.detail, reply);
      return;
    }
    const pair = volume.pair;
    if (volume.ioError) {
      reject(volumeId, pair, writer, block, 'io-error', `injected I/O error on ${volumeId}`, reply);
      return;
    }
    const plan = planWrite(volume);
    switch (plan.kind) {
      case 'reject':
        reject(volumeId, pair, writer, block, plan.error, plan.detail, reply);
        return;
      case 'local':
        acknowledge(volume, block, data, writer, allocateSeq(volume, writer), reply, plan.tracked);
        return;
      case 'async': {
        const p = pair!;
        const seq = allocateSeq(volume, writer);
        if (journalUsed(p) >= remoteCopy.journalCapacity) {
          p.actor.send({ type: 'JOURNAL_FULL', journalUsed: journalUsed(p) });
          // Async pairs never fence: the write stays local and is tracked for the resync.
          acknowledge(volume, block, data, writer, seq, reply, true);
          return;
        }
        acknowledge(volume, block, data, writer, seq, reply, false);
        appendJournal(p, volume, { block, data, writer, writeSeq: seq, epoch: p.epoch });
        return;
      }
      case 'sync':
        sendSyncCopy(pair!, {
          volume,
          block,
          data,
          writer,
          writeSeq: allocateSeq(volume, writer),
          epoch,
          settled: false,
          reply
        });
        return;
    }
  }

  /** How a write to `volume` is carried out, from its pair's state and the volume's role. */
  function planWrite(volume: Volume): WritePlan {
    const pair = volume.pair;
    if (!pair) return { kind: 'local', tracked: false };
    const snapshot = pair.actor.getSnapshot();
    const ctx = snapshot.context;
    const state = pairStateOf(snapshot.value);
    if (state === 'SMPL') return { kind: 'local', tracked: false };
    if (volume.id === ctx.secondary) {
      if (state === 'SSWS') return { kind: 'local', tracked: true };
      return {
        kind: 'reject',
        error: 'read-only',
        detail: `${volume.id} is the S-VOL of ${pair.id} (${state}): read-only`
      };
    }
    switch (state) {
      case 'PAIR':
        if (pair.swapBlocked) {
          return {
            kind: 'reject',
            error: 'blocked',
            detail: `${pair.id}: swap-takeover in progress, P-VOL ${volume.id} is blocked`
          };
        }
        return { kind: ctx.mode };
      case 'PSUE':
      case 'SSWS':
        if (snapshot.hasTag('pvol-fenced')) {
          return {
            kind: 'reject',
            error: 'fenced',
            detail: `${pair.id} is ${state} (${ctx.reason}): fence level ${ctx.fenceLevel} rejects P-VOL writes`
          };
        }
        return { kind: 'local', tracked: true };
      default:
        return { kind: 'local', tracked: true };
    }
  }

  function allocateSeq(volume: Volume, writer: string): number {
    const seq = Math.max(volume.lastSeq.get(writer) ?? 0, volume.highWater.get(writer) ?? 0) + 1;
    volume.lastSeq.set(writer, seq);
    return seq;
  }

  function applyRecord(volume: Volume, block: number, record: BlockRecord): void {
    volume.blocks.set(block, record);
    if ((volume.highWater.get(record.writer) ?? 0) < record.writeSeq) {
      volume.highWater.set(record.writer, record.writeSeq);
    }
  }

  /** The write is done at its volume: apply it, count it, trace it, answer the host. */
  function acknowledge(
    volume: Volume,
    block: number,
    data: unknown,
    writer: string,
    writeSeq: number,
    reply: Reply<undefined>,
    tracked: boolean
  ): void {
    const at = sim.now();
    applyRecord(volume, block, { data, writer, at, writeSeq });
    total.writesAcknowledged++;
    const pair = volume.pair;
    if (pair) {
      pair.tally.writesAcknowledged++;
      if (tracked) markDirty(pair, block);
    }
    sim.record(volume.id, 'write-acked', { writer, writeSeq, block });
    publish({ kind: 'write-acked', at, volume: volume.id, writer, writeSeq, block });
    reply({ ok: true, value: undefined });
  }

  function reject(
    volumeId: string,
    pair: Pair | undefined,
    writer: string,
    block: number,
    error: IoErrorCode,
    detail: string,
    reply: Reply<undefined>
  ): void {
    total.writesFailed++;
    if (pair) pair.tally.writesFailed++;
    sim.record(volumeId, 'write-failed', { writer, block, error });
    publish({ kind: 'write-failed', at: sim.now(), volume: volumeId, writer, error });
    reply({ ok: false, error, detail });
  }

  function markDirty(pair: Pair, block: number): void {
    pair.dirtyBlocks.add(block);
    if (!pair.actor.getSnapshot().context.dirty) pair.actor.send({ type: 'MARK_DIRTY' });
  }

  /** An update copy applied at the S-VOL. */
  function applyCopy(pair: Pair, svol: Volume, block: number, entry: Omit<BlockRecord, 'at'>) {
    const at = sim.now();
    applyRecord(svol, block, { ...entry, at });
    total.copied++;
    pair.tally.copied++;
    sim.record(svol.id, 'copy-applied', {
      pair: pair.id,
      writer: entry.writer,
      writeSeq: entry.writeSeq,
      block
    });
    publish({
      kind: 'copy-applied',
      at,
      pair: pair.id,
      volume: svol.id,
      writer: entry.writer,
      writeSeq: entry.writeSeq
    });
  }

  // ---------------------------------------------------------------- sync copies

  /** P-VOL service done: copy over the link, apply at the S-VOL, acknowledge back. */
  function sendSyncCopy(pair: Pair, op: SyncWrite): void {
    const pvol = op.volume;
    const svol = volumeOf(pair.actor.getSnapshot().context.secondary);
    pair.inflight.add(op);
    const sent = link.send(pvol.site, svol.site, () => {
      if (op.settled || !svol.storage.up) return;
      if (svol.ioError) {
        // The remote array answers with an error: it can mark its S-VOL suspended.
        link.send(svol.site, pvol.site, () => {
          if (!op.settled) copyFailed(pair, `S-VOL ${svol.id} I/O error`, true);
        });
        return;
      }
      applyCopy(pair, svol, op.block, {
        data: op.data,
        writer: op.writer,
        writeSeq: op.writeSeq
      });
      link.send(svol.site, pvol.site, () => {
        if (op.settled) return;
        op.settled = true;
        pair.inflight.delete(op);
        commitSync(op, false);
      });
    });
    if (!sent) pathLost(pair, 'remote link down', 'link');
  }

  function commitSync(op: SyncWrite, tracked: boolean): void {
    // A P-VOL array that failed meanwhile never answers (and never applies the write).
    if (!alive(op.volume.storage, op.epoch)) return;
    acknowledge(op.volume, op.block, op.data, op.writer, op.writeSeq, op.reply, tracked);
  }

  /** The pair left PAIR: every sync write still waiting is answered per the fence level. */
  function settleInflight(pair: Pair): void {
    if (pair.inflight.size === 0) return;
    const snapshot = pair.actor.getSnapshot();
    const fenced = snapshot.hasTag('pvol-fenced');
    const state = pairStateOf(snapshot.value);
    const ops = [...pair.inflight];
    pair.inflight.clear();
    for (const op of ops) {
      op.settled = true;
      if (!alive(op.volume.storage, op.epoch)) continue;
      if (fenced) {
        const detail = `update copy failed (${snapshot.context.reason}): fence level ${snapshot.context.fenceLevel}`;
        reject(op.volume.id, pair, op.writer, op.block, 'fenced', detail, op.reply);
      } else {
        commitSync(op, state !== 'SMPL');
      }
    }
  }

  // ---------------------------------------------------------------- async journal

  const journalUsed = (pair: Pair) => pair.journal.length - pair.journalHead;

  function clearJournal(pair: Pair): void {
    pair.journal = [];
    pair.journalHead = 0;
  }

  function appendJournal(pair: Pair, pvol: Volume, entry: JournalEntry): void {
    pair.journal.push(entry);
    const svol = volumeOf(pair.actor.getSnapshot().context.secondary);
    const sent = link.send(pvol.site, svol.site, () => restoreJournal(pair, svol, entry));
    if (!sent) pathLost(pair, 'remote link down', 'link');
  }

  /** A journal entry reaches the S-VOL's array (in order) and is applied there. */
  function restoreJournal(pair: Pair, svol: Volume, entry: JournalEntry): void {
    // Copying stopped since it was sent: the entry stays pending in the journal.
    if (entry.epoch !== pair.epoch || !svol.storage.up) return;
    if (svol.ioError) {
      copyFailed(pair, `S-VOL ${svol.id} I/O error`, true);
      return;
    }
    pair.journalHead++;
    if (pair.journalHead >= 1024 && pair.journalHead * 2 >= pair.journal.length) {
      pair.journal = pair.journal.slice(pair.journalHead);
      pair.journalHead = 0;
    }
    applyCopy(pair, svol, entry.block, entry);
  }

  // ---------------------------------------------------------------- pairs

  function createPair(spec: PairSpec): Pair {
    const actor = sim.spawn(pairMachine, {
      id: spec.id,
      input: {
        id: spec.id,
        primary: spec.primary,
        secondary: spec.secondary,
        mode: spec.mode ?? remoteCopy.mode,
        fenceLevel: spec.fenceLevel ?? remoteCopy.fenceLevel,
        initialState: spec.initialState,
        initialCopyTime: remoteCopy.initialCopyTime,
        blockCopyTime: 2 * remoteCopy.latency + serviceTime
      }
    });
    const pair: Pair = {
      id: spec.id,
      actor,
      state: pairStateOf(actor.getSnapshot().value),
      epoch: 0,
      journal: [],
      journalHead: 0,
      inflight: new Set(),
      dirtyBlocks: new Set(),
      swapBlocked: false,
      tally: newTally()
    };
    actor.on('pair-state', ({ state, reason }) => onPairState(pair, state, reason));
    actor.on('command-done', ({ ref, result }) => answer(ref, { ok: true, value: result }));
    actor.on('command-refused', ({ ref, cmd, detail }) => {
      if (cmd === 'takeover') {
        publish({ kind: 'takeover', at: sim.now(), pair: pair.id, result: 'refused', detail });
      }
      answer(ref, { ok: false, error: 'refused', detail });
    });
    actor.on('takeover-done', ({ ref, kind, detail }) => {
      pair.swapBlocked = false;
      let full = detail;
      if (kind === 'svol-takeover') {
        // Whatever the S-VOL lacks now is lost: unsent journal entries, untracked updates.
        const lost = pendingOf(pair);
        pair.tally.lost += lost;
        total.lost += lost;
        clearJournal(pair);
        full = `${detail}; ${lost} acknowledged write(s) not on the S-VOL`;
      }
      publish({ kind: 'takeover', at: sim.now(), pair: pair.id, result: kind, detail: full });
      answer(ref, { ok: true, value: kind });
    });
    actor.on('swap-requested', () => startSwap(pair));
    return pair;
  }

  function onPairState(pair: Pair, state: PairState, reason: string): void {
    const from = pair.state;
    pair.state = state;
    pair.epoch++;
    pair.swapBlocked = false;
    publish({ kind: 'pair-state', at: sim.now(), pair: pair.id, from, to: state, reason });
    if (state === 'PAIR' && from === 'COPY') completeCopy(pair);
    if (state === 'SMPL') {
      clearJournal(pair);
      pair.dirtyBlocks.clear();
    }
    if (state !== 'PAIR') settleInflight(pair);
  }

  /** COPY → PAIR: the S-VOL now holds exactly what the P-VOL holds. */
  function completeCopy(pair: Pair): void {
    const { primary, secondary } = pair.actor.getSnapshot().context;
    const pvol = volumeOf(primary);
    const svol = volumeOf(secondary);
    const at = sim.now();
    svol.blocks = new Map();
    for (const [block, record] of pvol.blocks) svol.blocks.set(block, { ...record, at });
    svol.highWater = new Map(pvol.highWater);
    clearJournal(pair);
    pair.dirtyBlocks.clear();
    sim.record(svol.id, 'copy-complete', {
      pair: pair.id,
      from: pvol.id,
      blocks: pvol.blocks.size
    });
  }

  /**
   * Swap-takeover: the request travels to the P-VOL's array, which stops accepting writes and
   * answers behind every copy it already sent (so an async journal drains first).
   */
  function startSwap(pair: Pair): void {
    const { primary, secondary } = pair.actor.getSnapshot().context;
    const pvol = volumeOf(primary);
    const svol = volumeOf(secondary);
    const sent = link.send(svol.site, pvol.site, () => {
      if (!pvol.storage.up || !isSwapping(pair)) return;
      pair.swapBlocked = true;
      link.send(pvol.site, svol.site, () => {
        if (svol.storage.up && isSwapping(pair)) pair.actor.send({ type: 'SWAP_DONE' });
      });
    });
    if (!sent) pathLost(pair, 'remote link down', 'link');
  }

  const isCopying = (pair: Pair) => pair.state === 'PAIR' || pair.state === 'COPY';
  const isSwapping = (pair: Pair) => pair.actor.getSnapshot().matches({ PAIR: 'swapping' });

  function pathLost(pair: Pair, reason: string, lost: 'link' | 'primary' | 'secondary'): void {
    pair.actor.send({ type: 'PATH_LOST', reason, lost, journalUsed: journalUsed(pair) });
  }

  function copyFailed(pair: Pair, reason: string, remoteAnswered: boolean): void {
    pair.actor.send({
      type: 'COPY_FAILED',
      reason,
      remoteAnswered,
      journalUsed: journalUsed(pair)
    });
  }

  /** Writes acknowledged at the P-VOL and absent from the S-VOL (the S-VOL holds a prefix). */
  function pendingOf(pair: Pair): number {
    if (pair.state === 'SMPL') return 0;
    const { primary, secondary } = pair.actor.getSnapshot().context;
    const pvol = volumeOf(primary);
    const svol = volumeOf(secondary);
    let pending = 0;
    for (const [writer, high] of pvol.highWater) {
      pending += Math.max(0, high - (svol.highWater.get(writer) ?? 0));
    }
    return pending;
  }

  function answer(ref: number, result: IoResult<string>): void {
    const reply = replies.get(ref);
    if (!reply) return;
    replies.delete(ref);
    reply(result);
  }

  // ---------------------------------------------------------------- reads, status, commands

  function read(
    sub: Subsystem,
    volumeId: string,
    block: number,
    reply: Reply<BlockRecord | undefined>
  ): void {
    const volume = heldBy(sub, volumeId);
    if (!volume) {
      sim.record(volumeId, 'read-failed', { block, error: 'no-such-volume' });
      reply(noSuchVolume(sub, volumeId));
      return;
    }
    if (volume.ioError) {
      sim.record(volumeId, 'read-failed', { block, error: 'io-error' });
      reply({ ok: false, error: 'io-error', detail: `injected I/O error on ${volumeId}` });
      return;
    }
    sim.record(volumeId, 'read', { block });
    reply({ ok: true, value: volume.blocks.get(block) });
  }

  function viewOf(volume: Volume): PairView {
    const pair = volume.pair;
    if (!pair) {
      return {
        pair: '',
        state: 'SMPL',
        primary: volume.id,
        secondary: '',
        role: 'P',
        mode: remoteCopy.mode,
        fenceLevel: remoteCopy.fenceLevel,
        journalUsed: 0
      };
    }
    const snapshot = pair.actor.getSnapshot();
    const ctx = snapshot.context;
    return {
      pair: pair.id,
      state: pairStateOf(snapshot.value),
      primary: ctx.primary,
      secondary: ctx.secondary,
      role: volume.id === ctx.primary ? 'P' : 'S',
      mode: ctx.mode,
      fenceLevel: ctx.fenceLevel,
      journalUsed: journalUsed(pair)
    };
  }

  function pairStatus(sub: Subsystem, volumeId: string, reply: Reply<PairView>): void {
    const volume = heldBy(sub, volumeId);
    if (!volume) {
      reply(noSuchVolume(sub, volumeId));
      return;
    }
    const view = viewOf(volume);
    sim.record(volumeId, 'pair-status', { state: view.state, role: view.role });
    reply({ ok: true, value: view });
  }

  function command(sub: Subsystem, volumeId: string, cmd: PairCommand, reply: Reply<string>) {
    const volume = heldBy(sub, volumeId);
    if (!volume) {
      reply(noSuchVolume(sub, volumeId));
      return;
    }
    const pair = volume.pair;
    if (!pair) {
      const detail = `volume '${volumeId}' is not defined in any pair`;
      if (cmd === 'takeover') {
        publish({ kind: 'takeover', at: sim.now(), pair: '', result: 'refused', detail });
      }
      sim.record(volumeId, 'command-refused', { cmd });
      reply({ ok: false, error: 'refused', detail });
      return;
    }
    const ref = ++nextRef;
    // Every command event yields exactly one outcome carrying `ref` (now, or after a swap).
    replies.set(ref, reply);
    pair.actor.send(commandEvent(pair, volume, cmd, ref));
  }

  function commandEvent(pair: Pair, volume: Volume, cmd: PairCommand, ref: number) {
    const ctx = pair.actor.getSnapshot().context;
    const reach: PairReach = {
      linkUp: link.isUp(),
      primaryUp: volumeOf(ctx.primary).storage.up,
      secondaryUp: volumeOf(ctx.secondary).storage.up
    };
    const dirtyBlocks = pair.dirtyBlocks.size;
    const events: Record<PairCommand, PairMachineEvent> = {
      create: { type: 'CREATE', ref, ...reach },
      split: { type: 'SPLIT', ref },
      resync: { type: 'RESYNC', ref, dirtyBlocks, ...reach },
      swap: { type: 'SWAP', ref, dirtyBlocks, ...reach },
      delete: { type: 'DELETE', ref },
      takeover: {
        type: 'TAKEOVER',
        ref,
        onSecondary: volume.id === ctx.secondary,
        journalUsed: journalUsed(pair),
        ...reach
      }
    };
    return events[cmd];
  }

  // ---------------------------------------------------------------- the side

  const countersOf = (tally: Tally, pending: number): StorageCounters => ({
    writesAcknowledged: tally.writesAcknowledged,
    writesFailed: tally.writesFailed,
    copied: tally.copied,
    pending,
    lost: tally.lost
  });

  return {
    storages: {
      'prod-storage': storages['prod-storage'].api,
      'standby-storage': storages['standby-storage'].api
    },
    link,
    events$: events.asObservable(),
    pairView: (pairId) => {
      const pair = pairOf(pairId);
      return viewOf(volumeOf(pair.actor.getSnapshot().context.primary));
    },
    storageOf: (volume) => volumeOf(volume).storage.api,
    highWater: (volume, writer) => volumeOf(volume).highWater.get(writer) ?? 0,
    peekBlock: (volume, block) => volumeOf(volume).blocks.get(block),
    counters: () => {
      let pending = 0;
      for (const pair of pairs.values()) pending += pendingOf(pair);
      return countersOf(total, pending);
    },
    countersOf: (pairId) => {
      const pair = pairOf(pairId);
      return countersOf(pair.tally, pendingOf(pair));
    }
  };
}
