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
import { describeFinding, MONITOR_NAMES } from '../monitors/monitorReport';
import type { MonitorKey } from '../monitors/monitorWorld';
import { replayCommand } from '../report/replayCommand';
import { createRandom, hashString } from '../sim/createRandom';
import type { ProgramOverrides } from '../world/programOverrides';
import { checkDecisionModel, MODEL_POLICIES, type DecisionModelResult } from './decisionModel';
import { exhaustivePlacements } from './exhaustiveSchedules';
import { defaultSpace, randomSchedule, type ScheduleSpace } from './randomSchedule';
import {
  FINDING_KEYS,
  keysFound,
  runSchedule,
  VIOLATION_KEYS,
  type ScheduleOutcome
} from './runSchedule';
import { writeScenarioFile } from './scheduleFile';
import { shrinkSchedule } from './shrinkSchedule';

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

/** Seed of random schedule `i` of an exploration seeded `seed`. */
export function scheduleSeed(seed: number, i: number): number {
  return hashString(`${seed}/${i}`) % 1_000_000_000;
}

/** Run an exploration. */
export function explore(options: ExploreOptions): ExploreSummary {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const space: ScheduleSpace = defaultSpace(options.base, {
    duration: options.duration,
    maxFaults: options.maxFaults
  });
  const mode = options.mode;
  const placements = mode.kind === 'exhaustive' ? exhaustivePlacements(space) : null;
  const limited = placements && mode.kind === 'exhaustive' && mode.limit !== undefined;
  const chosen = placements
    ? limited
      ? spread(placements, (mode as ExhaustiveMode).limit!)
      : placements
    : null;
  const total = chosen ? chosen.length : (mode as RandomMode).count;
  const run = (s: Scenario) => runSchedule(s, { machines: options.machines });

  const violations = Object.fromEntries(
    VIOLATION_KEYS.map((k) => [k, 0])
  ) as ExploreSummary['violations'];
  const findings = Object.fromEntries(
    FINDING_KEYS.map((k) => [k, 0])
  ) as ExploreSummary['findings'];
  const firstOf = new Map<MonitorKey, { scenario: Scenario; outcome: ScheduleOutcome }>();
  const states = new Set<number>();
  const reached = new Set<string>();
  const alerts = new Set<string>();
  let failing = 0;
  let notHealed = 0;
  let simulatedMs = 0;
  let events = 0;

  for (let i = 0; i < total; i++) {
    const scenario = chosen
      ? chosen[i].scenario
      : randomSchedule(
          createRandom(scheduleSeed((mode as RandomMode).seed, i)).fork('schedule'),
          space,
          scheduleSeed((mode as RandomMode).seed, i)
        );
    const outcome = run(scenario);
    simulatedMs += outcome.simulatedMs;
    events += outcome.events;
    for (const s of outcome.states) states.add(s);
    for (const r of outcome.reached) reached.add(r);
    for (const a of outcome.alerts) alerts.add(a);
    if (outcome.notHealed) notHealed++;
    const keys = keysFound(outcome);
    for (const key of keys) {
      if (key in violations) violations[key as keyof typeof violations]++;
      if (key in findings) findings[key as keyof typeof findings]++;
      if (!firstOf.has(key)) firstOf.set(key, { scenario, outcome });
    }
    if (Object.keys(outcome.violations).length > 0) failing++;
    options.onProgress?.(i + 1, total, failing);
  }

  const examples: ExploreExample[] = [];
  for (const key of [...VIOLATION_KEYS, ...FINDING_KEYS] as MonitorKey[]) {
    const first = firstOf.get(key);
    if (!first) continue;
    const shrunk =
      options.shrink === false
        ? { scenario: first.scenario, outcome: first.outcome, runs: 0 }
        : shrinkSchedule(first.scenario, first.outcome, key, run);
    const name = `${key}-${first.scenario.name.replace(/^explore-|^exhaustive-/, '')}`.slice(
      0,
      100
    );
    const scenario: Scenario = {
      ...shrunk.scenario,
      name,
      description: `${MONITOR_NAMES[key]}: minimal schedule found by mirrorbeat explore`,
      expect: expectationsFor(key)
    };
    const found = [
      ...(shrunk.outcome.violations[key] ?? []),
      ...(shrunk.outcome.findings[key] ?? [])
    ];
    const detail = found.length > 0 ? describeFinding(found[0]) : '';
    let file: string | null = null;
    if (options.outDir) {
      const target = path.join(options.outDir, `${name}.yaml`);
      const replay = replayCommand({ scenario: target, seed: scenario.seed });
      file = writeScenarioFile(options.outDir, scenario, [
        `${MONITOR_NAMES[key]} — found by mirrorbeat explore, shrunk from ${first.scenario.faults.length} to ${scenario.faults.length} timeline entries`,
        `replay: ${replay}`,
        ...wrap(detail, 100)
      ]);
    }
    examples.push({
      key,
      name,
      file,
      replay: replayCommand({ scenario: file ?? name, seed: scenario.seed }),
      detail,
      original: { faults: first.scenario.faults.length, durationMs: first.scenario.duration },
      shrunk: { faults: scenario.faults.length, durationMs: scenario.duration, runs: shrunk.runs },
      scenario
    });
  }

  const modelCheck =
    mode.kind === 'exhaustive'
      ? MODEL_POLICIES.map((policy) =>
          checkDecisionModel({
            ...policy,
            method: resolveConfig(options.base.config).heartbeat.method,
            logic: options.machines?.decision as AnyStateMachine | undefined
          })
        )
      : null;

  const wallMs = now() - started;
  return {
    mode: mode.kind,
    seed: mode.kind === 'random' ? mode.seed : null,
    schedules: total,
    depths: chosen
      ? {
          single: chosen.filter((p) => p.depth === 1).length,
          pairs: chosen.filter((p) => p.depth === 2).length
        }
      : null,
    space: {
      durationMs: space.duration,
      healAtMs: space.healAt,
      maxFaults: space.maxFaults
    },
    simulatedMs,
    events,
    wallMs,
    schedulesPerSecond: wallMs > 0 ? (total / wallMs) * 1000 : 0,
    violations,
    findings,
    failing,
    notHealed,
    distinctStates: states.size,
    coverage: coverage(reached, alerts),
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

/** `limit` items spread evenly over `items` (first and last included). */
function spread<T>(items: readonly T[], limit: number): T[] {
  if (limit >= items.length) return items.slice();
  if (limit <= 1) return items.slice(0, Math.max(0, limit));
  return Array.from(
    { length: limit },
    (_, k) => items[Math.round((k * (items.length - 1)) / (limit - 1))]
  );
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
