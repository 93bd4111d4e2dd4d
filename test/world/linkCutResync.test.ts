import { setup } from 'xstate';
import type { FaultInput } from '../../scenarios/defineScenario';
import { at, defineScenario } from '../../scenarios/defineScenario';
import { runScenario, type MonitoredRun } from '../../world/runScenario';

/**
 * The case under the safe defaults (method both, sync copy, fence level data, manual
 * isolation): the remote link is cut for 60 s and restored, then production crashes.
 */
function cutThenCrash(extra: FaultInput[], autoResync = false): MonitoredRun {
  return runScenario(
    defineScenario({
      name: 'link-cut-then-crash',
      duration: '3m',
      ...(autoResync ? { config: { remoteCopy: { autoResync: true } } } : {}),
      faults: [at('20s').cut(), at('80s').restore(), ...extra, at('140s').crash('prod-1')]
    })
  );
}

/** The link cut and restored, and nothing else: the timeline is over once the link is back. */
function cutThenRestore(extra: FaultInput[] = [], autoResync = false): MonitoredRun {
  return runScenario(
    defineScenario({
      name: 'link-cut-then-restore',
      duration: '3m',
      ...(autoResync ? { config: { remoteCopy: { autoResync: true } } } : {}),
      faults: [at('20s').cut(), at('80s').restore(), ...extra]
    })
  );
}

/** An autoResync program that ignores START (the mutation: cluster software not installed). */
const neverStarts = setup({}).createMachine({
  id: 'autoResync',
  initial: 'idle',
  states: { idle: {} }
});

const alertKinds = (run: MonitoredRun) => run.report.alerts.map((a) => a.kind);
const invariant = (run: MonitoredRun, prefix: string) =>
  run.report.invariants.find((i) => i.name.startsWith(prefix));

describe('a link cut then restore, with and without resync', () => {
  it('should be flagged by the availability monitor without a resync: writes rejected for good', () => {
    const run = cutThenRestore();
    const [found] = run.monitors.findings.availability;
    expect(found).toBeDefined();
    expect(found.summary).toMatch(
      /could not write from 20\.\d+s \(writes fail at prod-data \(fenced\); data pair PSUE\)/
    );
    // The bound runs from when the world was whole again (the restore), not from the cut.
    expect(found.atMs).toBeCloseTo(80_000 + run.monitors.bounds.convergence, 0);
    expect(run.report.ok).toBe(false);
    expect(invariant(run, 'no lasting write outage that nothing')?.ok).toBe(false);
    // Unavailable from the cut to the end of the run.
    expect(run.report.outcome.unavailableMs).toBeGreaterThan(159_000);
  });

  it('should leave the later crash to the operator without a resync (no automatic failover)', () => {
    const run = cutThenCrash([]);
    expect(run.report.outcome.failover.happened).toBe(false);
    expect(alertKinds(run)).toContain('operator-decision-required');
    // While the timeline still ran, the stuck pair is a finding, never a failure.
    expect(run.monitors.findings.availabilityFinding).toHaveLength(1);
    expect(run.monitors.findings.availability).toEqual([]);
    expect(invariant(run, 'no lasting write outage left')?.detail).toMatch(/^finding: app: /);
  });

  it("should recover with the operator's resync: writes accepted again, a later crash fails over", () => {
    const quiet = cutThenRestore([at('85s').resync()]);
    expect(quiet.monitors.findings.availability).toEqual([]);
    expect(quiet.monitors.findings.availabilityFinding).toEqual([]);
    // Unavailable from the cut to a little after the resync, not to the end of the run.
    expect(quiet.report.outcome.unavailableMs).toBeGreaterThan(64_000);
    expect(quiet.report.outcome.unavailableMs).toBeLessThan(66_000);

    const run = cutThenCrash([at('85s').resync('prod-data'), at('85s').resync('prod-hb')]);
    expect(run.report.outcome.failover.happened).toBe(true);
    expect(run.report.outcome.failoverMs).toBeLessThan(10_000);
    expect(alertKinds(run)).not.toContain('operator-decision-required');
    expect(run.report.outcome.lostWrites).toBe(0);
    expect(run.report.ok).toBe(true);
  });

  it('should recover with autoResync: the cluster software resyncs once the link is back', () => {
    const quiet = cutThenRestore([], true);
    expect(quiet.monitors.findings.availability).toEqual([]);
    // The resync follows the restore within a pair poll; writes are back at once.
    expect(quiet.report.outcome.unavailableMs).toBeLessThan(61_500);
    const resynced = quiet.narrative.filter((n) =>
      n.text.includes('auto-resync of prod-data accepted')
    );
    expect(resynced).toHaveLength(1);
    expect(resynced[0].atMs).toBeGreaterThanOrEqual(80_000);
    expect(resynced[0].atMs).toBeLessThan(81_100);

    const run = cutThenCrash([], true);
    expect(run.report.outcome.failover.happened).toBe(true);
    expect(run.report.outcome.failoverMs).toBeLessThan(10_000);
    expect(alertKinds(run)).not.toContain('operator-decision-required');
    expect(run.report.ok).toBe(true);
  });

  it('should flag the outage under autoResync when the cluster software is missing', () => {
    // autoResync configured, but the program replaced by one that never starts: nobody resyncs.
    const run = runScenario(
      defineScenario({
        name: 'auto-resync-missing',
        duration: '2m',
        config: { remoteCopy: { autoResync: true } },
        faults: [at('20s').cut({ for: '20s' }), at('110s').crash('standby-1')]
      }),
      { machines: { autoResync: neverStarts } }
    );
    // With autoResync the system is meant to write again even while the timeline still runs.
    const [found] = run.monitors.findings.availability;
    expect(found?.summary).toMatch(/with remoteCopy\.autoResync on/);
    expect(found.atMs).toBeCloseTo(40_000 + run.monitors.bounds.convergence, 0);
  });
});
