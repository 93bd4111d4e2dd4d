import { defineScenario, at } from '../../scenarios/defineScenario';
import { runScenario } from '../../world/runScenario';

const kinds = (alerts: { kind: string }[]) => new Set(alerts.map((a) => a.kind));

describe('host side: detection of a production host crash', () => {
  // interval 1 s, timeout 5 s, poll 1 s, remote copy latency 2 ms, storage service time 1 ms.
  const phases = Array.from({ length: 10 }, (_, i) => i * 100);

  it.each(phases)(
    'should detect a crash at phase +%i ms within [timeout − interval, timeout + pollInterval + copy latency]',
    (phase) => {
      const crashAt = 20_000 + phase;
      const run = runScenario(
        defineScenario({
          name: 'crash-phase',
          duration: '45s',
          faults: [at(crashAt).crash('prod-1')]
        })
      );
      const { detectionMs, failover } = run.report.outcome;
      expect(failover.happened).toBe(true);
      expect(detectionMs).not.toBeNull();
      const copyLatency = 1 + 2; // service time + one-way link latency until the S-VOL holds it
      expect(detectionMs!).toBeGreaterThanOrEqual(5000 - 1000);
      expect(detectionMs!).toBeLessThanOrEqual(5000 + 1000 + copyLatency);
      expect(run.report.outcome.falseFailover).toBe(false);
      expect(run.report.outcome.lostWrites).toBe(0);
      expect(run.report.invariants.every((i) => i.ok)).toBe(true);
    }
  );

  it('should follow the alert sequence warning → lost → failure-declared → failover', () => {
    const run = runScenario(
      defineScenario({ name: 'crash', duration: '40s', faults: [at('20.5s').crash('prod-1')] })
    );
    const order: string[] = run.report.alerts.map((a) => a.kind);
    const first = (k: string) => order.indexOf(k);
    expect(first('heartbeat-warning')).toBeLessThan(first('failure-declared'));
    expect(first('failure-declared')).toBeLessThan(first('failover-started'));
    expect(first('failover-started')).toBeLessThan(first('failover-completed'));
    const c = run.report.outcome.failover;
    // fence request unanswered (1 s), swap-takeover (5 ms), application start (1 s).
    expect(c.completedAtMs! - c.declaredAtMs!).toBeGreaterThanOrEqual(2000);
    expect(c.completedAtMs! - c.declaredAtMs!).toBeLessThan(2100);
  });

  it('should not let a skewed clock change detection (serials and the receiver clock only)', () => {
    const plain = runScenario(
      defineScenario({ name: 'crash', duration: '40s', faults: [at('20.3s').crash('prod-1')] })
    );
    const skewed = runScenario(
      defineScenario({
        name: 'crash-skewed',
        duration: '40s',
        faults: [at('5s').skew('prod-1', '-90s'), at('20.3s').crash('prod-1')]
      })
    );
    expect(kinds(skewed.report.alerts).has('clock-skew')).toBe(true);
    expect(skewed.report.outcome.failover.declaredAtMs).toBe(
      plain.report.outcome.failover.declaredAtMs
    );
  });
});
