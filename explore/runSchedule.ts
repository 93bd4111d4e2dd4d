/**
 * One explored run: a schedule run with its monitors, and what it found — violations by
 * invariant (safety, liveness, convergence) and findings (false failover).
 */
import type { Scenario } from '../model/scenario';
import type { GroupFinding, MonitorKey } from '../monitors/monitorWorld';
import type { TraceMode } from '../sim/createTrace';
import type { StorageOverrides } from '../actors/storage/createStorageSide';
import type { ProgramOverrides } from '../world/programOverrides';
import { runScenario, type MonitoredRun } from '../world/runScenario';

/** Monitors whose findings are violations (a run with one fails). */
export const VIOLATION_KEYS = [
  'splitBrain',
  'failoverEvidence',
  'failoverLiveness',
  'lostWrites',
  'convergence',
  'methodJudgement',
  'dataPhysics',
  'heartbeatSerial',
  'availability'
] as const satisfies readonly MonitorKey[];

/** Monitors whose findings are findings, not failures. */
export const FINDING_KEYS = [
  'falseFailover',
  'availabilityFinding'
] as const satisfies readonly MonitorKey[];

/** A violation key. */
export type ViolationKey = (typeof VIOLATION_KEYS)[number];

/** What one explored run found. */
export interface ScheduleOutcome {
  scenario: Scenario;
  /** Violations, by monitor (empty when the run is clean). */
  violations: Partial<Record<MonitorKey, GroupFinding[]>>;
  /** Findings that are not failures (false failovers). */
  findings: Partial<Record<MonitorKey, GroupFinding[]>>;
  /** The world never became whole again after the timeline (a bad schedule, not a violation). */
  notHealed: string | null;
  /** Distinct abstract states reached (hashes) and the values reached, `field=value`. */
  states: ReadonlySet<number>;
  reached: ReadonlySet<string>;
  /** Alert kinds raised. */
  alerts: ReadonlySet<string>;
  /** Simulated ms and events of the run. */
  simulatedMs: number;
  events: number;
}

/** Options of {@link runSchedule}. */
export interface RunScheduleOptions {
  /** Program overrides (mutation checks). */
  machines?: ProgramOverrides;
  /** Storage overrides (mutation checks). */
  storage?: StorageOverrides;
  /** Trace mode (default `off`: monitors watch the inspection stream, not the trace). */
  trace?: TraceMode;
}

/** Run `scenario` with its monitors and sort what they found. */
export function runSchedule(scenario: Scenario, options: RunScheduleOptions = {}): ScheduleOutcome {
  const run: MonitoredRun = runScenario(scenario, {
    trace: options.trace ?? 'off',
    machines: options.machines,
    storage: options.storage
  });
  const violations: ScheduleOutcome['violations'] = {};
  const findings: ScheduleOutcome['findings'] = {};
  for (const key of VIOLATION_KEYS) {
    const found = run.monitors.findings[key];
    if (found.length > 0) violations[key] = found;
  }
  for (const key of FINDING_KEYS) {
    const found = run.monitors.findings[key];
    if (found.length > 0) findings[key] = found;
  }
  return {
    scenario,
    violations,
    findings,
    notHealed: run.monitors.healedAt === null ? run.monitors.notHealed : null,
    states: run.monitors.states,
    reached: run.monitors.reached,
    alerts: new Set(run.report.alerts.map((a) => a.kind)),
    simulatedMs: run.report.simulatedMs,
    events: run.report.events
  };
}

/** The monitor keys a run found something for (violations first). */
export function keysFound(outcome: ScheduleOutcome): MonitorKey[] {
  return [
    ...(Object.keys(outcome.violations) as MonitorKey[]),
    ...(Object.keys(outcome.findings) as MonitorKey[])
  ];
}
