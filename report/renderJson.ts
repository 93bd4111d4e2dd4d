/**
 * The run report as `run --json` prints it: exactly the object of SPEC §4.3, keys in the order of
 * the specification, nothing else. Every time and duration (`…Ms`) is rounded to the microsecond
 * (three decimals of a ms), so that jitter shows no binary noise.
 */
import type { ClusterConfig } from '../model/config';
import type { ResolvedRunConfig, RunOutcome, RunReport } from '../model/scenario';

/** `ms` rounded to three decimals (null stays null). */
export function roundMs<T extends number | null>(ms: T): T {
  return (ms === null ? null : Math.round(ms * 1000) / 1000 + 0) as T;
}

/** An outcome block with its keys in SPEC order, figures rounded. */
function orderedOutcome(o: RunOutcome) {
  return {
    failover: {
      happened: o.failover.happened,
      declaredAtMs: roundMs(o.failover.declaredAtMs),
      completedAtMs: roundMs(o.failover.completedAtMs)
    },
    firstFaultMs: roundMs(o.firstFaultMs),
    failureOnsetMs: roundMs(o.failureOnsetMs),
    detectionMs: roundMs(o.detectionMs),
    failoverMs: roundMs(o.failoverMs),
    unavailableMs: roundMs(o.unavailableMs),
    falseFailover: o.falseFailover,
    splitBrain: o.splitBrain,
    divergentWrites: o.divergentWrites,
    lostWrites: o.lostWrites
  };
}

/** The resolved configuration, sections in the order of SPEC §4.2, then the topology. */
function orderedConfig(c: ResolvedRunConfig) {
  const sections: (keyof ClusterConfig)[] = [
    'heartbeat',
    'network',
    'remoteCopy',
    'storage',
    'failover',
    'hosts',
    'workload'
  ];
  return {
    ...Object.fromEntries(sections.map((k) => [k, { ...c[k] }])),
    topology: { hostsPerGroup: c.topology.hostsPerGroup, groups: c.topology.groups }
  };
}

/** Render `report` as the SPEC §4.3 JSON object (two-space indented, no trailing newline). */
export function renderJson(report: RunReport): string {
  const ordered = {
    scenario: report.scenario,
    seed: report.seed,
    version: report.version,
    ok: report.ok,
    simulatedMs: roundMs(report.simulatedMs),
    config: orderedConfig(report.config),
    outcome: orderedOutcome(report.outcome),
    groups: report.groups.map((g) => ({ group: g.group, outcome: orderedOutcome(g.outcome) })),
    alerts: report.alerts.map((a) => ({
      atMs: roundMs(a.atMs),
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
