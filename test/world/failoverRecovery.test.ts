import type { FaultEntry, Scenario } from '../../model/scenario';
import { runScenario, type MonitoredRun } from '../../world/runScenario';
import { EXACT_TIMING, runWorld } from './runWorld';

/** A default-configuration schedule (ms times), expected to converge after its faults. */
const schedule = (name: string, faults: FaultEntry[], duration = 80_000): Scenario => ({
  name,
  seed: 1,
  duration,
  topology: { hostsPerGroup: 1, groups: 1 },
  config: EXACT_TIMING,
  faults,
  expect: { converges: true }
});

const count = (run: MonitoredRun, kind: string) =>
  run.report.alerts.filter((a) => a.kind === kind).length;
const said = (run: MonitoredRun, text: RegExp) =>
  run.narrative.filter((n) => text.test(n.text)).map((n) => n.atMs);
const violations = (run: MonitoredRun) =>
  Object.entries(run.monitors.findings)
    .filter(([k, v]) => k !== 'falseFailover' && v.length > 0)
    .map(([k]) => k);

describe('failover recovery: a failover that cannot finish leaves exactly one site serving', () => {
  it('should release production when the takeover is refused, and serve again once its array is back', () => {
    // Both arrays down: production asks for a takeover, the standby fences it and its array
    // does not answer — the refusal releases production, which runs when its array returns.
    const s = schedule('both-arrays', [
      { at: 10_000, action: 'crash', target: 'prod-storage', for: 10_000 },
      { at: 10_000, action: 'crash', target: 'standby-storage', for: 10_000 }
    ]);
    const run = runScenario(s);
    expect(count(run, 'failover-refused')).toBeGreaterThanOrEqual(1);
    expect(said(run, /released from the fence/).length).toBeGreaterThanOrEqual(1);
    expect(violations(run)).toEqual([]);
    expect(runWorld(s).appsRunning()).toEqual(['prod-1']);
  });

  it('should fence a production that missed the fence request once the network heals', () => {
    // Site isolation under automatic: the standby takes the S-VOL over while production, cut
    // off, keeps its application up (blocked by fence level data). The fence requests are lost
    // until the partition heals; the next repeat stops production.
    const s: Scenario = {
      ...schedule('zombie', [
        { at: 10_000, action: 'partition', target: 'network', for: 20_000 },
        { at: 10_000, action: 'cut', target: 'remote-link', for: 20_000 }
      ]),
      config: { ...EXACT_TIMING, failover: { onSiteIsolation: 'automatic' } }
    };
    const run = runScenario(s);
    expect(run.report.outcome.failover.happened).toBe(true);
    // Requests from the declaration on, repeated 1, 2, 4, 8, 8 s apart: the first repeat after
    // the heal (30 s) stops production — once, within one longest back-off (8 s).
    const fenced = said(run, /fenced at the request of standby-1/);
    expect(fenced).toHaveLength(1);
    expect(fenced[0]).toBeGreaterThan(30_000);
    expect(fenced[0]).toBeLessThanOrEqual(30_000 + 8_000 + 10);
    expect(violations(run)).toEqual([]);
    expect(runWorld(s).appsRunning()).toEqual(['standby-1']);
  });

  it('should hold a failed production application until the standby has heard its request', () => {
    // The standby's answers cannot reach production (one-way partition): production's array
    // fails, it asks for a takeover and, unanswered, does not restart its application — the
    // standby takes over meanwhile; after the heal the answer comes and production stands down.
    const s = schedule('held', [
      { at: 10_000, action: 'crash', target: 'prod-storage', for: 10_000 },
      {
        at: 10_000,
        action: 'partition',
        target: 'network',
        direction: 'standby-to-prod',
        for: 10_000
      }
    ]);
    const run = runScenario(s);
    expect(run.report.outcome.failover.happened).toBe(true);
    // Production's own array answered the boot probe at 1 ms; the application started 1 s later.
    expect(said(run, /application running at production/)).toEqual([1001]);
    // After the heal (20 s) the answer comes and the held application, restarting, finds its
    // volume taken over (its array answers within a few ms of the heal).
    const stoodDown = said(run, /prod-data was taken over by the other site/);
    expect(stoodDown).toHaveLength(1);
    expect(stoodDown[0]).toBeGreaterThanOrEqual(20_000);
    expect(stoodDown[0]).toBeLessThan(20_000 + 2_000);
    expect(violations(run)).toEqual([]);
    expect(runWorld(s).appsRunning()).toEqual(['standby-1']);
  });

  it('should repeat the takeover request on a lossy network until the standby hears it', () => {
    const s = schedule('lossy', [
      { at: 10_000, action: 'degrade', target: 'network', loss: 0.5, for: 20_000 },
      { at: 10_000, action: 'crash', target: 'prod-storage', for: 20_000 }
    ]);
    const run = runScenario(s);
    const declared = run.report.outcome.failover.declaredAtMs;
    expect(declared).not.toBeNull();
    // The first request left at 12 s (ioTimeout after the crash): one repeat a second after.
    expect(declared!).toBeLessThanOrEqual(10_000 + 8_007);
    expect(run.report.outcome.failover.happened).toBe(true);
    expect(violations(run)).toEqual([]);
  });

  it('should honour a takeover the standby array answered after the failover timed out', () => {
    const s = schedule('late-takeover', [
      {
        at: 10_000,
        action: 'degrade',
        target: 'remote-link',
        latency: 700,
        jitter: 50,
        for: 20_000
      },
      { at: 10_000, action: 'degrade', target: 'remote-link', loss: 0.3, for: 20_000 }
    ]);
    const run = runScenario(s);
    const refusedAt = run.report.outcome.failover.declaredAtMs;
    expect(refusedAt).not.toBeNull();
    expect(count(run, 'failover-refused')).toBe(1);
    expect(count(run, 'failover-completed')).toBe(1);
    expect(violations(run)).toEqual([]);
    expect(runWorld(s).appsRunning()).toEqual(['standby-1']);
  });

  it('should release production when the standby that fenced it restarts without a failover', () => {
    // The standby fences a hung production, then its whole site is lost; the restarted standby
    // has no failover in progress, so production (fenced on resume) serves again.
    const s = schedule('standby-lost', [
      { at: 10_000, action: 'hang', target: 'prod-1', for: 10_000 },
      { at: 15_000, action: 'disaster', target: 'standby' },
      { at: 50_000, action: 'recover', target: 'standby-storage' },
      { at: 50_000, action: 'recover', target: 'standby-1' }
    ]);
    const run = runScenario(s);
    const released = said(run, /released from the fence by standby-1/);
    expect(released).toHaveLength(1);
    expect(released[0]).toBeGreaterThanOrEqual(50_000);
    expect(violations(run)).toEqual([]);
    expect(runWorld(s).appsRunning()).toEqual(['prod-1']);
  });

  it('should fence production again when a standby that had taken over restarts and serves', () => {
    // Found by explore (isolation-automatic, seed 120998570): an automatic takeover on a site
    // isolation, then a standby disaster; the restarted standby served its taken-over volume
    // but its fence repeats were lost with its memory, so production ran on after the heal.
    const s: Scenario = {
      ...schedule('standby-restarts-after-takeover', [
        { at: 23_456, action: 'partition', target: 'network', direction: 'both' },
        { at: 31_426, action: 'cut', target: 'remote-link' },
        { at: 41_752, action: 'disaster', target: 'standby' },
        { at: 50_000, action: 'heal', target: 'network' },
        { at: 50_000, action: 'restore', target: 'remote-link' },
        { at: 50_000, action: 'recover', target: 'standby-storage' },
        { at: 50_000, action: 'recover', target: 'standby-1' }
      ]),
      config: { ...EXACT_TIMING, failover: { onSiteIsolation: 'automatic' } }
    };
    const run = runScenario(s);
    expect(run.report.outcome.failover.happened).toBe(true);
    const fencedAt = said(run, /fenced at the request of standby-1/);
    expect(fencedAt.some((t) => t >= 50_000)).toBe(true);
    expect(violations(run)).toEqual([]);
    expect(runWorld(s).appsRunning()).toEqual(['standby-1']);
  });

  it('should declare once when the standby hangs after declaring and then resumes', () => {
    const s = schedule('standby-hang', [
      { at: 10_000, action: 'crash', target: 'prod-1' },
      { at: 14_500, action: 'hang', target: 'standby-1', for: 3_000 }
    ]);
    const run = runScenario(s);
    expect(count(run, 'failure-declared')).toBe(1);
    expect(run.report.outcome.failover.happened).toBe(true);
  });

  it('should stop repeating the takeover request once answered, and production has stood down', () => {
    // The standby's answers are lost (one-way partition) until 30 s: production keeps asking
    // and holds its application; then the answer comes, the application restarts, finds its
    // volume taken over and stands down.
    const s = schedule('unanswered', [
      {
        at: 10_000,
        action: 'partition',
        target: 'network',
        direction: 'standby-to-prod',
        for: 20_000
      },
      { at: 10_000, action: 'crash', target: 'prod-storage', for: 300 }
    ]);
    const during = runWorld(s, 25_000);
    expect(during.appsRunning()).toEqual(['standby-1']);
    expect(during.cluster.hosts.get('prod-1')!.get('request')!.getSnapshot().value).toBe(
      'requesting'
    );
    const after = runWorld(s, 40_000);
    expect(after.appsRunning()).toEqual(['standby-1']);
    const request = after.cluster.hosts.get('prod-1')!.get('request')!.getSnapshot();
    expect(request.value).toBe('idle');
    expect(request.context.sent).toBeGreaterThan(10);
  });

  it('should fence a production host that comes back in the middle of the failover', () => {
    // Fence level never, pairs already suspended by a short link cut: only the fence request
    // keeps the recovered production from writing. The first request is lost (production is
    // down); its repeat reaches production while its application is still starting.
    const s: Scenario = {
      ...schedule('back-mid-failover', [
        { at: 10_000, action: 'cut', target: 'remote-link', for: 198 },
        { at: 20_000, action: 'crash', target: 'prod-1', for: 4_500 }
      ]),
      config: {
        network: { jitter: 0 },
        heartbeat: { method: 'network' },
        remoteCopy: { fenceLevel: 'never', jitter: 0 }
      }
    };
    const run = runScenario(s);
    expect(run.report.outcome.failover.happened).toBe(true);
    expect(run.report.outcome.splitBrain).toBe(false);
    const fenced = said(run, /fenced at the request of standby-1/);
    expect(fenced).toHaveLength(1);
    // Declared while production is down (the request is lost), production back at 24.5 s, its
    // boot probe answered 1 ms later, its application starting; a repeat stops it before it
    // runs (it would have at 25.501 s).
    expect(fenced[0]).toBeGreaterThan(24_500);
    expect(fenced[0]).toBeLessThan(24_500 + 1 + 1000);
    expect(said(run, /application running at production/)).toEqual([1001]);
    expect(violations(run)).toEqual([]);
  });

  it('should let a self-fenced production serve again when the standby comes back without taking over', () => {
    // Bidirectional heartbeats, automatic isolation: the standby site is lost, production
    // self-fences after selfFenceAfter; the standby returns (no failover in progress) and allows
    // production to rejoin.
    const s: Scenario = {
      ...schedule('rejoin', [
        { at: 10_000, action: 'disaster', target: 'standby' },
        { at: 40_000, action: 'recover', target: 'standby-storage' },
        { at: 40_000, action: 'recover', target: 'standby-1' }
      ]),
      config: {
        heartbeat: { bidirectional: true },
        remoteCopy: { fenceLevel: 'never' },
        failover: { onSiteIsolation: 'automatic' }
      }
    };
    const run = runScenario(s);
    expect(count(run, 'self-fenced')).toBe(1);
    const resumed = said(run, /the standby did not take over: resumes serving/);
    expect(resumed).toHaveLength(1);
    expect(resumed[0]).toBeGreaterThan(40_000);
    expect(run.report.outcome.failover.happened).toBe(false);
    expect(violations(run)).toEqual([]);
    expect(runWorld(s).appsRunning()).toEqual(['prod-1']);
  });

  it('should self-fence an application that keeps restarting while the standby serves', () => {
    // The standby's messages never reach production (one-way partition): production's array
    // fails, the standby takes over, production's application keeps restarting against its
    // silent array until production self-fences — so it cannot write when the array returns.
    const s: Scenario = {
      ...schedule(
        'restarting',
        [
          { at: 17_774, action: 'partition', target: 'network', direction: 'standby-to-prod' },
          { at: 19_993, action: 'crash', target: 'prod-storage' },
          { at: 50_000, action: 'recover', target: 'prod-storage' }
        ],
        60_000
      ),
      config: {
        heartbeat: { bidirectional: true },
        remoteCopy: { fenceLevel: 'never' },
        failover: { onSiteIsolation: 'automatic' }
      }
    };
    const run = runScenario(s);
    expect(run.report.outcome.failover.happened).toBe(true);
    expect(count(run, 'self-fenced')).toBe(1);
    expect(run.report.outcome.splitBrain).toBe(false);
    expect(runWorld(s).appsRunning()).toEqual(['standby-1']);
  });
});
