/**
 * What a run measured (SPEC §3): failover, detection, false failover, split brain, lost writes,
 * the always-on invariants and the scenario's expectations.
 */
import type { Cluster } from './createCluster';
import type { ProductionWatch } from './productionWatch';
import type { RunReport, Scenario } from '../model/scenario';
import { formatDuration } from '../model/durations';
import { OPERATOR_ACTIONS } from './applyFaults';

type Outcome = RunReport['outcome'];

/** First fault (not operator action) time, if any. */
export function firstFaultAt(scenario: Scenario): number | null {
  const times = scenario.faults.filter((f) => !OPERATOR_ACTIONS.has(f.action)).map((f) => f.at);
  return times.length ? Math.min(...times) : null;
}

/** The outcome block of the report. */
export function computeOutcome(cluster: Cluster, scenario: Scenario): Outcome {
  const declared = cluster.groups.map((g) => g.declaredAt).filter((t): t is number => t !== null);
  const completed = cluster.groups.map((g) => g.completedAt).filter((t): t is number => t !== null);
  const declaredAtMs = declared.length ? Math.min(...declared) : null;
  const completedAtMs = completed.length ? Math.min(...completed) : null;
  const fault = firstFaultAt(scenario);
  const splitBrain = cluster.groups.some(
    (g) => g.divergentWrites > 0 && g.standbyWritesAfterDivergence > 0
  );
  return {
    failover: { happened: completedAtMs !== null, declaredAtMs, completedAtMs },
    detectionMs: declaredAtMs !== null && fault !== null ? declaredAtMs - fault : null,
    falseFailover: cluster.groups.some((g) => g.declaredAt !== null && g.falseFailover),
    splitBrain,
    divergentWrites: cluster.groups.reduce((n, g) => n + g.divergentWrites, 0),
    lostWrites: cluster.groups.reduce((n, g) => n + g.lostWrites, 0)
  };
}

/** The always-on invariants. */
export function checkInvariants(
  cluster: Cluster,
  outcome: Outcome,
  watch: ProductionWatch
): RunReport['invariants'] {
  const { config } = cluster;
  const noEvidence = cluster.groups.filter((g) => g.declaredAt !== null && !g.declaredOnEvidence);
  const missed = watch.missedDetections();
  const zeroLoss = config.remoteCopy.mode === 'sync' && config.remoteCopy.fenceLevel === 'data';
  return [
    {
      name: 'never two writers on diverged data',
      ok: !outcome.splitBrain,
      detail: outcome.splitBrain
        ? `${outcome.divergentWrites} writes accepted at production after the standby copy became writable`
        : 'no divergent writes'
    },
    {
      name: 'no failover without an invalid heartbeat',
      ok: noEvidence.length === 0,
      detail: noEvidence.length
        ? `failure declared without an invalid heartbeat for ${noEvidence.map((g) => g.ids.name).join(', ')}`
        : 'every declaration rested on an invalid heartbeat or on production asking'
    },
    {
      name: 'a production failure leads to failover or an operator alert in time',
      ok: missed.length === 0,
      detail: missed.length
        ? missed
            .map(
              (m) =>
                `${m.group}: production down at ${formatDuration(m.downAt)}, nothing by ${formatDuration(m.downAt + m.bound)}`
            )
            .join('; ')
        : `bound ${formatDuration(watch.bound)}`
    },
    {
      name: 'sync copy with fence level data loses no acknowledged write',
      ok: !zeroLoss || outcome.lostWrites === 0,
      detail: zeroLoss
        ? `${outcome.lostWrites} lost writes`
        : 'not applicable (async or fence level not data)'
    }
  ];
}

/** The scenario's expectations, each with a reason. */
export function checkExpectations(
  cluster: Cluster,
  scenario: Scenario,
  outcome: Outcome
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
