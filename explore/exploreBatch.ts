/**
 * Exploration cut into pieces that can run anywhere — this thread, a worker thread, a shard, a
 * worker process behind a job queue — and be merged into the very summary a single run gives:
 *
 * - a {@link ExploreSpec} (plain data) names the schedules: schedule `i` is a pure function of it;
 * - {@link runExploreBatch} runs schedules `[from, to)` and returns a {@link BatchResult} (plain
 *   JSON: sums, sets as sorted arrays, the first schedule of each kind found);
 * - {@link mergeBatches} folds batch results in any order into the same {@link ExploreTotals}
 *   (sums and unions commute; the first schedule of a kind is the one with the lowest index);
 * - {@link shrinkFirst} shrinks one first schedule (deterministic, so wherever it runs it gives
 *   the same minimal schedule).
 */
import type { Scenario } from '../model/scenario';
import { describeFinding } from '../monitors/monitorReport';
import type { MonitorKey } from '../monitors/monitorWorld';
import { createRandom } from '../sim/createRandom';
import { exhaustivePlacements } from './exhaustiveSchedules';
import { defaultSpace, randomSchedule, type ScheduleSpace } from './randomSchedule';
import {
  FINDING_KEYS,
  keysFound,
  runSchedule,
  type RunScheduleOptions,
  VIOLATION_KEYS,
  type ScheduleOutcome
} from './runSchedule';
import { scheduleSeed } from './scheduleSeed';
import { shrinkSchedule } from './shrinkSchedule';

/** Which schedules an exploration runs (plain data: it crosses threads and machines). */
export interface ExploreSpec {
  /** Topology and configuration explored (faults and expectations ignored). */
  base: Scenario;
  mode: { kind: 'random'; count: number; seed: number } | { kind: 'exhaustive'; limit?: number };
  /** Simulated length of each run (default 80 s). */
  duration?: number;
  /** Most faults per random schedule (default 3). */
  maxFaults?: number;
}

/** The schedules of a spec, by index. */
export interface ExplorePlan {
  space: ScheduleSpace;
  total: number;
  /** Exhaustive: placements of one fault and of pairs. */
  depths: { single: number; pairs: number } | null;
  scenarioAt(i: number): Scenario;
}

/** What schedules `[from, to)` found (plain JSON). */
export interface BatchResult {
  from: number;
  to: number;
  simulatedMs: number;
  events: number;
  failing: number;
  notHealed: number;
  /** Schedules with each key, violations and findings alike. */
  counts: Partial<Record<MonitorKey, number>>;
  /** Distinct abstract states (sorted), values reached and alert kinds (sorted). */
  states: number[];
  reached: string[];
  alerts: string[];
  /** The first schedule of the batch with each key. */
  first: Partial<Record<MonitorKey, { index: number; scenario: Scenario }>>;
  /** Indexes of the first (up to 20) schedules with each violation key (the soak reports them). */
  failingIndexes: Partial<Record<MonitorKey, number[]>>;
}

/** Batch results merged. */
export interface ExploreTotals {
  schedules: number;
  simulatedMs: number;
  events: number;
  failing: number;
  notHealed: number;
  counts: Partial<Record<MonitorKey, number>>;
  states: Set<number>;
  reached: Set<string>;
  alerts: Set<string>;
  first: Partial<Record<MonitorKey, { index: number; scenario: Scenario }>>;
  failingIndexes: Partial<Record<MonitorKey, number[]>>;
}

/** A shrunk first schedule (plain JSON). */
export interface ShrunkExample {
  key: MonitorKey;
  index: number;
  original: Scenario;
  scenario: Scenario;
  runs: number;
  detail: string;
}

const MAX_FAILING_INDEXES = 20;

/** The schedules a spec names. */
export function planExplore(spec: ExploreSpec): ExplorePlan {
  const space = defaultSpace(spec.base, { duration: spec.duration, maxFaults: spec.maxFaults });
  const mode = spec.mode;
  if (mode.kind === 'random') {
    return {
      space,
      total: mode.count,
      depths: null,
      scenarioAt: (i) => {
        const seed = scheduleSeed(mode.seed, i);
        return randomSchedule(createRandom(seed).fork('schedule'), space, seed);
      }
    };
  }
  const all = exhaustivePlacements(space);
  const chosen = mode.limit === undefined ? all : spread(all, mode.limit);
  return {
    space,
    total: chosen.length,
    depths: {
      single: chosen.filter((p) => p.depth === 1).length,
      pairs: chosen.filter((p) => p.depth === 2).length
    },
    scenarioAt: (i) => chosen[i].scenario
  };
}

/** An empty batch result for `[from, from)`. */
function emptyBatch(from: number, to: number): BatchResult {
  return {
    from,
    to,
    simulatedMs: 0,
    events: 0,
    failing: 0,
    notHealed: 0,
    counts: {},
    states: [],
    reached: [],
    alerts: [],
    first: {},
    failingIndexes: {}
  };
}

/** Program and storage overrides of a run (mutation checks): never set by a command line. */
export type Overrides = Pick<RunScheduleOptions, 'machines' | 'storage'>;

/** Only the overrides of `options`. */
export function overridesOf(options: Overrides): Overrides {
  return { machines: options.machines, storage: options.storage };
}

/**
 * Run schedules `[from, to)` of `spec`.
 *
 * @param onEach - called after each schedule with the number done in this batch.
 */
export function runExploreBatch(
  spec: ExploreSpec,
  from: number,
  to: number,
  options: Overrides & { onEach?: (done: number, failing: number) => void } = {},
  plan: ExplorePlan = planExplore(spec)
): BatchResult {
  const result = emptyBatch(from, to);
  const states = new Set<number>();
  const reached = new Set<string>();
  const alerts = new Set<string>();
  for (let i = from; i < to; i++) {
    const scenario = plan.scenarioAt(i);
    const outcome = runSchedule(scenario, overridesOf(options));
    result.simulatedMs += outcome.simulatedMs;
    result.events += outcome.events;
    for (const s of outcome.states) states.add(s);
    for (const r of outcome.reached) reached.add(r);
    for (const a of outcome.alerts) alerts.add(a);
    if (outcome.notHealed) result.notHealed++;
    for (const key of keysFound(outcome)) {
      result.counts[key] = (result.counts[key] ?? 0) + 1;
      if (!result.first[key]) result.first[key] = { index: i, scenario };
      if (key in outcome.violations) {
        const list = (result.failingIndexes[key] ??= []);
        if (list.length < MAX_FAILING_INDEXES) list.push(i);
      }
    }
    if (Object.keys(outcome.violations).length > 0) result.failing++;
    options.onEach?.(i + 1 - from, result.failing);
  }
  result.states = [...states].sort((a, b) => a - b);
  result.reached = [...reached].sort();
  result.alerts = [...alerts].sort();
  return result;
}

/** Merge batch results (any order, each schedule once) into totals. */
export function mergeBatches(batches: readonly BatchResult[]): ExploreTotals {
  const totals: ExploreTotals = {
    schedules: 0,
    simulatedMs: 0,
    events: 0,
    failing: 0,
    notHealed: 0,
    counts: {},
    states: new Set(),
    reached: new Set(),
    alerts: new Set(),
    first: {},
    failingIndexes: {}
  };
  const ordered = [...batches].sort((a, b) => a.from - b.from);
  for (const b of ordered) {
    totals.schedules += b.to - b.from;
    totals.simulatedMs += b.simulatedMs;
    totals.events += b.events;
    totals.failing += b.failing;
    totals.notHealed += b.notHealed;
    for (const [key, n] of entries(b.counts)) totals.counts[key] = (totals.counts[key] ?? 0) + n;
    for (const s of b.states) totals.states.add(s);
    for (const r of b.reached) totals.reached.add(r);
    for (const a of b.alerts) totals.alerts.add(a);
    for (const [key, first] of entries(b.first)) {
      const known = totals.first[key];
      if (!known || first.index < known.index) totals.first[key] = first;
    }
    for (const [key, list] of entries(b.failingIndexes)) {
      const merged = [...(totals.failingIndexes[key] ?? []), ...list].sort((x, y) => x - y);
      totals.failingIndexes[key] = merged.slice(0, MAX_FAILING_INDEXES);
    }
  }
  return totals;
}

/** Check that batches cover `[0, total)` exactly once; the first gap or overlap otherwise. */
export function coverageError(
  batches: readonly { from: number; to: number }[],
  total: number
): string | null {
  const ordered = [...batches].sort((a, b) => a.from - b.from);
  let next = 0;
  for (const b of ordered) {
    if (b.from > next) return `schedules ${next}–${b.from - 1} are missing`;
    if (b.from < next) return `schedules ${b.from}–${Math.min(next, b.to) - 1} appear twice`;
    next = b.to;
  }
  return next === total ? null : `schedules ${next}–${total - 1} are missing`;
}

/** Shrink the first schedule found with `key` (re-runs it to get its outcome). */
export function shrinkFirst(
  key: MonitorKey,
  first: { index: number; scenario: Scenario },
  options: Overrides & { shrink?: boolean } = {}
): ShrunkExample {
  const run = (s: Scenario): ScheduleOutcome => runSchedule(s, overridesOf(options));
  const outcome = run(first.scenario);
  const shrunk =
    options.shrink === false
      ? { scenario: first.scenario, outcome, runs: 0 }
      : shrinkSchedule(first.scenario, outcome, key, run);
  const found = [
    ...(shrunk.outcome.violations[key] ?? []),
    ...(shrunk.outcome.findings[key] ?? [])
  ];
  return {
    key,
    index: first.index,
    original: first.scenario,
    scenario: shrunk.scenario,
    runs: shrunk.runs,
    detail: found.length > 0 ? describeFinding(found[0]) : ''
  };
}

/** The keys an exploration reports, in report order. */
export const REPORTED_KEYS: readonly MonitorKey[] = [...VIOLATION_KEYS, ...FINDING_KEYS];

/** `[from, to)` ranges of at most `size` covering `[start, end)`. */
export function batchRanges(start: number, end: number, size: number): [number, number][] {
  const out: [number, number][] = [];
  for (let from = start; from < end; from += size) out.push([from, Math.min(end, from + size)]);
  return out;
}

function entries<V>(record: Partial<Record<MonitorKey, V>>): [MonitorKey, V][] {
  return Object.entries(record) as [MonitorKey, V][];
}

/** `limit` items spread evenly over `items` (first and last included). */
function spread<T>(items: readonly T[], limit: number): T[] {
  if (limit >= items.length) return items.slice();
  if (limit <= 1) return items.slice(0, Math.max(0, limit));
  return Array.from(
    { length: limit },
    (_, k) => items[Math.round((k * (items.length - 1)) / (limit - 1))]
  );
}
