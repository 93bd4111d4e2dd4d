/**
 * Whether a run passed: every expectation and every invariant holds (exit code 0), else 1.
 */
import type { RunReport } from '../model/scenario';

/** One expectation or invariant that did not hold. */
export interface FailedCheck {
  kind: 'expectation' | 'invariant';
  name: string;
  detail?: string;
}

/** The expectations and invariants of `report` that failed (expectations first). */
export function failedChecks(report: RunReport): FailedCheck[] {
  return [
    ...report.expectations
      .filter((e) => !e.ok)
      .map((e): FailedCheck => ({ kind: 'expectation', name: e.name, detail: e.detail })),
    ...report.invariants
      .filter((i) => !i.ok)
      .map((i): FailedCheck => ({ kind: 'invariant', name: i.name, detail: i.detail }))
  ];
}

/** True when every expectation and invariant of `report` holds. */
export function runPassed(report: RunReport): boolean {
  return failedChecks(report).length === 0;
}
