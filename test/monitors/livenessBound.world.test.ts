/**
 * The liveness bound (monitors/livenessBound.ts) in whole-world runs found by explore: wide enough
 * for a standby host that comes back and watches afresh, and for a method change during detection.
 * Kept apart from the unit suite (livenessBound.test.ts) because each test runs a whole world:
 * `npm run mutate` leaves `*.world.test.ts` out (README "Mutation testing").
 */
import { MONITOR_NAMES } from '../../monitors/monitorReport';
import { at, defineScenario } from '../../scenarios/defineScenario';
import { runScenario } from '../../world/runScenario';

describe('livenessBound in whole worlds', () => {
  it('should hold for a standby host that returns during a production disaster (bidirectional, automatic isolation)', () => {
    // Found by explore (seed 994335655): the returning standby starts its receiver at a seeded
    // phase, waits a whole timeout from that start and then the self-fence wait.
    const run = runScenario(
      defineScenario({
        name: 'standby-returns-during-disaster',
        duration: '60s',
        config: {
          heartbeat: { bidirectional: true },
          remoteCopy: { fenceLevel: 'never' },
          failover: { onSiteIsolation: 'automatic' }
        },
        faults: [
          at('19.072s').crash('standby-1', { for: '10.382s' }),
          at('26.814s').disaster('production')
        ]
      }),
      { seed: 994335655 }
    );
    expect(run.report.outcome.failover.happened).toBe(true);
    const liveness = run.report.invariants.find((i) => i.name === MONITOR_NAMES.failoverLiveness);
    expect(liveness?.ok).toBe(true);
  });

  it('should hold when the operator switches methods during detection', () => {
    // Found by explore (seed 466997830): method mirror, production crashes, the operator
    // switches to network 5 s later; the dead production never acknowledges the switch.
    const run = runScenario(
      defineScenario({
        name: 'method-change-during-detection',
        duration: '40s',
        config: { heartbeat: { method: 'mirror' } },
        faults: [at('15.835s').crash('prod-1'), at('20.866s').setMethod('network')]
      }),
      { seed: 466997830 }
    );
    expect(run.report.outcome.failover.happened).toBe(true);
    const liveness = run.report.invariants.find((i) => i.name === MONITOR_NAMES.failoverLiveness);
    expect(liveness?.ok).toBe(true);
  });
});
