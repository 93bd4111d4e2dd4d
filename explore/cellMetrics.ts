/**
 * What one sweep run measured, read from the run report in one place. When the report carries
 * the SPEC §3 figures measured from the failure onset (`failureOnsetMs`, `detectionMs`,
 * `failoverMs`, `unavailableMs`) they are used as they are; otherwise detection is the declaration
 * time less the time of the fault the cell injected, failover time the completion less that time,
 * and unavailability (after a real failure only) from the fault to the completion or the run's end;
 * a declaration or failover before the injected fault measures nothing (it is a false failover).
 */
import type { RunReport } from '../model/scenario';

/** The figures of one sweep run. */
export interface RunMetrics {
  /** A failure was declared. */
  declared: boolean;
  /** Failure onset (or the injected fault) → declaration, ms; null when nothing was declared. */
  detectionMs: number | null;
  /** Onset → application running at the standby, ms; null without a completed failover. */
  failoverMs: number | null;
  /** A failover while production could still serve. */
  falseFailover: boolean;
  splitBrain: boolean;
  lostWrites: number;
  /** Time no site acknowledged the application's writes, ms; null when not measured. */
  unavailableMs: number | null;
}

/** How a cell's fault was placed: its time, and whether it stops production for good. */
export interface InjectedFault {
  atMs: number;
  realFailure: boolean;
}

/** The figures of a run whose cell injected `fault`. */
export function cellMetrics(report: RunReport, fault: InjectedFault): RunMetrics {
  const o = report.outcome;
  const declaredAt = o.failover.declaredAtMs;
  const completedAt = o.failover.completedAtMs;
  const measuredFromOnset = numberField(o, 'failureOnsetMs') !== undefined;
  // Without the onset, a declaration before the injected fault detected nothing (it is a false
  // failover, counted as such); neither is a failover completed before it.
  const since = (t: number | null) => (t === null || t < fault.atMs ? null : t - fault.atMs);
  const detectionMs = measuredFromOnset ? o.detectionMs : since(declaredAt);
  const failoverMs = measuredFromOnset
    ? (numberField(o, 'failoverMs') ?? null)
    : since(completedAt);
  const unavailable = numberField(o, 'unavailableMs');
  const unavailableMs =
    unavailable !== undefined
      ? unavailable
      : fault.realFailure && !(completedAt !== null && completedAt < fault.atMs)
        ? (completedAt ?? report.simulatedMs) - fault.atMs
        : null;
  return {
    declared: declaredAt !== null,
    detectionMs,
    failoverMs,
    falseFailover: o.falseFailover,
    splitBrain: o.splitBrain,
    lostWrites: o.lostWrites,
    unavailableMs
  };
}

/** A numeric field the outcome may carry (null counts as present: measured, nothing to report). */
function numberField(outcome: object, key: string): number | null | undefined {
  if (!(key in outcome)) return undefined;
  const value: unknown = Reflect.get(outcome, key);
  return typeof value === 'number' ? value : value === null ? null : undefined;
}
