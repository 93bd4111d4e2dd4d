/**
 * The liveness bound (monitors/livenessBound.ts): built from the configured timers and the derived
 * ones of model/timers.ts. The whole-world checks that it is wide enough are in
 * livenessBound.world.test.ts.
 */
import { resolveConfig } from '../../model/config';
import { deriveTimers } from '../../model/timers';
import {
  convergenceBound,
  degradeAllowance,
  linkDelay,
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

describe('linkDelay', () => {
  it('should add latency and jitter, and eight retransmissions on a lossy link', () => {
    expect(linkDelay(3, 1, 0)).toBe(4);
    expect(linkDelay(3, 1, 0.01)).toBe(4 + 8 * (2 * 3 + 10));
  });
});

describe('livenessBound with a lossy link and a slow array', () => {
  it('should add twice the link delay with retransmissions and twice the service time', () => {
    const base = resolveConfig();
    const slow = resolveConfig({ remoteCopy: { loss: 0.1 }, storage: { serviceTime: 7 } });
    const r = slow.remoteCopy;
    expect(livenessBound(slow, oneHost) - livenessBound(base, oneHost)).toBe(
      2 * linkDelay(r.latency, r.jitter, r.loss) -
        2 * (base.remoteCopy.latency + base.remoteCopy.jitter) +
        2 * (7 - base.storage.serviceTime)
    );
  });

  it('should add the self-fence wait with bidirectional heartbeats, whatever the isolation policy', () => {
    const base = livenessBound(resolveConfig(), oneHost);
    const bidirectional = resolveConfig({ heartbeat: { bidirectional: true } });
    expect(livenessBound(bidirectional, oneHost)).toBe(
      base + deriveTimers(bidirectional).selfFenceWait
    );
    expect(
      livenessBound(resolveConfig({ failover: { onSiteIsolation: 'automatic' } }), oneHost)
    ).toBe(base);
  });
});

describe('degradeAllowance', () => {
  it('should allow an I/O error on a heartbeat volume its length, and nothing on other volumes', () => {
    expect(degradeAllowance({ at: 0, action: 'io-error', target: 'standby-hb', for: 3000 })).toBe(
      3000
    );
    expect(
      degradeAllowance({ at: 0, action: 'io-error', target: 'app2-prod-rhb', for: 2000 })
    ).toBe(2000);
    expect(degradeAllowance({ at: 0, action: 'io-error', target: 'hb', for: 1000 })).toBe(1000);
    expect(degradeAllowance({ at: 0, action: 'io-error', target: 'prod-hb' })).toBe(0);
    expect(degradeAllowance({ at: 0, action: 'io-error', target: 'prod-data', for: 3000 })).toBe(0);
    expect(degradeAllowance({ at: 0, action: 'io-error', target: 'hb-data', for: 3000 })).toBe(0);
    expect(degradeAllowance({ at: 0, action: 'io-error', target: 'xhb', for: 3000 })).toBe(0);
    expect(degradeAllowance({ at: 0, action: 'crash', target: 'standby-hb', for: 3000 })).toBe(0);
  });

  it('should allow a degraded network its latency and jitter, and a degraded link twice its delay', () => {
    expect(
      degradeAllowance({ at: 0, action: 'degrade', target: 'network', latency: 50, jitter: 5 })
    ).toBe(55);
    expect(degradeAllowance({ at: 0, action: 'degrade', target: 'network' })).toBe(0);
    expect(
      degradeAllowance({ at: 0, action: 'degrade', target: 'remote-link', latency: 50, jitter: 5 })
    ).toBe(110);
    expect(
      degradeAllowance({ at: 0, action: 'degrade', target: 'remote-link', latency: 50, loss: 0.2 })
    ).toBe(2 * linkDelay(50, 0, 0.2));
  });
});

describe('convergenceBound', () => {
  it('should grow with the confirmation wait', () => {
    const base = resolveConfig();
    const slow = resolveConfig({ failover: { confirmWait: 1234 } });
    expect(convergenceBound(slow, oneHost) - convergenceBound(base, oneHost)).toBe(1234);
  });
});
