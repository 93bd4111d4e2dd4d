/**
 * A sweep: a grid of configurations × fault kinds, `seeds` runs per cell, each cell's fault placed
 * at a phase drawn from the run's seed. Run `i` of a sweep is a pure function of the
 * {@link SweepSpec} (plain data), so batches of runs can go to any thread or machine and be put
 * back together by index.
 */
import type { FaultEntry, Scenario } from '../model/scenario';
import { resolveConfig } from '../model/config';
import { createRandom } from '../sim/createRandom';
import { runScenario } from '../world/runScenario';
import { cellMetrics, type RunMetrics } from './cellMetrics';
import { scheduleSeed } from './scheduleSeed';

/** The fault kinds a sweep can place. */
export const SWEEP_FAULTS = [
  'crash',
  'storage-crash',
  'partition',
  'link-cut',
  'hang',
  'disaster',
  'lossy-network',
  'none'
] as const;

/** A fault kind of a sweep. */
export type SweepFault = (typeof SWEEP_FAULTS)[number];

/** Fault kinds after which production cannot serve any more (a failover is the right answer). */
export const REAL_FAILURES: readonly SweepFault[] = ['crash', 'storage-crash', 'disaster'];

/** A grid value: a configuration value as written (duration strings are kept as written). */
export type GridValue = string | number | boolean;

/** One cell: the configuration values chosen and the fault kind. */
export interface SweepCell {
  index: number;
  /** Grid key (`heartbeat.timeout`) → value as written. */
  values: Record<string, GridValue>;
  fault: SweepFault;
  /** The cell's scenario without its fault (durations in ms, config overrides applied). */
  base: Scenario;
}

/** A sweep, ready to run (plain data). */
export interface SweepSpec {
  name: string;
  /** Seed of the runs' seeds. */
  seed: number;
  /** Runs per cell. */
  seeds: number;
  /** Earliest time of the fault, ms; the fault comes at this plus a phase in [0, interval). */
  faultAtMs: number;
  /** How long a non-permanent fault lasts, ms. */
  faultForMs: number;
  /** The grid keys, in file order. */
  keys: string[];
  cells: SweepCell[];
}

/** One run of a sweep. */
export interface SweepRun extends RunMetrics {
  cell: number;
  seed: number;
  faultAtMs: number;
}

/** Runs `[from, to)` of a sweep. */
export interface SweepBatchResult {
  from: number;
  to: number;
  runs: SweepRun[];
}

/** How many runs a sweep has. */
export function sweepTotal(spec: SweepSpec): number {
  return spec.cells.length * spec.seeds;
}

/** The scenario of run `i` (cell `i / seeds`, seed number `i % seeds`), and where its fault is. */
export function sweepScenario(
  spec: SweepSpec,
  i: number
): { cell: SweepCell; scenario: Scenario; faultAtMs: number } {
  const cell = spec.cells[Math.floor(i / spec.seeds)];
  // The same seeds in every cell: cells differ by their configuration only (common random numbers).
  const seed = scheduleSeed(spec.seed, i % spec.seeds);
  const config = resolveConfig(cell.base.config);
  const random = createRandom(seed).fork('sweep');
  const faultAtMs = Math.round(spec.faultAtMs + random.next() * config.heartbeat.interval);
  const holdMs = Math.round(config.heartbeat.timeout * random.between(0.5, 1.5));
  const faults = faultEntries(cell.fault, faultAtMs, spec.faultForMs, holdMs);
  return {
    cell,
    faultAtMs,
    scenario: {
      ...cell.base,
      name: `${spec.name}-${cell.index}-${i % spec.seeds}`,
      seed,
      faults,
      expect: {}
    }
  };
}

/** The timeline entries of a fault kind at `at`. */
function faultEntries(fault: SweepFault, at: number, forMs: number, holdMs: number): FaultEntry[] {
  switch (fault) {
    case 'crash':
      return [{ at, action: 'crash', target: 'prod-1' }];
    case 'storage-crash':
      return [{ at, action: 'crash', target: 'prod-storage' }];
    case 'partition':
      return [{ at, action: 'partition', target: 'network', direction: 'both', for: forMs }];
    case 'link-cut':
      return [{ at, action: 'cut', target: 'remote-link', for: forMs }];
    case 'hang':
      // Around the timeout: from half of it to one and a half times it.
      return [{ at, action: 'hang', target: 'prod-1', for: holdMs }];
    case 'disaster':
      return [{ at, action: 'disaster', target: 'production' }];
    case 'lossy-network':
      return [{ at, action: 'degrade', target: 'network', loss: 0.3, for: forMs }];
    case 'none':
      return [];
  }
}

/** Run runs `[from, to)` of a sweep. */
export function runSweepBatch(
  spec: SweepSpec,
  from: number,
  to: number,
  onProgress?: (done: number) => void
): SweepBatchResult {
  const runs: SweepRun[] = [];
  for (let i = from; i < to; i++) {
    const { cell, scenario, faultAtMs } = sweepScenario(spec, i);
    const run = runScenario(scenario, { trace: 'off' });
    runs.push({
      cell: cell.index,
      seed: scenario.seed,
      faultAtMs,
      ...cellMetrics(run.report, {
        atMs: faultAtMs,
        realFailure: REAL_FAILURES.includes(cell.fault)
      })
    });
    onProgress?.(i + 1 - from);
  }
  return { from, to, runs };
}
