/**
 * A scenario-free harness for the storage side: one simulation, the two subsystems, a data pair
 * (`prod-data` → `standby-data`) and a heartbeat pair (`prod-hb` → `standby-hb`), and helpers that
 * issue I/O and capture when and what it answered.
 */
import type { Observable } from 'rxjs';
import {
  createStorageSide,
  type PairSpec,
  type StorageOverrides,
  type StorageSide
} from '../../actors/storage/createStorageSide';
import { DEFAULT_CONFIG, type RemoteCopyConfig, type StorageConfig } from '../../model/config';
import type { IoResult, PairCommand, StorageEvent } from '../../model/storageTypes';
import { createSimulation, type Simulation, type SimulationOptions } from '../../sim';

export interface HarnessOptions {
  remoteCopy?: Partial<RemoteCopyConfig>;
  storage?: Partial<StorageConfig>;
  pairs?: PairSpec[];
  sim?: SimulationOptions;
  volumes?: Parameters<typeof createStorageSide>[1]['volumes'];
  /** Replaced storage behaviour (mutation checks). */
  overrides?: StorageOverrides;
}

/** What an I/O answered, and when (simulated ms); `result` stays undefined while unanswered. */
export interface Captured<T> {
  issuedAt: number;
  result?: IoResult<T>;
  at?: number;
  completed: boolean;
}

export const DATA_PAIR: PairSpec = {
  id: 'data-pair',
  kind: 'data',
  primary: 'prod-data',
  secondary: 'standby-data',
  initialState: 'PAIR'
};

export const HB_PAIR: PairSpec = {
  id: 'hb-pair',
  kind: 'heartbeat',
  primary: 'prod-hb',
  secondary: 'standby-hb',
  initialState: 'PAIR'
};

export interface Harness {
  sim: Simulation;
  side: StorageSide;
  events: StorageEvent[];
  prod: StorageSide['storages']['prod-storage'];
  standby: StorageSide['storages']['standby-storage'];
  /** Subscribe to an I/O and capture its answer. */
  capture<T>(io: Observable<IoResult<T>>): Captured<T>;
  /** Write `block` of `volume` at its holding subsystem. */
  write(volume: string, block: number, data: unknown, writer?: string): Captured<undefined>;
  read(volume: string, block: number): Captured<unknown>;
  /** A pair command issued on `volume` at its holding subsystem. */
  command(volume: string, cmd: PairCommand): Captured<string>;
  /** Run the simulation `ms` further. */
  advance(ms: number): void;
  /** Pair state as the god's-eye view sees it. */
  state(pair?: string): string;
  eventsOf<K extends StorageEvent['kind']>(kind: K): Extract<StorageEvent, { kind: K }>[];
}

/** Build a storage side with the default configuration (link jitter 0), optionally overridden. */
export function createHarness(options: HarnessOptions = {}): Harness {
  const sim = createSimulation({ seed: 1, trace: 'full', ...options.sim });
  const side = createStorageSide(
    sim,
    {
      // An exact link (no jitter) unless a test asks for one: the timings below are derived exactly.
      remoteCopy: { ...DEFAULT_CONFIG.remoteCopy, jitter: 0, ...options.remoteCopy },
      storage: { ...DEFAULT_CONFIG.storage, ...options.storage },
      pairs: options.pairs ?? [DATA_PAIR, HB_PAIR],
      volumes: options.volumes
    },
    options.overrides
  );
  const events: StorageEvent[] = [];
  side.events$.subscribe((e) => events.push(e));

  const capture = <T>(io: Observable<IoResult<T>>): Captured<T> => {
    const c: Captured<T> = { issuedAt: sim.now(), completed: false };
    io.subscribe({
      next: (result) => {
        c.result = result;
        c.at = sim.now();
      },
      complete: () => {
        c.completed = true;
      }
    });
    return c;
  };

  return {
    sim,
    side,
    events,
    prod: side.storages['prod-storage'],
    standby: side.storages['standby-storage'],
    capture,
    write: (volume, block, data, writer = 'prod-1') =>
      capture(side.storageOf(volume).write(volume, block, data, writer)),
    read: (volume, block) => capture(side.storageOf(volume).read(volume, block)),
    command: (volume, cmd) => capture(side.storageOf(volume).command(volume, cmd)),
    advance: (ms) => sim.runUntil(sim.now() + ms),
    state: (pair = 'data-pair') => side.pairView(pair).state,
    eventsOf: (kind) => events.filter((e) => e.kind === kind) as never
  };
}

/** Assert that an I/O answered ok and return its value. */
export function okValue<T>(c: Captured<T>): T {
  if (!c.result) throw new Error('I/O not answered');
  if (!c.result.ok) throw new Error(`I/O failed: ${c.result.error}: ${c.result.detail}`);
  return c.result.value;
}

/** The error code of a failed I/O. */
export function errorOf<T>(c: Captured<T>): string | undefined {
  return c.result && !c.result.ok ? c.result.error : undefined;
}
