import { renderJson } from '../../report/renderJson';
import { catalogue } from '../../scenarios/catalogue';
import { runScenario } from '../../world/runScenario';

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

describe('built-in scenarios', () => {
  it('should cover the catalogue the product promises (at least 15 scenarios)', () => {
    const names = Object.keys(catalogue);
    expect(names.length).toBeGreaterThanOrEqual(15);
    for (const name of REQUIRED_COVERAGE) expect(names).toContain(name);
  });

  it.each(Object.keys(catalogue).filter((n) => n !== 'steady-state'))(
    'should run %s and meet its own expectations and every invariant',
    (name) => {
      const { scenario } = catalogue[name];
      expect(Object.keys(scenario.expect).length).toBeGreaterThan(0);
      const { report } = runScenario(scenario);
      const failed = [...report.expectations, ...report.invariants].filter((c) => !c.ok);
      expect(failed).toEqual([]);
      expect(report.expectations.length).toBeGreaterThan(0);
      // The JSON report has exactly the keys of SPEC §4.3, in order.
      expect(Object.keys(JSON.parse(renderJson(report)))).toEqual([
        'scenario',
        'seed',
        'simulatedMs',
        'outcome',
        'alerts',
        'invariants',
        'expectations',
        'events',
        'traceHash'
      ]);
    }
  );

  it('should give the same trace hash for the same seed and a different one for another seed', () => {
    const { scenario } = catalogue['tour'];
    const jittered = { ...scenario, config: { ...scenario.config, network: { jitter: 3 } } };
    const a = runScenario(jittered).report;
    const b = runScenario(jittered).report;
    const c = runScenario(jittered, { seed: 99 }).report;
    expect(b.traceHash).toBe(a.traceHash);
    expect(b.events).toBe(a.events);
    expect(c.seed).toBe(99);
    expect(c.traceHash).not.toBe(a.traceHash);
  });
});
