/**
 * The liveness bound (monitors/livenessBound.ts): built from the configured timers and the derived
 * ones of model/timers.ts, and wide enough for a standby host that comes back and watches afresh.
 */
import { resolveConfig } from '../../model/config';
import { deriveTimers } from '../../model/timers';
import {
  convergenceBound,
  livenessBound,
  methodChangeAllowance
} from '../../monitors/livenessBound';
import { MONITOR_NAMES } from '../../monitors/monitorReport';
import { at, defineScenario } from '../../scenarios/defineScenario';
import { runScenario } from '../../world/runScenario';

const oneHost = { hostsPerGroup: 1, groups: 1 } as const;

describe('livenessBound', () => {
  it('should add timeout, poll, I/O timeout, the copy lag and the network on the defaults', () => {
    const c = resolveConfig();
    const copyLag = 2 * (c.remoteCopy.latency + c.remoteCopy.jitter) + 2 * c.storage.serviceTime;
    expect(livenessBound(c, oneHost)).toBe(
      c.heartbeat.timeout +
        c.heartbeat.pollInterval +
        c.heartbeat.ioTimeout +
        copyLag +
        c.network.latency +
        c.network.jitter
    );
  });

  it('should add the derived self-fence wait, not the bare selfFenceAfter, under bidirectional automatic isolation', () => {
    const base = resolveConfig();
    const c = resolveConfig({
      heartbeat: { bidirectional: true },
      failover: { onSiteIsolation: 'automatic' }
    });
    const wait = deriveTimers(c).selfFenceWait;
    expect(wait).toBeGreaterThan(c.heartbeat.selfFenceAfter);
    expect(livenessBound(c, oneHost) - livenessBound(base, oneHost)).toBe(wait);
  });

  it('should add the local takeover when a group has several hosts', () => {
    const c = resolveConfig();
    expect(livenessBound(c, { hostsPerGroup: 2, groups: 1 }) - livenessBound(c, oneHost)).toBe(
      c.hosts.localTakeover
    );
  });

  it('should build the convergence bound from the derived takeover and start timeouts', () => {
    const c = resolveConfig();
    const t = deriveTimers(c);
    expect(convergenceBound(c, oneHost) - livenessBound(c, oneHost)).toBe(
      c.failover.confirmWait +
        c.failover.fenceTimeout +
        t.takeoverTimeout +
        t.startTimeout +
        c.hosts.localTakeover +
        c.failover.appStartTime
    );
  });

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

  it('should allow a method change its whole handshake, and hold when the operator switches methods during detection', () => {
    const c = resolveConfig();
    const t = deriveTimers(c);
    expect(methodChangeAllowance(c)).toBe(t.attempts * t.ackTimeout);
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
