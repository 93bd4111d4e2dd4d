/**
 * Remote-copy pairs: one {@link pairMachine} per pair decides its CCI state; this module reacts to
 * what the chart announces. A state change bumps the copy epoch (stale copies are never applied),
 * answers the sync writes in flight, and COPY → PAIR makes the S-VOL a copy of the P-VOL. A
 * swap-takeover travels to the P-VOL's array, which blocks its writes and answers behind every
 * copy already sent; an svol-takeover counts what the S-VOL lacks as lost. Also the pair as
 * `pairdisplay` shows it ({@link viewOf}) and what its S-VOL still lacks ({@link pendingOf}).
 */
import { pairMachine, pairStateOf } from '../../machines/pairMachine';
import type { RemoteCopyConfig } from '../../model/config';
import type { IoResult, PairState, PairView, StorageEvent } from '../../model/storageTypes';
import type { Simulation } from '../../sim';
import type { RemoteLink } from './createRemoteLink';
import { createJournal } from './journal';
import { isSwapping, newTally, pathLost, type Pair, type Tally, type Volume } from './records';
import type { SyncCopy } from './syncCopy';
import type { PairSpec } from './types';
import type { Volumes } from './volumes';
import { emittedBy } from '../../sim/emittedBy';

export interface PairPorts {
  remoteCopy: RemoteCopyConfig;
  serviceTime: number;
  publish(event: StorageEvent): void;
  /** Totals over every volume (an svol-takeover adds its lost writes). */
  total: Tally;
  link: Pick<RemoteLink, 'send'>;
  volumes: Pick<Volumes, 'volumeOf'>;
  syncCopy: Pick<SyncCopy, 'settleInflight'>;
  /** Answer the pair command issued under `ref`. */
  answer(ref: number, result: IoResult<string>): void;
  /** At an svol-takeover, what the S-VOL lacks (default {@link pendingOf}; mutation checks). */
  lostAtTakeover?: (pair: Pair, volumes: Pick<Volumes, 'volumeOf'>) => number;
}

/** Spawn the pair of `spec` on `sim` (traced under the pair id). */
export function createPair(sim: Simulation, spec: PairSpec, ports: PairPorts): Pair {
  const { remoteCopy, publish, total, link, volumes, answer } = ports;
  const lostAtTakeover = ports.lostAtTakeover ?? pendingOf;
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
      blockCopyTime: 2 * remoteCopy.latency + ports.serviceTime
    }
  });
  const pair: Pair = {
    id: spec.id,
    actor,
    state: pairStateOf(actor.getSnapshot().value),
    epoch: 0,
    journal: createJournal(remoteCopy.journalCapacity),
    inflight: [],
    dirtyBlocks: new Set(),
    swapBlocked: false,
    tally: newTally()
  };

  /** COPY → PAIR: the S-VOL now holds exactly what the P-VOL holds. */
  const completeCopy = (): void => {
    const { primary, secondary } = actor.getSnapshot().context;
    const pvol = volumes.volumeOf(primary);
    const svol = volumes.volumeOf(secondary);
    const at = sim.now();
    svol.blocks = new Map();
    for (const [block, record] of pvol.blocks) svol.blocks.set(block, { ...record, at });
    svol.highWater = new Map(pvol.highWater);
    pair.journal.clear();
    pair.dirtyBlocks.clear();
    sim.record(svol.id, 'copy-complete', {
      pair: pair.id,
      from: pvol.id,
      blocks: pvol.blocks.size
    });
  };

  /**
   * Swap-takeover: the request travels to the P-VOL's array, which stops accepting writes and
   * answers behind every copy it already sent (so an async journal drains first).
   */
  const startSwap = (): void => {
    const { primary, secondary } = actor.getSnapshot().context;
    const pvol = volumes.volumeOf(primary);
    const svol = volumes.volumeOf(secondary);
    const sent = link.send(svol.site, pvol.site, () => {
      if (!pvol.storage.up || !isSwapping(pair)) return;
      pair.swapBlocked = true;
      link.send(pvol.site, svol.site, () => {
        if (svol.storage.up && isSwapping(pair)) actor.send({ type: 'SWAP_DONE' });
      });
    });
    if (!sent) pathLost(pair, 'remote link down', 'link');
  };

  const onPairState = (state: PairState, reason: string): void => {
    const from = pair.state;
    pair.state = state;
    pair.epoch++;
    pair.swapBlocked = false;
    publish({ kind: 'pair-state', at: sim.now(), pair: pair.id, from, to: state, reason });
    if (state === 'PAIR' && from === 'COPY') completeCopy();
    if (state === 'SMPL') {
      pair.journal.clear();
      pair.dirtyBlocks.clear();
    }
    if (state !== 'PAIR') ports.syncCopy.settleInflight(pair);
  };

  const on = emittedBy(actor);
  on('pair-state', ({ state, reason }) => onPairState(state, reason));
  on('command-done', ({ ref, result }) => answer(ref, { ok: true, value: result }));
  on('command-refused', ({ ref, cmd, detail }) => {
    if (cmd === 'takeover') {
      publish({ kind: 'takeover', at: sim.now(), pair: pair.id, result: 'refused', detail });
    }
    answer(ref, { ok: false, error: 'refused', detail });
  });
  on('takeover-done', ({ ref, kind, detail }) => {
    pair.swapBlocked = false;
    let full = detail;
    if (kind === 'svol-takeover') {
      // Whatever the S-VOL lacks now is lost: unsent journal entries, untracked updates.
      const lost = lostAtTakeover(pair, volumes);
      pair.tally.lost += lost;
      total.lost += lost;
      pair.journal.clear();
      full = `${detail}; ${lost} acknowledged write(s) not on the S-VOL`;
    }
    publish({ kind: 'takeover', at: sim.now(), pair: pair.id, result: kind, detail: full });
    answer(ref, { ok: true, value: kind });
  });
  on('swap-requested', () => startSwap());
  return pair;
}

/** Writes acknowledged at the P-VOL and absent from the S-VOL (the S-VOL holds a prefix). */
export function pendingOf(pair: Pair, volumes: Pick<Volumes, 'volumeOf'>): number {
  if (pair.state === 'SMPL') return 0;
  const { primary, secondary } = pair.actor.getSnapshot().context;
  const pvol = volumes.volumeOf(primary);
  const svol = volumes.volumeOf(secondary);
  let pending = 0;
  for (const [writer, high] of pvol.highWater) {
    pending += Math.max(0, high - (svol.highWater.get(writer) ?? 0));
  }
  return pending;
}

/** `pairdisplay` of `volume`: its pair as seen from it (SMPL, role P, when unpaired). */
export function viewOf(volume: Volume, remoteCopy: RemoteCopyConfig): PairView {
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
    journalUsed: pair.journal.used()
  };
}
