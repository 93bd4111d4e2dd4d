/**
 * What the monitors found, as report entries (monitors/monitorReport.ts): one entry per invariant,
 * the findings in one line each, and the `falseFailover` and `converges` expectations.
 */
import {
  convergenceCheck,
  describeFinding,
  falseFailoverCauses,
  falseFailoverCheck,
  invariantEntries,
  MONITOR_NAMES
} from '../../monitors/monitorReport';
import {
  type GroupFinding,
  type MonitorKey,
  type MonitorResults
} from '../../monitors/monitorWorld';

function results(overrides: Partial<MonitorResults> = {}): MonitorResults {
  const findings: Record<MonitorKey, GroupFinding[]> = {
    splitBrain: [],
    failoverEvidence: [],
    failoverLiveness: [],
    lostWrites: [],
    falseFailover: [],
    convergence: [],
    methodJudgement: [],
    dataPhysics: [],
    heartbeatSerial: [],
    availability: [],
    availabilityFinding: []
  };
  return {
    findings,
    groups: [],
    divergentWrites: 0,
    falseFailoverCauses: {},
    zeroLoss: true,
    bounds: { liveness: 7_250, convergence: 42_000 },
    healedAt: 30_000,
    notHealed: null,
    convergence: { app: 'converged' },
    states: new Set(),
    reached: new Set(),
    ...overrides
  };
}

const found = (monitor: MonitorKey, group = 'app', evidence: string[] = []): GroupFinding => ({
  monitor,
  group,
  atMs: 12_345,
  summary: `${group}: ${monitor} broken`,
  evidence
});

function withFindings(list: GroupFinding[], overrides: Partial<MonitorResults> = {}) {
  const r = results(overrides);
  for (const f of list) r.findings[f.monitor].push(f);
  return r;
}

describe('describeFinding', () => {
  it('should give the summary, the time, the last six evidence lines and the replay command', () => {
    const evidence = ['1', '2', '3', '4', '5', '6', '7', '8'];
    expect(describeFinding(found('splitBrain', 'app', evidence), 'mirrorbeat run x')).toBe(
      'app: splitBrain broken; at 12.345s; evidence: 3 | 4 | 5 | 6 | 7 | 8; replay: mirrorbeat run x'
    );
  });

  it('should leave out empty evidence and a missing replay', () => {
    expect(describeFinding(found('splitBrain'))).toBe('app: splitBrain broken; at 12.345s');
  });
});

describe('invariantEntries', () => {
  it('should pass every invariant of a clean run, with the bounds it held to', () => {
    const entries = invariantEntries(results(), 'replay');
    expect(entries.map((e) => e.name)).toEqual([
      MONITOR_NAMES.splitBrain,
      MONITOR_NAMES.failoverEvidence,
      MONITOR_NAMES.failoverLiveness,
      MONITOR_NAMES.methodJudgement,
      MONITOR_NAMES.dataPhysics,
      MONITOR_NAMES.heartbeatSerial,
      MONITOR_NAMES.lostWrites,
      MONITOR_NAMES.falseFailover,
      MONITOR_NAMES.availability,
      MONITOR_NAMES.availabilityFinding
    ]);
    expect(entries.every((e) => e.ok)).toBe(true);
    expect(entries.map((e) => e.detail)).toEqual([
      'no writes at both sites after the copies diverged',
      'every declaration rested on an invalid heartbeat or on production asking',
      'every production failure met a declaration or an operator alert within 7.250s',
      'every declaration came after each path the method watches was lost',
      'no host write on a paired S-VOL; every copy crossed the link while it was up, in order; lost writes add up',
      'every heartbeat production sent carried a serial past the one before',
      'no acknowledged write missing at a takeover',
      'none',
      "no outage unexplained by a fault and unattended lasted past 42.000s once it was the system's business to write",
      'none'
    ]);
  });

  it('should say the lost-writes invariant does not apply without zero loss', () => {
    const entry = invariantEntries(results({ zeroLoss: false }), 'replay').find(
      (e) => e.name === MONITOR_NAMES.lostWrites
    );
    expect(entry).toEqual({
      name: MONITOR_NAMES.lostWrites,
      ok: true,
      detail: 'not applicable (async copy or fence level not data)'
    });
  });

  it('should fail an invariant with each finding and its replay, joined', () => {
    const r = withFindings([found('splitBrain', 'app'), found('splitBrain', 'db')]);
    const entry = invariantEntries(r, 'mirrorbeat run x')[0];
    expect(entry).toEqual({
      name: MONITOR_NAMES.splitBrain,
      ok: false,
      detail:
        'app: splitBrain broken; at 12.345s; replay: mirrorbeat run x // db: splitBrain broken; at 12.345s; replay: mirrorbeat run x'
    });
  });

  it('should keep false failovers and unattended outages as findings that never fail', () => {
    const r = withFindings(
      [found('falseFailover', 'app'), found('falseFailover', 'db'), found('availabilityFinding')],
      { falseFailoverCauses: { app: 'path-delivering' } }
    );
    const entries = invariantEntries(r, 'replay');
    const ff = entries.find((e) => e.name === MONITOR_NAMES.falseFailover)!;
    const af = entries.find((e) => e.name === MONITOR_NAMES.availabilityFinding)!;
    expect(ff).toEqual({
      name: MONITOR_NAMES.falseFailover,
      ok: true,
      detail:
        'finding (app: path-delivering, db: inherent): app: falseFailover broken; at 12.345s // db: falseFailover broken; at 12.345s'
    });
    expect(af).toEqual({
      name: MONITOR_NAMES.availabilityFinding,
      ok: true,
      detail: 'finding: app: availabilityFinding broken; at 12.345s'
    });
    expect(falseFailoverCauses(r)).toEqual(['app: path-delivering', 'db: inherent']);
  });
});

describe('falseFailoverCheck', () => {
  it('should pass when a false failover happens exactly when expected', () => {
    expect(falseFailoverCheck(results(), false)).toEqual({
      name: 'falseFailover',
      ok: true,
      detail: 'no false failover (expected none)'
    });
    expect(falseFailoverCheck(results(), true)).toEqual({
      name: 'falseFailover',
      ok: false,
      detail: 'no false failover (expected one)'
    });
    const r = withFindings([found('falseFailover')]);
    expect(falseFailoverCheck(r, true)).toEqual({
      name: 'falseFailover',
      ok: true,
      detail: 'app: falseFailover broken; at 12.345s (expected one)'
    });
    expect(falseFailoverCheck(r, false).ok).toBe(false);
    expect(falseFailoverCheck(r, false).detail).toBe(
      'app: falseFailover broken; at 12.345s (expected none)'
    );
  });
});

describe('convergenceCheck', () => {
  it('should pass a world whole again with one site running, or still converging in its bound', () => {
    expect(convergenceCheck(results(), true)).toEqual({
      name: 'converges',
      ok: true,
      detail: 'whole again at 30.000s; exactly one site runs the application (expected convergence)'
    });
    const pending = results({ convergence: { app: 'converged', db: 'converging' } });
    expect(convergenceCheck(pending, true)).toEqual({
      name: 'converges',
      ok: true,
      detail:
        'whole again at 30.000s; db still converging at the end of the run (within the 42.000s bound) (expected convergence)'
    });
    expect(convergenceCheck(pending, false).ok).toBe(false);
  });

  it('should fail when the world was never whole again, saying why', () => {
    const r = results({ healedAt: null, notHealed: 'remote link down' });
    expect(convergenceCheck(r, true)).toEqual({
      name: 'converges',
      ok: false,
      detail:
        'the world was never whole again after the timeline (remote link down) (expected convergence)'
    });
    expect(convergenceCheck(results({ healedAt: null }), false)).toEqual({
      name: 'converges',
      ok: true,
      detail:
        'the world was never whole again after the timeline (no check) (expected no convergence)'
    });
  });

  it('should fail on a convergence finding, or a group whose monitor did not converge', () => {
    const violated = withFindings([found('convergence')], { convergence: { app: 'violated' } });
    expect(convergenceCheck(violated, true)).toEqual({
      name: 'converges',
      ok: false,
      detail: 'app: convergence broken; at 12.345s (expected convergence)'
    });
    expect(convergenceCheck(results({ convergence: { app: 'not-healed' } }), true).ok).toBe(false);
  });
});
