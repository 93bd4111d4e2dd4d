/**
 * What one sweep run measured, read from the run report in one place: the SPEC §3 figures the
 * observers measured from the failure onset (`failureOnsetMs`, `detectionMs`, `failoverMs`,
 * `unavailableMs`), never recomputed here.
 */
import type { RunReport } from '../model/scenario';

/** The figures of one sweep run. */
export interface RunMetrics {
  /** A failure was declared. */
  declared: boolean;
  /** Failure onset → declaration, ms; null without an onset or a declaration. */
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

/**
 * The figures of a run whose cell injected `fault`. Detection and failover time come from the
 * failure onset the observers found (SPEC §3); a run with no onset (the injected fault did not
 * stop production, e.g. a partition) has none, and a declaration there is a false failover.
 * Unavailability is the observers' figure, counted for cells whose fault is a real failure.
 */
export function cellMetrics(report: RunReport, fault: InjectedFault): RunMetrics {
  const o = report.outcome;
  const onset = o.failureOnsetMs !== null;
  return {
    declared: o.failover.declaredAtMs !== null,
    detectionMs: onset ? o.detectionMs : null,
    failoverMs: onset ? o.failoverMs : null,
    falseFailover: o.falseFailover,
    splitBrain: o.splitBrain,
    lostWrites: o.lostWrites,
    unavailableMs: fault.realFailure || o.unavailableMs > 0 ? o.unavailableMs : null
  };
}
