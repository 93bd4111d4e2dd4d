/**
 * Storage-side parts built one by one (no assembly): a simulation, the remote link, the two
 * subsystems (serving nothing), the volume registry and one pair, so that a single concept module
 * can be tested alone against them. Also a marble-style rendering of timed events on the sim clock.
 */
import { createRemoteLink, type RemoteLink } from '../../actors/storage/createRemoteLink';
import { createPair } from '../../actors/storage/pairs';
import { newTally, type Pair, type Subsystem } from '../../actors/storage/records';
import { createSubsystem, type IoServer } from '../../actors/storage/subsystems';
import type { PairSpec, StorageId } from '../../actors/storage/types';
import { createVolumes, type Volumes } from '../../actors/storage/volumes';
import { DEFAULT_CONFIG, type RemoteCopyConfig } from '../../model/config';
import type { SiteId } from '../../model/storageTypes';
import { createSimulation, type Simulation } from '../../sim';

export interface Parts {
  sim: Simulation;
  link: RemoteLink;
  storages: Record<StorageId, Subsystem>;
  volumes: Volumes;
  pair: Pair;
  /** Run the simulation `ms` further. */
  advance(ms: number): void;
}

const noServer: IoServer = {
  write: () => undefined,
  read: () => undefined,
  pairStatus: () => undefined,
  command: () => undefined
};

/** The parts around one pair `prod-data` → `standby-data` (id `data-pair`). */
export function createParts(
  remoteCopy: Partial<RemoteCopyConfig> = {},
  spec: Partial<PairSpec> = {}
): Parts {
  const config = { ...DEFAULT_CONFIG.remoteCopy, ...remoteCopy };
  const sim = createSimulation({ seed: 1, trace: 'full' });
  const link = createRemoteLink(sim, config, () => undefined);
  const volumes = createVolumes(sim, (site: SiteId) =>
    site === 'production' ? storages['prod-storage'] : storages['standby-storage']
  );
  const ports = {
    serviceTime: 1,
    publish: () => undefined,
    volumes,
    pairs: () => [],
    server: noServer
  };
  const storages: Record<StorageId, Subsystem> = {
    'prod-storage': createSubsystem(sim, 'prod-storage', ports),
    'standby-storage': createSubsystem(sim, 'standby-storage', ports)
  };
  const full: PairSpec = {
    id: 'data-pair',
    kind: 'data',
    primary: 'prod-data',
    secondary: 'standby-data',
    initialState: 'PAIR',
    ...spec
  };
  const primary = volumes.add(full.primary, 'production', full.kind);
  const secondary = volumes.add(full.secondary, 'standby', full.kind);
  const pair = createPair(sim, full, {
    remoteCopy: config,
    serviceTime: 1,
    publish: () => undefined,
    total: newTally(),
    link,
    volumes,
    syncCopy: { settleInflight: () => undefined },
    answer: () => undefined
  });
  primary.pair = pair;
  secondary.pair = pair;
  return { sim, link, storages, volumes, pair, advance: (ms) => sim.runUntil(sim.now() + ms) };
}

/**
 * Marble-style rendering of timed events: one character per `frame` ms from t = 0 over `frames`
 * frames, `-` for an empty frame, the event's letter, or `(ab)` when several share a frame.
 */
export function marbles(events: { at: number; letter: string }[], frame: number, frames: number) {
  const slots: string[][] = Array.from({ length: frames }, () => []);
  for (const e of events) {
    if (e.at % frame !== 0)
      throw new Error(`event ${e.letter} at ${e.at} is off the ${frame} ms grid`);
    const slot = slots[e.at / frame];
    if (!slot) throw new Error(`event ${e.letter} at ${e.at} is past ${frames} frames`);
    slot.push(e.letter);
  }
  return slots
    .map((s) => (s.length === 0 ? '-' : s.length === 1 ? s[0] : `(${s.join('')})`))
    .join('');
}
