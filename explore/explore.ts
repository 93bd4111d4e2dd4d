/**
 * `mirrorbeat explore`: run many fault schedules against one configuration with every monitor
 * watching — random ones from a seed (`random`), or every placement of one fault and every
 * ordered pair of faults (`exhaustive`) — count violations by invariant, measure coverage, and
 * shrink the first failing schedule of each kind to a minimal scenario file that replays it.
 */
import path from 'node:path';
import { ALERT_KINDS } from '../model/alertKinds';
import type { AnyStateMachine } from 'xstate';
import { resolveConfig } from '../model/config';
import type { Scenario } from '../model/scenario';
import { MONITOR_NAMES } from '../monitors/monitorReport';
import type { MonitorKey } from '../monitors/monitorWorld';
import { replayCommand } from '../report/replayCommand';
import type { StorageOverrides } from '../actors/storage/createStorageSide';
import type { ProgramOverrides } from '../world/programOverrides';
import { checkDecisionModel, MODEL_POLICIES, type DecisionModelResult } from './decisionModel';
import {
  mergeBatches,
  overridesOf,
  planExplore,
  REPORTED_KEYS,
  runExploreBatch,
  shrinkFirst,
  type ExplorePlan,
  type ExploreSpec,
  type ExploreTotals,
  type ShrunkExample
} from './exploreBatch';
import { FINDING_KEYS, VIOLATION_KEYS } from './runSchedule';
import { writeScenarioFile } from './scheduleFile';

/** Random exploration: `count` schedules drawn from `seed`. */
export interface RandomMode {
  kind: 'random';
  count: number;
  seed: number;
}

/** Exhaustive exploration of fault placements. */
export interface ExhaustiveMode {
  kind: 'exhaustive';
  /** Limit the number of placements (tests); default all. */
  limit?: number;
}

/** Options of {@link explore}. */
export interface ExploreOptions {
  /** Topology and configuration explored (faults and expectations ignored). */
  base: Scenario;
  mode: RandomMode | ExhaustiveMode;
  /** Simulated length of each run (default 80 s). */
  duration?: number;
  /** Most faults per random schedule (default 3). */
  maxFaults?: number;
  /** Directory for minimal failing schedules (null: write none). */
  outDir?: string | null;
  /** Shrink failing schedules (default true). */
  shrink?: boolean;
  /** Program overrides (mutation checks). */
  machines?: ProgramOverrides;
  /** Storage overrides (mutation checks). */
  storage?: StorageOverrides;
  /** Called after each schedule. */
  onProgress?: (done: number, total: number, failing: number) => void;
  /** Wall clock in ms for the rate (default `performance.now`); outside the simulation. */
  now?: () => number;
}

/** One minimal failing (or finding) schedule. */
export interface ExploreExample {
  key: MonitorKey;
  name: string;
  /** The file written, if any. */
  file: string | null;
  replay: string;
  detail: string;
  /** Index of the first schedule that found it (0-based: `index + 1` schedules were needed). */
  index: number;
  original: { faults: number; durationMs: number };
  shrunk: { faults: number; durationMs: number; runs: number };
  scenario: Scenario;
}

/** A coverage dimension: values reached of those known. */
export interface CoverageLine {
  dimension: string;
  reached: string[];
  missing: string[];
}

/** What an exploration found. */
export interface ExploreSummary {
  mode: 'random' | 'exhaustive';
  seed: number | null;
  schedules: number;
  /** Exhaustive: placements of one fault and of pairs. */
  depths: { single: number; pairs: number } | null;
  space: { durationMs: number; healAtMs: number; maxFaults: number };
  simulatedMs: number;
  events: number;
  wallMs: number;
  schedulesPerSecond: number;
  /** Schedules with at least one violation, by invariant. */
  violations: Record<(typeof VIOLATION_KEYS)[number], number>;
  /** Schedules with a finding (not failures). */
  findings: Record<(typeof FINDING_KEYS)[number], number>;
  /** Schedules with any violation. */
  failing: number;
  /** Schedules whose world never became whole again (should be 0). */
  notHealed: number;
  /** Distinct abstract states of the world reached, over every schedule. */
  distinctStates: number;
  coverage: CoverageLine[];
  examples: ExploreExample[];
  /**
   * Exhaustive mode: the model check of the failure decision statechart (`xstate/graph`), one
   * per isolation policy, under the explored checking method; null in random mode.
   */
  modelCheck: DecisionModelResult[] | null;
}

const VERDICTS = [
  'running',
  'suspect',
  'network-partitioned',
  'replication-down',
  'heartbeat-writer-fault',
  'site-isolated',
  'production-failed',
  'takeover-requested'
];
const ROWS = ['valid', 'warning', 'invalid', 'suspended'];
const PAIR_STATES = ['SMPL', 'COPY', 'PAIR', 'PSUS', 'PSUE', 'SSWS'];
const TAKEOVERS = ['swap-takeover', 'svol-takeover', 'nop-takeover', 'refused'];

/** Whether an exploration found nothing to fail on: no schedule and no model check violated. */
export function explorePassed(summary: ExploreSummary): boolean {
  return (
    summary.failing === 0 && (summary.modelCheck ?? []).every((m) => m.violations.length === 0)
  );
}

export { scheduleSeed } from './scheduleSeed';

/** The exploration a set of options names, as plain data (it crosses threads and machines). */
export function exploreSpec(options: ExploreOptions): ExploreSpec {
  return {
    base: options.base,
    mode: options.mode,
    duration: options.duration,
    maxFaults: options.maxFaults
  };
}

/** Run an exploration, in this thread (see exploreParallel for every core). */
export function explore(options: ExploreOptions): ExploreSummary {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const spec = exploreSpec(options);
  const plan = planExplore(spec);
  const batch = runExploreBatch(
    spec,
    0,
    plan.total,
    {
      ...overridesOf(options),
      onEach: (done, failing) => options.onProgress?.(done, plan.total, failing)
    },
    plan
  );
  const totals = mergeBatches([batch]);
  const shrunk = REPORTED_KEYS.flatMap((key) => {
    const first = totals.first[key];
    return first ? [shrinkFirst(key, first, options)] : [];
  });
  const modelCheck = spec.mode.kind === 'exhaustive' ? runModelCheck(spec, options.machines) : null;
  return summarize(spec, plan, totals, shrunk, modelCheck, {
    outDir: options.outDir,
    wallMs: now() - started
  });
}

/** The model check of the failure decision that exhaustive mode adds, one per policy. */
export function runModelCheck(
  spec: ExploreSpec,
  machines?: ProgramOverrides
): DecisionModelResult[] {
  return MODEL_POLICIES.map((policy) =>
    checkDecisionModel({
      ...policy,
      method: resolveConfig(spec.base.config).heartbeat.method,
      logic: machines?.decision as AnyStateMachine | undefined
    })
  );
}

/**
 * The summary of merged batches and shrunk examples; writes the minimal schedules into `outDir`.
 * The same inputs give the same summary, whatever ran them (only `wallMs` differs).
 */
export function summarize(
  spec: ExploreSpec,
  plan: ExplorePlan,
  totals: ExploreTotals,
  shrunk: readonly ShrunkExample[],
  modelCheck: DecisionModelResult[] | null,
  options: { outDir?: string | null; wallMs: number }
): ExploreSummary {
  const violations = Object.fromEntries(
    VIOLATION_KEYS.map((k) => [k, totals.counts[k] ?? 0])
  ) as ExploreSummary['violations'];
  const findings = Object.fromEntries(
    FINDING_KEYS.map((k) => [k, totals.counts[k] ?? 0])
  ) as ExploreSummary['findings'];
  const examples: ExploreExample[] = [];
  for (const key of REPORTED_KEYS) {
    const found = shrunk.find((e) => e.key === key);
    if (!found) continue;
    const name = `${key}-${found.original.name.replace(/^explore-|^exhaustive-/, '')}`.slice(
      0,
      100
    );
    const scenario: Scenario = {
      ...found.scenario,
      name,
      description: `${MONITOR_NAMES[key]}: minimal schedule found by mirrorbeat explore`,
      expect: expectationsFor(key)
    };
    let file: string | null = null;
    if (options.outDir) {
      const target = path.join(options.outDir, `${name}.yaml`);
      const replay = replayCommand({ scenario: target, seed: scenario.seed });
      file = writeScenarioFile(options.outDir, scenario, [
        `${MONITOR_NAMES[key]} — found by mirrorbeat explore, shrunk from ${found.original.faults.length} to ${scenario.faults.length} timeline entries`,
        `replay: ${replay}`,
        ...wrap(found.detail, 100)
      ]);
    }
    examples.push({
      key,
      name,
      file,
      replay: replayCommand({ scenario: file ?? name, seed: scenario.seed }),
      detail: found.detail,
      index: found.index,
      original: { faults: found.original.faults.length, durationMs: found.original.duration },
      shrunk: { faults: scenario.faults.length, durationMs: scenario.duration, runs: found.runs },
      scenario
    });
  }
  const wallMs = options.wallMs;
  return {
    mode: spec.mode.kind,
    seed: spec.mode.kind === 'random' ? spec.mode.seed : null,
    schedules: plan.total,
    depths: plan.depths,
    space: {
      durationMs: plan.space.duration,
      healAtMs: plan.space.healAt,
      maxFaults: plan.space.maxFaults
    },
    simulatedMs: totals.simulatedMs,
    events: totals.events,
    wallMs,
    schedulesPerSecond: wallMs > 0 ? (plan.total / wallMs) * 1000 : 0,
    violations,
    findings,
    failing: totals.failing,
    notHealed: totals.notHealed,
    distinctStates: totals.states.size,
    coverage: coverage(totals.reached, totals.alerts),
    examples,
    modelCheck
  };
}

/** The expectations that make a replay of a `key` schedule fail the same way. */
function expectationsFor(key: MonitorKey): Scenario['expect'] {
  switch (key) {
    case 'splitBrain':
      return { splitBrain: false, converges: true };
    case 'falseFailover':
      return { falseFailover: false, converges: true };
    default:
      return { converges: true };
  }
}

function coverage(reached: ReadonlySet<string>, alerts: ReadonlySet<string>): CoverageLine[] {
  const values = (field: string, strip = false) =>
    new Set(
      [...reached]
        .filter((r) => r.startsWith(`${field}=`))
        .map((r) => r.slice(field.length + 1))
        .map((v) => (strip ? v.replace(/^declared:/, '') : v))
    );
  const line = (dimension: string, got: Set<string>, known: readonly string[]): CoverageLine => ({
    dimension,
    reached: known.filter((k) => got.has(k)),
    missing: known.filter((k) => !got.has(k))
  });
  return [
    line('decision verdicts', values('verdict', true), VERDICTS),
    line('network row statuses', values('networkRow'), ROWS),
    line('mirror row statuses', values('mirrorRow'), ROWS),
    line('heartbeat pair states', values('heartbeatPair'), PAIR_STATES),
    line('data pair states', values('dataPair'), PAIR_STATES),
    line('takeovers', values('takeover'), TAKEOVERS),
    line('alert kinds', new Set(alerts), ALERT_KINDS)
  ];
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}
