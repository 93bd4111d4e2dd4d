/**
 * `mirrorbeat/jest`: jest matchers for scenario runs, whose failure messages show the evidence
 * (times, alerts, the failing invariants and the replay seed).
 *
 * ```ts
 * // jest.config.js: setupFilesAfterEnv: ['mirrorbeat/jest']   (or import 'mirrorbeat/jest' in a test)
 * const run = runScenario(scenario);
 * expect(run).toFailOverWithin('10s');
 * expect(run).toHaveNoSplitBrain();
 * expect(run).toRaiseAlert('network-heartbeat-lost');
 * ```
 *
 * Every matcher takes what `runScenario` returns or its `report`. Importing this module registers
 * the matchers on jest's global `expect` when there is one; {@link mirrorbeatMatchers} is the same
 * set for `expect.extend` by hand.
 */
import { formatDuration, tryParseDuration } from '../model/durations';
import type { ScenarioRun } from '../model/run';
import type { AlertKind, RunReport } from '../model/scenario';

/** A time in whole milliseconds, for messages (the run's figures keep their precision). */
const shown = (ms: number | null): string => (ms === null ? '—' : String(Math.round(ms)));

/** What a matcher answers (jest's `CustomMatcherResult`). */
export interface MatcherResult {
  pass: boolean;
  message: () => string;
}

/** A run, or just its report. */
export type RunLike = Pick<ScenarioRun, 'report'> | RunReport;

/** A duration: `'10s'`, `'1.5s'`, `'250ms'` or a number of ms. */
export type DurationLike = number | string;

/** Figures of the run report (docs/spec.md, section 6) that older reports may lack. */
interface Figures {
  failoverMs?: number | null;
  failureOnsetMs?: number | null;
  firstFaultMs?: number | null;
}

/** Options of {@link mirrorbeatMatchers.toRaiseAlert}. */
export interface AlertFilter {
  /** Only alerts raised by this actor (`standby-1`). */
  source?: string;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // Type parameters exactly as @types/jest declares them, so the two declarations merge.
    // eslint-disable-next-line @typescript-eslint/no-unused-vars, @typescript-eslint/no-empty-object-type
    interface Matchers<R, T = {}> {
      /** The standby took over: a failover was declared and completed. */
      toFailOver(): R;
      /** A failover completed within `limit` of the failure it answers (or of the first fault). */
      toFailOverWithin(limit: DurationLike): R;
      /** The failure was declared within `limit` (the report's `detectionMs`). */
      toDetectWithin(limit: DurationLike): R;
      /** No split brain: no writes accepted at both sites after they diverged. */
      toHaveNoSplitBrain(): R;
      /** An alert of `kind` was raised (by `filter.source`, if given). */
      toRaiseAlert(kind: AlertKind, filter?: AlertFilter): R;
      /** At most `writes` acknowledged writes were lost at the takeover. */
      toLoseAtMost(writes: number): R;
    }
  }
}

function reportOf(received: unknown, matcher: string): RunReport {
  const value = received as { report?: RunReport } | null | undefined;
  const report = (
    value && typeof value === 'object' && 'report' in value ? value.report : value
  ) as RunReport | null | undefined;
  if (!report || typeof report !== 'object' || !('outcome' in report)) {
    throw new TypeError(
      `${matcher}: expected a scenario run (what runScenario returns) or its report, found ${describe(received)}`
    );
  }
  return report;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return `an object with keys ${Object.keys(value).join(', ')}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}

function toMs(limit: DurationLike, matcher: string): number {
  const parsed = tryParseDuration(limit);
  if (!parsed.ok) {
    throw new TypeError(`${matcher}: expected ${parsed.expected}, found ${JSON.stringify(limit)}`);
  }
  return parsed.ms;
}

function time(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? 'never' : `${(ms / 1000).toFixed(3)}s`;
}

/** The evidence every message ends with: the run, the failover, the alerts, what failed. */
function evidence(report: RunReport): string {
  const f = report.outcome.failover;
  // Heartbeat warnings (50/75/90 % of the timeout) precede every loss: counted, not listed.
  const shown = report.alerts.filter((a) => a.kind !== 'heartbeat-warning');
  const warnings = report.alerts.length - shown.length;
  const alerts = shown
    .slice(0, 12)
    .map((a) => `    ${time(a.atMs)} ${a.kind} (${a.source})${a.detail ? `: ${a.detail}` : ''}`);
  const more = [
    ...(shown.length > 12 ? [`    … ${shown.length - 12} more`] : []),
    ...(warnings > 0 ? [`    (and ${warnings} heartbeat warnings)`] : [])
  ];
  const failed = [...report.invariants, ...report.expectations]
    .filter((c) => !c.ok)
    .map((c) => `    ✘ ${c.name}${c.detail ? `: ${c.detail}` : ''}`);
  return [
    `  run: scenario ${report.scenario}, seed ${report.seed}, ${time(report.simulatedMs)} simulated, trace ${report.traceHash}`,
    `  failover: declared ${time(f.declaredAtMs)}, completed ${time(f.completedAtMs)}; detection ${report.outcome.detectionMs === null ? 'none' : `${report.outcome.detectionMs} ms`}`,
    `  split brain ${report.outcome.splitBrain}, divergent writes ${report.outcome.divergentWrites}, lost writes ${report.outcome.lostWrites}, false failover ${report.outcome.falseFailover}`,
    `  alerts (${report.alerts.length}):`,
    ...(alerts.length > 0 ? [...alerts, ...more] : ['    none']),
    ...(failed.length > 0 ? ['  failed checks:', ...failed] : [])
  ].join('\n');
}

function result(pass: boolean, report: RunReport, yes: string, no: string): MatcherResult {
  return {
    pass,
    message: () => `${pass ? yes : no}\n${evidence(report)}`
  };
}

/** Where a failover time is measured from, and that time. */
function failoverTime(report: RunReport): { ms: number | null; from: string } {
  const figures = report.outcome as RunReport['outcome'] & Figures;
  const completed = report.outcome.failover.completedAtMs;
  if (figures.failoverMs !== undefined) return { ms: figures.failoverMs, from: 'failure onset' };
  if (completed === null) return { ms: null, from: 'the start' };
  const start = figures.failureOnsetMs ?? figures.firstFaultMs ?? null;
  if (start !== null) return { ms: completed - start, from: 'failure onset' };
  const declared = report.outcome.failover.declaredAtMs;
  const detection = report.outcome.detectionMs;
  if (declared !== null && detection !== null) {
    return { ms: completed - (declared - detection), from: 'the first fault' };
  }
  return { ms: completed, from: 'the start of the run' };
}

/** The matchers, for `expect.extend(mirrorbeatMatchers)`. */
export const mirrorbeatMatchers = {
  toFailOver(received: unknown): MatcherResult {
    const report = reportOf(received, 'toFailOver');
    const f = report.outcome.failover;
    const pass = f.happened && f.completedAtMs !== null;
    return result(
      pass,
      report,
      `expected no failover, but the standby took over at ${time(f.completedAtMs)}`,
      f.declaredAtMs !== null
        ? `expected a failover, but it was declared at ${time(f.declaredAtMs)} and never completed`
        : 'expected a failover, but none was declared'
    );
  },

  toFailOverWithin(received: unknown, limit: DurationLike): MatcherResult {
    const report = reportOf(received, 'toFailOverWithin');
    const bound = toMs(limit, 'toFailOverWithin');
    const { ms, from } = failoverTime(report);
    const pass = ms !== null && ms <= bound;
    return result(
      pass,
      report,
      `expected no failover within ${formatDuration(bound)}, but it completed ${shown(ms)} ms after ${from}`,
      ms === null
        ? `expected a failover within ${formatDuration(bound)}, but none completed`
        : `expected a failover within ${formatDuration(bound)}, but it took ${shown(ms)} ms after ${from}`
    );
  },

  toDetectWithin(received: unknown, limit: DurationLike): MatcherResult {
    const report = reportOf(received, 'toDetectWithin');
    const bound = toMs(limit, 'toDetectWithin');
    const ms = report.outcome.detectionMs;
    const pass = ms !== null && ms <= bound;
    return result(
      pass,
      report,
      `expected no detection within ${formatDuration(bound)}, but it took ${shown(ms)} ms`,
      ms === null
        ? `expected a detection within ${formatDuration(bound)}, but no failure was declared`
        : `expected a detection within ${formatDuration(bound)}, but it took ${shown(ms)} ms`
    );
  },

  toHaveNoSplitBrain(received: unknown): MatcherResult {
    const report = reportOf(received, 'toHaveNoSplitBrain');
    const o = report.outcome;
    const pass = !o.splitBrain && o.divergentWrites === 0;
    return result(
      pass,
      report,
      'expected a split brain, but no writes were accepted at both sites',
      `expected no split brain, but ${o.divergentWrites} writes were accepted at both sites after they diverged`
    );
  },

  toRaiseAlert(received: unknown, kind: AlertKind, filter: AlertFilter = {}): MatcherResult {
    const report = reportOf(received, 'toRaiseAlert');
    const matching = report.alerts.filter(
      (a) => a.kind === kind && (filter.source === undefined || a.source === filter.source)
    );
    const what = filter.source === undefined ? kind : `${kind} from ${filter.source}`;
    return result(
      matching.length > 0,
      report,
      `expected no ${what} alert, but it was raised ${matching.length} time(s), first at ${time(matching[0]?.atMs)}`,
      `expected a ${what} alert, but none was raised`
    );
  },

  toLoseAtMost(received: unknown, writes: number): MatcherResult {
    const report = reportOf(received, 'toLoseAtMost');
    if (!Number.isInteger(writes) || writes < 0) {
      throw new TypeError(
        `toLoseAtMost: expected a whole number of writes, found ${JSON.stringify(writes)}`
      );
    }
    const lost = report.outcome.lostWrites;
    return result(
      lost <= writes,
      report,
      `expected more than ${writes} lost writes, but ${lost} were lost`,
      `expected at most ${writes} lost writes, but ${lost} acknowledged writes were lost`
    );
  }
};

/** jest's global `expect`, when this runs inside jest. */
const globalExpect = (globalThis as { expect?: { extend?: (m: object) => void } }).expect;
if (typeof globalExpect?.extend === 'function') globalExpect.extend(mirrorbeatMatchers);
