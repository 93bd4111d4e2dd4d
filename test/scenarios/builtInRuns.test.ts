import { renderJson } from '../../report/renderJson';
import { catalogue } from '../../scenarios/catalogue';
import { runScenario } from '../../world/runScenario';
import { version } from '../../package.json';

const REQUIRED_COVERAGE = [
  'tour',
  'steady-state',
  'prod-host-crash',
  'hang-short',
  'hang-long',
  'partition-both',
  'partition-network-method',
  'partition-mirror-method',
  'one-way-partition',
  'link-cut-both',
  'link-cut-network-method',
  'link-cut-mirror-method',
  'link-flapping',
  'link-cut-auto-resync',
  'latency-spikes',
  'heartbeat-io-error',
  'prod-storage-failure',
  'site-disaster-sync',
  'site-disaster-async',
  'isolation-manual',
  'isolation-automatic',
  'isolation-tiebreaker',
  'clock-skew',
  'method-change',
  'install-uninstall',
  'failback',
  'bidirectional-isolation',
  'local-takeover',
  'several-groups'
];

/** The keys of the SPEC §4.3 report, in order. */
const REPORT_KEYS = [
  'scenario',
  'seed',
  'version',
  'ok',
  'simulatedMs',
  'config',
  'outcome',
  'groups',
  'alerts',
  'invariants',
  'expectations',
  'events',
  'traceHash'
];

const isTime = (v: unknown) => v === null || (typeof v === 'number' && v >= 0);

/** Every SPEC §4.3 outcome field, with its type and the rounding of figures. */
function expectOutcomeFields(o: Record<string, unknown>): void {
  const failover = o.failover as Record<string, unknown>;
  expect(typeof failover.happened).toBe('boolean');
  for (const key of ['declaredAtMs', 'completedAtMs']) expect(isTime(failover[key])).toBe(true);
  for (const key of ['firstFaultMs', 'failureOnsetMs', 'detectionMs', 'failoverMs'])
    expect(isTime(o[key])).toBe(true);
  expect(typeof o.unavailableMs).toBe('number');
  for (const key of ['falseFailover', 'splitBrain']) expect(typeof o[key]).toBe('boolean');
  for (const key of ['divergentWrites', 'lostWrites']) expect(Number.isInteger(o[key])).toBe(true);
  for (const v of [o.failureOnsetMs, o.detectionMs, o.failoverMs, o.unavailableMs]) {
    if (typeof v === 'number') expect(Math.round(v * 1000) / 1000).toBe(v);
  }
}

describe('built-in scenarios', () => {
  it('should cover the catalogue the product promises (at least 15 scenarios)', () => {
    const names = Object.keys(catalogue);
    expect(names.length).toBeGreaterThanOrEqual(15);
    for (const name of REQUIRED_COVERAGE) expect(names).toContain(name);
  });

  it.each(Object.keys(catalogue))(
    'should run %s with two seeds, meet its expectations and every invariant with both, and give two traces',
    (name) => {
      const { scenario } = catalogue[name];
      expect(Object.keys(scenario.expect).length).toBeGreaterThan(0);
      const reports = [scenario.seed, scenario.seed + 1].map(
        (seed) => runScenario(scenario, { seed }).report
      );
      for (const report of reports) {
        const failed = [...report.expectations, ...report.invariants].filter((c) => !c.ok);
        expect(failed).toEqual([]);
        expect(report.ok).toBe(true);
        expect(report.expectations.length).toBeGreaterThan(0);
      }
      // Seeds matter with the default configuration (jitter, as on real systems).
      expect(reports[1].traceHash).not.toBe(reports[0].traceHash);

      // The JSON report has exactly the keys of SPEC §4.3, in order, and every field.
      const json = JSON.parse(renderJson(reports[0])) as Record<string, unknown>;
      expect(Object.keys(json)).toEqual(REPORT_KEYS);
      expect(json.version).toBe(version);
      expect(json.ok).toBe(true);
      expect(json.config).toMatchObject({
        heartbeat: { method: expect.any(String), timeout: expect.any(Number) },
        topology: scenario.topology
      });
      expectOutcomeFields(json.outcome as Record<string, unknown>);
      const groups = json.groups as { group: string; outcome: Record<string, unknown> }[];
      expect(groups.map((g) => g.group)).toEqual(
        Array.from({ length: scenario.topology.groups }, (_, i) =>
          i === 0 ? 'app' : `app${i + 1}`
        )
      );
      for (const g of groups) expectOutcomeFields(g.outcome);
    }
  );

  it('should give the same trace hash for the same seed and a different one for another seed', () => {
    const { scenario } = catalogue['tour'];
    const a = runScenario(scenario).report;
    const b = runScenario(scenario).report;
    const c = runScenario(scenario, { seed: 99 }).report;
    expect(b.traceHash).toBe(a.traceHash);
    expect(b.events).toBe(a.events);
    expect(c.seed).toBe(99);
    expect(c.traceHash).not.toBe(a.traceHash);
  });

  it('should measure the tour from the crash it answers, the first fault shown apart', () => {
    const { report } = runScenario(catalogue['tour'].scenario);
    const o = report.outcome;
    expect(o.firstFaultMs).toBe(30_000); // the partition, ridden out
    expect(o.failureOnsetMs).toBe(120_400); // the crash
    // A crash is declared once both paths are a timeout (5 s) past their last serial: between
    // timeout − interval and timeout + poll + copy lag after the crash, by the seeded phases.
    expect(o.detectionMs!).toBeGreaterThanOrEqual(4_000);
    expect(o.detectionMs!).toBeLessThanOrEqual(6_100);
    // Then the fence wait (1 s), the swap-takeover and the application start (1 s).
    expect(o.failoverMs! - o.detectionMs!).toBeGreaterThan(2_000);
    expect(o.failoverMs! - o.detectionMs!).toBeLessThan(2_100);
    expect(o.failover.declaredAtMs).toBe(o.failureOnsetMs! + o.detectionMs!);
    // No acknowledged write from the crash until the standby's application writes.
    expect(o.unavailableMs).toBeGreaterThan(o.failoverMs!);
    expect(o.unavailableMs).toBeLessThan(o.failoverMs! + 1000);
    expect(report.groups).toEqual([{ group: 'app', outcome: o }]);
  });

  it('should give each group its own outcome and the run the worst of them', () => {
    const { report } = runScenario(catalogue['several-groups'].scenario);
    const [app, app2, app3] = report.groups.map((g) => g.outcome);
    expect(app2.failover.happened).toBe(true);
    expect(app2.failureOnsetMs).toBe(20_500);
    for (const quiet of [app, app3]) {
      expect(quiet.failover.happened).toBe(false);
      expect(quiet.failureOnsetMs).toBeNull();
      expect(quiet.unavailableMs).toBe(0);
    }
    expect(report.outcome.detectionMs).toBe(app2.detectionMs);
    expect(report.outcome.unavailableMs).toBe(app2.unavailableMs);
  });
});
