/**
 * The run report as `run --json` prints it: exactly the object of SPEC §4.3, keys in the order of
 * the specification, nothing else.
 */
import type { RunReport } from '../model/scenario';

/** Render `report` as the SPEC §4.3 JSON object (two-space indented, no trailing newline). */
export function renderJson(report: RunReport): string {
  const { outcome } = report;
  const ordered = {
    scenario: report.scenario,
    seed: report.seed,
    simulatedMs: report.simulatedMs,
    outcome: {
      failover: {
        happened: outcome.failover.happened,
        declaredAtMs: outcome.failover.declaredAtMs,
        completedAtMs: outcome.failover.completedAtMs
      },
      detectionMs: outcome.detectionMs,
      falseFailover: outcome.falseFailover,
      splitBrain: outcome.splitBrain,
      divergentWrites: outcome.divergentWrites,
      lostWrites: outcome.lostWrites
    },
    alerts: report.alerts.map((a) => ({
      atMs: a.atMs,
      kind: a.kind,
      source: a.source,
      detail: a.detail
    })),
    invariants: report.invariants.map((i) =>
      i.detail === undefined
        ? { name: i.name, ok: i.ok }
        : { name: i.name, ok: i.ok, detail: i.detail }
    ),
    expectations: report.expectations.map((e) => ({ name: e.name, ok: e.ok, detail: e.detail })),
    events: report.events,
    traceHash: report.traceHash
  };
  return JSON.stringify(ordered, null, 2);
}
