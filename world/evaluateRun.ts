/**
 * What a run measured (SPEC §3): every outcome figure, per group and for the run, as the observers
 * measured it (monitors/: the outcome accounting, the split-brain and false-failover monitors);
 * then the always-on invariants and the scenario's expectations. Reads no state of the world.
 */
import type { Alert, GroupOutcome, RunOutcome, RunReport, Scenario } from '../model/scenario';
import { formatClock as time } from '../model/formatClock';
import type { GroupResults, MonitorResults } from '../monitors/monitorWorld';
import { convergenceCheck, falseFailoverCheck, invariantEntries } from '../monitors/monitorReport';

/** The outcome of one group, from its observers. */
function groupOutcome(g: GroupResults, monitors: MonitorResults): RunOutcome {
  const found = (list: readonly { group: string }[]) => list.some((f) => f.group === g.group);
  return {
    failover: {
      happened: g.completedAtMs !== null,
      declaredAtMs: g.declaredAtMs,
      completedAtMs: g.completedAtMs
    },
    firstFaultMs: g.firstFaultMs,
    failureOnsetMs: g.failureOnsetMs,
    detectionMs: g.detectionMs,
    failoverMs: g.failoverMs,
    unavailableMs: g.unavailableMs,
    falseFailover: found(monitors.findings.falseFailover),
    splitBrain: found(monitors.findings.splitBrain),
    divergentWrites: g.divergentWrites,
    lostWrites: g.lostWrites
  };
}

const minOf = (xs: (number | null)[]) => {
  const ns = xs.filter((x): x is number => x !== null);
  return ns.length ? Math.min(...ns) : null;
};
const maxOf = (xs: (number | null)[]) => {
  const ns = xs.filter((x): x is number => x !== null);
  return ns.length ? Math.max(...ns) : null;
};

/**
 * The outcome of the run and of each group. The run's figures: the first declaration and
 * completion of any group, the earliest onset, the slowest detection and failover, the longest
 * unavailability, and lost and divergent writes summed, so that a limit on the run's figure holds
 * for every group.
 */
export function computeOutcome(monitors: MonitorResults): {
  outcome: RunOutcome;
  groups: GroupOutcome[];
} {
  const groups = monitors.groups.map((g) => ({
    group: g.group,
    outcome: groupOutcome(g, monitors)
  }));
  const all = groups.map((g) => g.outcome);
  const completedAtMs = minOf(all.map((o) => o.failover.completedAtMs));
  const outcome: RunOutcome = {
    failover: {
      happened: completedAtMs !== null,
      declaredAtMs: minOf(all.map((o) => o.failover.declaredAtMs)),
      completedAtMs
    },
    firstFaultMs: monitors.groups[0]?.firstFaultMs ?? null,
    failureOnsetMs: minOf(all.map((o) => o.failureOnsetMs)),
    detectionMs: maxOf(all.map((o) => o.detectionMs)),
    failoverMs: maxOf(all.map((o) => o.failoverMs)),
    unavailableMs: maxOf(all.map((o) => o.unavailableMs)) ?? 0,
    falseFailover: monitors.findings.falseFailover.length > 0,
    splitBrain: monitors.findings.splitBrain.length > 0,
    divergentWrites: monitors.divergentWrites,
    lostWrites: all.reduce((n, o) => n + o.lostWrites, 0)
  };
  return { outcome, groups };
}

/**
 * The always-on invariants, as the monitors judged them (monitors/), each with its reason; a
 * violation's detail carries its time, its evidence and the command that replays the run. The
 * false failover entry is a finding: it never fails the run (`expect.falseFailover` does).
 */
export function checkInvariants(monitors: MonitorResults, replay: string): RunReport['invariants'] {
  return invariantEntries(monitors, replay);
}

/** `name` of the group when the run has several, for details. */
const label = (g: GroupOutcome, several: boolean) => (several ? `${g.group}: ` : '');

/**
 * A limit on a figure measured from the failure onset, checked in every group that had a
 * production failure or declared one: `what` of the group ≤ `limit`. No such group: not met.
 */
function withinCheck(
  name: string,
  groups: readonly GroupOutcome[],
  limit: number,
  figure: (o: RunOutcome) => number | null,
  what: string
): RunReport['expectations'][number] {
  const several = groups.length > 1;
  const failed = groups.filter(
    (g) => g.outcome.failureOnsetMs !== null || g.outcome.failover.declaredAtMs !== null
  );
  if (failed.length === 0) {
    return { name, ok: false, detail: `no production failure (limit ${time(limit)})` };
  }
  const parts: string[] = [];
  let ok = true;
  for (const g of failed) {
    const value = figure(g.outcome);
    const onset = g.outcome.failureOnsetMs;
    if (value === null || onset === null) {
      ok = false;
      parts.push(
        `${label(g, several)}${onset === null ? 'declared while production could serve' : `no ${what}`}`
      );
    } else {
      if (value > limit) ok = false;
      parts.push(`${label(g, several)}${what} ${time(value)} after the failure at ${time(onset)}`);
    }
  }
  return { name, ok, detail: `${parts.join('; ')} (limit ${time(limit)})` };
}

/** The scenario's expectations, each with a reason. */
export function checkExpectations(
  scenario: Scenario,
  outcome: RunOutcome,
  groups: readonly GroupOutcome[],
  monitors: MonitorResults,
  alerts: readonly Alert[]
): RunReport['expectations'] {
  const out: RunReport['expectations'] = [];
  const e = scenario.expect;
  const happened = outcome.failover.happened;
  if (e.failover !== undefined) {
    out.push({
      name: 'failover',
      ok: happened === e.failover,
      detail: happened
        ? `failover completed at ${time(outcome.failover.completedAtMs ?? 0)} (expected ${e.failover ? 'one' : 'none'})`
        : `no failover (expected ${e.failover ? 'one' : 'none'})`
    });
  }
  if (e.detectionWithin !== undefined) {
    out.push(
      withinCheck('detectionWithin', groups, e.detectionWithin, (o) => o.detectionMs, 'declared')
    );
  }
  if (e.failoverWithin !== undefined) {
    out.push(
      withinCheck(
        'failoverWithin',
        groups,
        e.failoverWithin,
        (o) => o.failoverMs,
        'application running at the standby'
      )
    );
  }
  if (e.maxUnavailable !== undefined) {
    const limit = e.maxUnavailable;
    const several = groups.length > 1;
    out.push({
      name: 'maxUnavailable',
      ok: groups.every((g) => g.outcome.unavailableMs <= limit),
      detail: `${groups.map((g) => `${label(g, several)}${time(g.outcome.unavailableMs)} without an acknowledged write`).join('; ')} (limit ${time(limit)})`
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
    const first = alerts.find((a) => a.kind === kind);
    out.push({
      name: `alert ${kind}`,
      ok: !!first,
      detail: first ? `first at ${time(first.atMs)} from ${first.source}` : 'never raised'
    });
  }
  return out;
}
