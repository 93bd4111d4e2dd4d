import { defineScenario, at } from '../../scenarios/defineScenario';
import { runScenario } from '../../world/runScenario';
import { runWorld } from './runWorld';

const kinds = (alerts: { kind: string }[]) => new Set(alerts.map((a) => a.kind));

describe('host side: faults under the checking methods', () => {
  it('should not fail over on a network partition under both, and alert network-heartbeat-lost', () => {
    const run = runScenario(
      defineScenario({ name: 'p', duration: '90s', faults: [at('20s').partition({ for: '40s' })] })
    );
    expect(run.report.outcome.failover.happened).toBe(false);
    expect(run.report.outcome.failover.declaredAtMs).toBeNull();
    const k = kinds(run.report.alerts);
    expect(k.has('network-heartbeat-lost')).toBe(true);
    expect(k.has('network-partitioned')).toBe(true);
    expect(k.has('failure-declared')).toBe(false);
  });

  it('should not fail over on a remote link cut under both, and alert pair-suspended', () => {
    const run = runScenario(
      defineScenario({ name: 'c', duration: '90s', faults: [at('20s').cut({ for: '40s' })] })
    );
    expect(run.report.outcome.failover.happened).toBe(false);
    const k = kinds(run.report.alerts);
    expect(k.has('pair-suspended')).toBe(true);
    expect(k.has('replication-down')).toBe(true);
    expect(k.has('failure-declared')).toBe(false);
  });

  it('should fail over falsely on a partition under method network (the classic design)', () => {
    const run = runScenario(
      defineScenario({
        name: 'pn',
        duration: '60s',
        config: { heartbeat: { method: 'network' } },
        faults: [at('20s').partition({ for: '30s' })]
      })
    );
    expect(run.report.outcome.failover.happened).toBe(true);
    expect(run.report.outcome.falseFailover).toBe(true);
    // The swap-takeover made the old P-VOL read-only: production could not keep writing.
    expect(run.report.outcome.splitBrain).toBe(false);
  });

  it('should not fail over on a partition under method mirror', () => {
    const run = runScenario(
      defineScenario({
        name: 'pm',
        duration: '60s',
        config: { heartbeat: { method: 'mirror' } },
        faults: [at('20s').partition({ for: '30s' })]
      })
    );
    expect(run.report.outcome.failover.happened).toBe(false);
    expect(kinds(run.report.alerts).has('network-heartbeat-lost')).toBe(false);
  });

  it('should cause nothing for a hang shorter than the timeout', () => {
    const run = runScenario(
      defineScenario({
        name: 'hs',
        duration: '60s',
        faults: [at('20s').hang('prod-1', { for: '3s' })]
      })
    );
    expect(run.report.outcome.failover.happened).toBe(false);
    const k = kinds(run.report.alerts);
    expect(k.has('failure-declared')).toBe(false);
    expect(k.has('network-heartbeat-lost')).toBe(false);
    expect(k.has('mirror-heartbeat-lost')).toBe(false);
  });

  it('should fail over for a hang longer than the timeout, and the resumed host cannot write to the old P-VOL', () => {
    const scenario = defineScenario({
      name: 'hl',
      duration: '60s',
      faults: [at('20s').hang('prod-1', { for: '15s' })]
    });
    const run = runScenario(scenario);
    expect(run.report.outcome.failover.happened).toBe(true);
    expect(run.report.outcome.falseFailover).toBe(false);
    expect(run.report.outcome.splitBrain).toBe(false);
    expect(run.report.outcome.divergentWrites).toBe(0);
    const world = runWorld(scenario);
    expect(world.appsRunning()).toEqual(['standby-1']);
    // After the swap-takeover prod-data is the S-VOL: a write from the resumed host is refused.
    let result: unknown;
    world.cluster
      .storageAt('production')
      .write('prod-data', 0, { n: 1 }, 'prod-1')
      .subscribe((r) => (result = r));
    world.sim.runUntil(world.sim.now() + 100);
    expect(result).toMatchObject({ ok: false, error: 'read-only' });
  });

  it('should raise operator-decision-required and not take over on site isolation under manual', () => {
    const run = runScenario(
      defineScenario({
        name: 'iso',
        duration: '60s',
        faults: [at('20s').partition({ for: '30s' }), at('20s').cut({ for: '30s' })]
      })
    );
    expect(run.report.outcome.failover.happened).toBe(false);
    expect(kinds(run.report.alerts).has('operator-decision-required')).toBe(true);
  });

  it('should run the application on exactly one side under tiebreaker, in isolation and in disaster', () => {
    const isolation = runWorld(
      defineScenario({
        name: 'tb-iso',
        duration: '60s',
        config: { failover: { onSiteIsolation: 'tiebreaker' } },
        faults: [at('20s').partition(), at('20s').cut()]
      })
    );
    expect(isolation.appsRunning()).toEqual(['prod-1']);
    const disaster = runWorld(
      defineScenario({
        name: 'tb-dis',
        duration: '60s',
        config: { failover: { onSiteIsolation: 'tiebreaker' } },
        faults: [at('20s').disaster('production')]
      })
    );
    expect(disaster.appsRunning()).toEqual(['standby-1']);
  });

  it('should not read a partition as a production failure while the standby array is down', () => {
    const run = runScenario(
      defineScenario({
        name: 'stale-pair',
        duration: '60s',
        faults: [
          at('15s').crash('standby-storage', { for: '10s' }),
          at('20s').partition({ direction: 'prod-to-standby', for: '5s' })
        ]
      })
    );
    const k = kinds(run.report.alerts);
    expect(k.has('failure-declared')).toBe(false);
    expect(k.has('operator-decision-required')).toBe(true);
    expect(run.report.outcome.failover.happened).toBe(false);
  });

  it('should ask the standby to take over when the production array fails', () => {
    const run = runScenario(
      defineScenario({ name: 'st', duration: '60s', faults: [at('20s').crash('prod-storage')] })
    );
    expect(kinds(run.report.alerts).has('takeover-requested')).toBe(true);
    expect(run.report.outcome.failover.happened).toBe(true);
    expect(run.report.outcome.falseFailover).toBe(false);
    expect(run.report.outcome.lostWrites).toBe(0);
  });

  it('should lose writes on a site disaster with async copy but not with sync copy', () => {
    const disaster = (mode: 'sync' | 'async') =>
      runScenario(
        defineScenario({
          name: `dis-${mode}`,
          duration: '60s',
          config: {
            remoteCopy: { mode, latency: '40ms' },
            failover: { onSiteIsolation: 'automatic' },
            workload: { writesPerSecond: 100 }
          },
          faults: [at('20s').disaster('production')]
        })
      ).report.outcome;
    const sync = disaster('sync');
    const async = disaster('async');
    expect(sync.failover.happened).toBe(true);
    expect(async.failover.happened).toBe(true);
    expect(sync.lostWrites).toBe(0);
    expect(async.lostWrites).toBeGreaterThan(0);
  });
});
