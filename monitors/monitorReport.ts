/**
 * What the monitors found, as report entries `{ name, ok, detail }` (SPEC §4.3): the always-on
 * invariants, the false failover finding, and the `falseFailover` / `converges` expectations.
 */
import type { RunReport } from '../model/scenario';
import { at } from './monitorSupport';
import type { GroupFinding, MonitorKey, MonitorResults } from './monitorWorld';

/** The name of each monitor's entry in the report. */
export const MONITOR_NAMES: Record<MonitorKey, string> = {
  splitBrain: 'never two writers on diverged data',
  failoverEvidence: 'no failover without an invalid heartbeat',
  failoverLiveness: 'a production failure leads to failover or an operator alert in time',
  lostWrites: 'sync copy with fence level data loses no acknowledged write',
  falseFailover: 'no failover while production could serve (a finding, never a failure)',
  convergence: 'after every fault is over, exactly one site runs the application',
  methodJudgement: 'no declaration while a watched heartbeat path is valid and delivering',
  dataPhysics: 'data reaches a volume only as written there or copied over the link, in order',
  heartbeatSerial: 'every heartbeat production sends advances its serial',
  availability: 'no lasting write outage that nothing explains and nobody attends',
  availabilityFinding: 'no lasting write outage left to the operator (a finding, never a failure)'
};

/** Evidence lines shown in a report entry (the monitors keep a few more). */
const SHOWN_EVIDENCE = 6;

/** One finding in one line: summary, time, evidence, replay command. */
export function describeFinding(f: GroupFinding, replay?: string): string {
  const evidence = f.evidence.slice(-SHOWN_EVIDENCE).join(' | ');
  const parts = [`${f.summary}`, `at ${at(f.atMs)}`];
  if (evidence) parts.push(`evidence: ${evidence}`);
  if (replay) parts.push(`replay: ${replay}`);
  return parts.join('; ');
}

function entry(
  results: MonitorResults,
  key: MonitorKey,
  replay: string,
  okDetail: string
): RunReport['invariants'][number] {
  const found = results.findings[key];
  return {
    name: MONITOR_NAMES[key],
    ok: found.length === 0,
    detail:
      found.length === 0 ? okDetail : found.map((f) => describeFinding(f, replay)).join(' // ')
  };
}

/** The invariant entries of a run's report. */
export function invariantEntries(results: MonitorResults, replay: string): RunReport['invariants'] {
  const falseFailovers = results.findings.falseFailover;
  return [
    entry(results, 'splitBrain', replay, 'no writes at both sites after the copies diverged'),
    entry(
      results,
      'failoverEvidence',
      replay,
      'every declaration rested on an invalid heartbeat or on production asking'
    ),
    entry(
      results,
      'failoverLiveness',
      replay,
      `every production failure met a declaration or an operator alert within ${at(results.bounds.liveness)}`
    ),
    entry(
      results,
      'methodJudgement',
      replay,
      'every declaration came after each path the method watches was lost'
    ),
    entry(
      results,
      'dataPhysics',
      replay,
      'no host write on a paired S-VOL; every copy crossed the link while it was up, in order; lost writes add up'
    ),
    entry(
      results,
      'heartbeatSerial',
      replay,
      'every heartbeat production sent carried a serial past the one before'
    ),
    entry(
      results,
      'lostWrites',
      replay,
      results.zeroLoss
        ? 'no acknowledged write missing at a takeover'
        : 'not applicable (async copy or fence level not data)'
    ),
    {
      name: MONITOR_NAMES.falseFailover,
      ok: true,
      detail:
        falseFailovers.length === 0
          ? 'none'
          : `finding (${falseFailoverCauses(results).join(', ')}): ${falseFailovers.map((f) => describeFinding(f)).join(' // ')}`
    },
    ...availabilityEntries(results, replay)
  ];
}

/** The availability monitors' entries: the violation, and the finding (never a failure). */
function availabilityEntries(results: MonitorResults, replay: string): RunReport['invariants'] {
  const noted = results.findings.availabilityFinding;
  return [
    entry(
      results,
      'availability',
      replay,
      `no outage unexplained by a fault and unattended lasted past ${at(results.bounds.convergence)} once it was the system's business to write`
    ),
    {
      name: MONITOR_NAMES.availabilityFinding,
      ok: true,
      detail:
        noted.length === 0
          ? 'none'
          : `finding: ${noted.map((f) => describeFinding(f)).join(' // ')}`
    }
  ];
}

/**
 * The cause of each false failover, per group: `inherent` (every watched path was lost to faults)
 * or `path-delivering` (a watched path still delivered: the method-judgement monitor's violation).
 */
export function falseFailoverCauses(results: MonitorResults): string[] {
  return results.findings.falseFailover.map(
    (f) => `${f.group}: ${results.falseFailoverCauses[f.group] ?? 'inherent'}`
  );
}

/** The `falseFailover` expectation, from the false failover monitor. */
export function falseFailoverCheck(
  results: MonitorResults,
  expected: boolean
): RunReport['expectations'][number] {
  const found = results.findings.falseFailover;
  return {
    name: 'falseFailover',
    ok: found.length > 0 === expected,
    detail:
      found.length > 0
        ? `${found.map((f) => describeFinding(f)).join(' // ')} (expected ${expected ? 'one' : 'none'})`
        : `no false failover (expected ${expected ? 'one' : 'none'})`
  };
}

/** The `converges` expectation, from the convergence monitor. */
export function convergenceCheck(
  results: MonitorResults,
  expected: boolean
): RunReport['expectations'][number] {
  const violated = results.findings.convergence;
  const states = Object.entries(results.convergence);
  const converged =
    violated.length === 0 &&
    results.healedAt !== null &&
    states.every(([, s]) => s === 'converged' || s === 'converging');
  let detail: string;
  if (violated.length > 0) detail = violated.map((f) => describeFinding(f)).join(' // ');
  else if (results.healedAt === null)
    detail = `the world was never whole again after the timeline (${results.notHealed ?? 'no check'})`;
  else {
    const pending = states.filter(([, s]) => s === 'converging').map(([g]) => g);
    detail =
      pending.length === 0
        ? `whole again at ${at(results.healedAt)}; exactly one site runs the application`
        : `whole again at ${at(results.healedAt)}; ${pending.join(', ')} still converging at the end of the run (within the ${at(results.bounds.convergence)} bound)`;
  }
  return {
    name: 'converges',
    ok: converged === expected,
    detail: `${detail} (expected ${expected ? 'convergence' : 'no convergence'})`
  };
}
