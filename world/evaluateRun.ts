/**
 * What a run measured (SPEC §3): failover, detection, false failover, split brain, lost writes,
 * the always-on invariants and the scenario's expectations.
 */
import type { Cluster } from './createCluster';
import type { GroupOutcome } from './outcomeObserver';
import type { RunReport, Scenario } from '../model/scenario';
import { formatDuration } from '../model/durations';
import { OPERATOR_ACTIONS } from './applyFaults';
import type { MonitorResults } from '../monitors/monitorWorld';
import { convergenceCheck, falseFailoverCheck, invariantEntries } from '../monitors/monitorReport';

type Outcome = RunReport['outcome'];

/** First fault (not operator action) time, if any. */
export function firstFaultAt(scenario: Scenario): number | null {
  const times = scenario.faults.filter((f) => !OPERATOR_ACTIONS.has(f.action)).map((f) => f.at);
  return times.length ? Math.min(...times) : null;
}

/**
 * The outcome block of the report. False failover and split brain are what the monitors found
 * (monitors/falseFailoverMonitorMachine.ts, monitors/splitBrainMonitorMachine.ts).
 */
export function computeOutcome(
  observed: Map<string, GroupOutcome>,
  scenario: Scenario,
  monitors: MonitorResults
): Outcome {
  const groups = [...observed.values()];
  const declared = groups.map((g) => g.declaredAt).filter((t): t is number => t !== null);
  const completed = groups.map((g) => g.completedAt).filter((t): t is number => t !== null);
  const declaredAtMs = declared.length ? Math.min(...declared) : null;
  const completedAtMs = completed.length ? Math.min(...completed) : null;
  const fault = firstFaultAt(scenario);
  return {
    failover: { happened: completedAtMs !== null, declaredAtMs, completedAtMs },
    detectionMs: declaredAtMs !== null && fault !== null ? declaredAtMs - fault : null,
    falseFailover: monitors.findings.falseFailover.length > 0,
    splitBrain: monitors.findings.splitBrain.length > 0,
    divergentWrites: monitors.divergentWrites,
    lostWrites: groups.reduce((n, g) => n + g.lostWrites, 0)
  };
}

/**
 * The always-on invariants, as the monitors judged them (monitors/), each with its reason; a
 * violation's detail carries its time, its evidence and the command that replays the run. The
 * false failover entry is a finding: it never fails the run (`expect.falseFailover` does).
 */
export function checkInvariants(monitors: MonitorResults, replay: string): RunReport['invariants'] {
  return invariantEntries(monitors, replay);
}

/** The scenario's expectations, each with a reason. */
export function checkExpectations(
  cluster: Cluster,
  scenario: Scenario,
  outcome: Outcome,
  monitors: MonitorResults
): RunReport['expectations'] {
  const out: RunReport['expectations'] = [];
  const e = scenario.expect;
  const fault = firstFaultAt(scenario);
  const happened = outcome.failover.happened;
  if (e.failover !== undefined) {
    out.push({
      name: 'failover',
      ok: happened === e.failover,
      detail: happened
        ? `failover completed at ${formatDuration(outcome.failover.completedAtMs ?? 0)} (expected ${e.failover ? 'one' : 'none'})`
        : `no failover (expected ${e.failover ? 'one' : 'none'})`
    });
  }
  if (e.failoverWithin !== undefined) {
    const took =
      outcome.failover.completedAtMs !== null && fault !== null
        ? outcome.failover.completedAtMs - fault
        : null;
    out.push({
      name: 'failoverWithin',
      ok: took !== null && took <= e.failoverWithin,
      detail:
        took === null
          ? `no failover (expected within ${formatDuration(e.failoverWithin)})`
          : `failover took ${formatDuration(took)} from the first fault (limit ${formatDuration(e.failoverWithin)})`
    });
  }
  if (e.splitBrain !== undefined) {
    out.push({
      name: 'splitBrain',
      ok: outcome.splitBrain === e.splitBrain,
      detail: `${outcome.splitBrain ? 'split brain' : 'no split brain'} (${outcome.divergentWrites} divergent writes)`
    });
  }
  if (e.maxLostWrites !== undefined) {
    out.push({
      name: 'maxLostWrites',
      ok: outcome.lostWrites <= e.maxLostWrites,
      detail: `${outcome.lostWrites} lost writes (limit ${e.maxLostWrites})`
    });
  }
  if (e.falseFailover !== undefined) out.push(falseFailoverCheck(monitors, e.falseFailover));
  if (e.converges !== undefined) out.push(convergenceCheck(monitors, e.converges));
  for (const kind of e.alerts ?? []) {
    const first = cluster.alerts.find((a) => a.kind === kind);
    out.push({
      name: `alert ${kind}`,
      ok: !!first,
      detail: first ? `first at ${formatDuration(first.atMs)} from ${first.source}` : 'never raised'
    });
  }
  return out;
}
