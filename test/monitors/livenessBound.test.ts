/**
 * The liveness bound (monitors/livenessBound.ts): built from the configured timers and the derived
 * ones of model/timers.ts. The whole-world checks that it is wide enough are in
 * livenessBound.world.test.ts.
 */
import { resolveConfig } from '../../model/config';
import { deriveTimers } from '../../model/timers';
import {
  convergenceBound,
  livenessBound,
  methodChangeAllowance
} from '../../monitors/livenessBound';

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

  it('should allow a method change its whole handshake', () => {
    const c = resolveConfig();
    const t = deriveTimers(c);
    expect(methodChangeAllowance(c)).toBe(t.attempts * t.ackTimeout);
  });
});
