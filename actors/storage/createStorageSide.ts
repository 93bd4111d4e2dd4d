/**
 * The storage side of the simulated world: two storage subsystems (`prod-storage` at site
 * production, `standby-storage` at site standby), their volumes, the remote-copy pairs between
 * them and the remote link (`remote-link`). This module only assembles one module per concept:
 * subsystems, volumes, writes, outcomes, the sync copy, the async copy and its journal, pairs,
 * commands, and the observer view.
 *
 * Statecharts decide (a {@link storageMachine} per subsystem, a {@link pairMachine} per pair, the
 * link's machine); everything bulky moves as clock callbacks: each I/O, each copy, each
 * acknowledgement is a timer on `sim.clock`, recorded in the trace with `sim.record`, never an
 * XState event. The modules read the charts synchronously with `getSnapshot()`.
 *
 * Who gets what: a host is handed only its own site's `StorageApi` (`storages[id]`) and learns
 * everything by I/O; the fault layer gets the {@link StorageControl} and link hooks; the
 * {@link StorageObserverView} (high-water marks, peeks, counters, `pairView`) is god's-eye and is
 * for observers only — no host and no decision may read it.
 *
 * Timings (L = one-way link latency, S = service time): a read, a local write, an async write,
 * a pair status query and a pair command answer after S; a sync write in PAIR is applied at the
 * S-VOL at S + L and acknowledged at S + 2L; a swap-takeover answers after S + 2L (plus the
 * time to drain an async journal); an svol-takeover after S.
 */
import { Subject } from 'rxjs';
import type { SiteId, StorageEvent } from '../../model/storageTypes';
import type { Simulation } from '../../sim';
import { createAsyncCopy } from './asyncCopy';
import { createCommands } from './commands';
import { createRemoteLink } from './createRemoteLink';
import { createObserverView } from './observerView';
import type { StorageOverrides } from './overrides';
import { createOutcomes } from './outcomes';
import { createPair } from './pairs';
import { isCopying, newTally, pathLost, type Pair, type Subsystem } from './records';
import { createSubsystem, type IoServer } from './subsystems';
import { createSyncCopy } from './syncCopy';
import type { StorageId, StorageSide, StorageSideOptions } from './types';
import { createVolumes } from './volumes';
import { createWrites } from './writes';

export type { RemoteLinkControl } from './createRemoteLink';
export { STORAGE_SITES } from './types';
export type { StorageOverrides } from './overrides';
export type {
  PairSpec,
  StorageControl,
  StorageCounters,
  StorageId,
  StorageObserverView,
  StorageSide,
  StorageSideOptions
} from './types';

/**
 * Build the storage side on `sim`: spawns `remote-link`, `prod-storage`, `standby-storage` and
 * one pair actor per pair spec (id = pair id), in that order. `overrides` (mutation checks only)
 * replace parts of its behaviour.
 */
export function createStorageSide(
  sim: Simulation,
  options: StorageSideOptions,
  overrides: StorageOverrides = {}
): StorageSide {
  const { remoteCopy } = options;
  const serviceTime = options.storage.serviceTime;
  const events = new Subject<StorageEvent>();
  const publish = (event: StorageEvent) => events.next(event);
  const pairs = new Map<string, Pair>();
  const total = newTally();

  const link = createRemoteLink(sim, remoteCopy, (state) => {
    publish({ kind: 'link-state', at: sim.now(), link: link.id, state });
    if (state !== 'down') return;
    for (const pair of pairs.values()) {
      if (isCopying(pair)) pathLost(pair, 'remote link down', 'link');
    }
  });

  const volumes = createVolumes(sim, (site: SiteId) => storages[siteStorage[site]]);
  const outcomes = createOutcomes(sim, { publish, total });
  const syncCopy = createSyncCopy({ link, volumes, outcomes });
  const asyncCopy = (overrides.asyncCopy ?? createAsyncCopy)({ link, volumes, outcomes });
  const write = createWrites({
    volumes,
    outcomes,
    syncCopy,
    asyncCopy,
    plan: overrides.planWrite
  });
  const commands = createCommands(sim, { remoteCopy, publish, link, volumes });
  const server: IoServer = {
    write,
    read: volumes.read,
    pairStatus: commands.pairStatus,
    command: commands.command
  };
  const subsystemPorts = { serviceTime, publish, volumes, pairs: () => pairs.values(), server };
  const storages: Record<StorageId, Subsystem> = {
    'prod-storage': createSubsystem(sim, 'prod-storage', subsystemPorts),
    'standby-storage': createSubsystem(sim, 'standby-storage', subsystemPorts)
  };

  const pairPorts = {
    remoteCopy,
    serviceTime,
    publish,
    total,
    link,
    volumes,
    syncCopy,
    lostAtTakeover: overrides.lostAtTakeover
  };
  for (const spec of options.pairs) {
    if (pairs.has(spec.id)) throw new Error(`duplicate pair id '${spec.id}'`);
    const primarySite = spec.primarySite ?? 'production';
    const secondarySite: SiteId = primarySite === 'production' ? 'standby' : 'production';
    const primary = volumes.add(spec.primary, primarySite, spec.kind);
    const secondary = volumes.add(spec.secondary, secondarySite, spec.kind);
    const pair = createPair(sim, spec, { ...pairPorts, answer: commands.answer });
    primary.pair = pair;
    secondary.pair = pair;
    pairs.set(spec.id, pair);
  }
  for (const v of options.volumes ?? []) volumes.add(v.id, v.site, v.kind);

  return {
    storages: {
      'prod-storage': storages['prod-storage'].api,
      'standby-storage': storages['standby-storage'].api
    },
    link,
    events$: events.asObservable(),
    storageOf: (volume) => volumes.volumeOf(volume).storage.api,
    ...createObserverView({ remoteCopy, volumes, pairs, total })
  };
}

const siteStorage: Record<SiteId, StorageId> = {
  production: 'prod-storage',
  standby: 'standby-storage'
};
