/**
 * Which heartbeat paths physically deliver, rebuilt from observations (monitors/pathDelivery.ts):
 * the tracker, the paths each method watches, why a path does not deliver, and the valid and
 * delivering paths of a standby host.
 */
import type { FaultEntry } from '../../model/scenario';
import type { MonitorEvent } from '../../monitors/monitorEvents';
import {
  delivers,
  describePaths,
  initialDelivery,
  trackDelivery,
  validDelivering,
  watchedPaths,
  whyNotDelivering,
  type PathDelivery,
  type PathDeliveryInput
} from '../../monitors/pathDelivery';

const INPUT: PathDeliveryInput = {
  productionHosts: ['prod-1', 'prod-2'],
  heartbeatVolumes: ['prod-hb', 'standby-hb'],
  method: 'both',
  networkLoss: 0.1,
  linkLoss: 0.2
};

const after = (...observations: MonitorEvent[]): PathDelivery =>
  observations.reduce(trackDelivery, initialDelivery(INPUT));
const fault = (f: Omit<FaultEntry, 'at'>, phase: 'apply' | 'revert' = 'apply'): MonitorEvent => ({
  type: 'FAULT',
  at: 1,
  fault: { at: 1, ...f },
  phase,
  operator: false
});
const host = (name: string, state: 'up' | 'hung' | 'crashed'): MonitorEvent => ({
  type: 'HOST',
  at: 1,
  group: 'app',
  host: name,
  site: 'production',
  state
});
const status = (d: PathDelivery) => ({
  network: whyNotDelivering(d, 'network'),
  mirror: whyNotDelivering(d, 'mirror')
});

describe('trackDelivery', () => {
  it('should start with everything up, the configured method and losses, and no rows', () => {
    const d = initialDelivery(INPUT);
    expect(d).toEqual({
      input: INPUT,
      method: 'both',
      hosts: {},
      arrays: { production: true, standby: true },
      link: 'up',
      partition: 'none',
      networkLoss: 0.1,
      linkLoss: 0.2,
      heartbeatPair: 'PAIR',
      ioErrors: [],
      rows: {}
    });
    expect(status(d)).toEqual({ network: null, mirror: null });
  });

  it('should follow production hosts only, arrays, the link, the network and the heartbeat pair', () => {
    const d = after(
      host('prod-1', 'crashed'),
      host('standby-1', 'crashed'),
      { type: 'STORAGE', at: 2, site: 'standby', up: false },
      { type: 'LINK', at: 3, state: 'degraded' },
      { type: 'NETWORK', at: 4, mode: 'up', partition: 'standby-to-prod' },
      { type: 'PAIR', at: 5, group: 'app', pair: 'data', from: 'PAIR', to: 'PSUE' },
      { type: 'PAIR', at: 6, group: 'app', pair: 'heartbeat', from: 'PAIR', to: 'PSUS' }
    );
    expect(d).toMatchObject({
      hosts: { 'prod-1': 'crashed' },
      arrays: { production: true, standby: false },
      link: 'degraded',
      partition: 'standby-to-prod',
      heartbeatPair: 'PSUS'
    });
  });

  it('should keep each standby host its own rows, valid until reported otherwise', () => {
    const d = after(
      { type: 'PATH', at: 1, group: 'app', host: 'standby-1', path: 'network', status: 'invalid' },
      { type: 'PATH', at: 2, group: 'app', host: 'standby-2', path: 'mirror', status: 'warning' },
      { type: 'PATH', at: 3, group: 'app', host: 'standby-1', path: 'mirror', status: 'suspended' }
    );
    expect(d.rows).toEqual({
      'standby-1': { network: 'invalid', mirror: 'suspended' },
      'standby-2': { network: 'valid', mirror: 'warning' }
    });
  });

  it('should follow a method change when applied, not when reverted', () => {
    expect(after(fault({ action: 'set-method', method: 'mirror' })).method).toBe('mirror');
    expect(after(fault({ action: 'set-method', method: 'mirror' }, 'revert')).method).toBe('both');
    expect(after(fault({ action: 'set-method' })).method).toBe('both');
  });

  it('should take a degradation of the network or the link while it lasts, back to the configured loss', () => {
    const net = after(fault({ action: 'degrade', target: 'network', loss: 1 }));
    expect([net.networkLoss, net.linkLoss]).toEqual([1, 0.2]);
    expect(
      trackDelivery(net, fault({ action: 'degrade', target: 'network' }, 'revert'))
    ).toMatchObject({ networkLoss: 0.1 });
    expect(after(fault({ action: 'degrade', target: 'network', latency: 50 })).networkLoss).toBe(
      0.1
    );
    const link = after(fault({ action: 'degrade', target: 'remote-link', loss: 1 }));
    expect([link.networkLoss, link.linkLoss]).toEqual([0.1, 1]);
    expect(
      trackDelivery(link, fault({ action: 'degrade', target: 'remote-link' }, 'revert'))
    ).toMatchObject({ linkLoss: 0.2 });
    expect(after(fault({ action: 'degrade', target: 'remote-link', jitter: 5 })).linkLoss).toBe(
      0.2
    );
    expect(after(fault({ action: 'degrade', target: 'prod-1', loss: 1 }))).toEqual(
      initialDelivery(INPUT)
    );
  });

  it('should count I/O errors on the heartbeat volumes only, while they last', () => {
    const d = after(
      fault({ action: 'io-error', target: 'standby-hb' }),
      fault({ action: 'io-error', target: 'prod-data' }),
      fault({ action: 'io-error' })
    );
    expect(d.ioErrors).toEqual(['standby-hb']);
    expect(
      trackDelivery(d, fault({ action: 'io-error', target: 'standby-hb' }, 'revert')).ioErrors
    ).toEqual([]);
  });

  it('should change nothing on other observations', () => {
    const d = initialDelivery(INPUT);
    expect(trackDelivery(d, { type: 'TIMELINE_OVER', at: 1 })).toBe(d);
    expect(trackDelivery(d, fault({ action: 'cut' }))).toBe(d);
  });
});

describe('watchedPaths', () => {
  it('should watch both paths under both, and one under network or mirror', () => {
    expect(watchedPaths('both')).toEqual(['network', 'mirror']);
    expect(watchedPaths('network')).toEqual(['network']);
    expect(watchedPaths('mirror')).toEqual(['mirror']);
  });
});

describe('delivers and whyNotDelivering', () => {
  it('should deliver nothing once no production host is up, and everything while one is', () => {
    expect(status(after(host('prod-1', 'hung')))).toEqual({ network: null, mirror: null });
    const none = after(host('prod-1', 'hung'), host('prod-2', 'crashed'));
    expect(status(none)).toEqual({
      network: 'no production host up',
      mirror: 'no production host up'
    });
    expect(delivers(none, 'network')).toBe(false);
  });

  it('should lose the network to a partition from production, or to losing every packet', () => {
    for (const partition of ['both', 'prod-to-standby']) {
      const d = after({ type: 'NETWORK', at: 1, mode: 'up', partition });
      expect(status(d)).toEqual({ network: `network partitioned (${partition})`, mirror: null });
    }
    expect(
      status(after({ type: 'NETWORK', at: 1, mode: 'up', partition: 'standby-to-prod' }))
    ).toEqual({ network: null, mirror: null });
    expect(status(after(fault({ action: 'degrade', target: 'network', loss: 1 })))).toEqual({
      network: 'network drops every packet',
      mirror: null
    });
    expect(status(after(fault({ action: 'degrade', target: 'network', loss: 0.99 })))).toEqual({
      network: null,
      mirror: null
    });
  });

  it('should lose the mirror to an array, the link, the heartbeat pair or an I/O error', () => {
    const mirror = (...o: MonitorEvent[]) => status(after(...o)).mirror;
    expect(mirror({ type: 'STORAGE', at: 1, site: 'production', up: false })).toBe(
      'an array is down'
    );
    expect(mirror({ type: 'STORAGE', at: 1, site: 'standby', up: false })).toBe('an array is down');
    expect(mirror({ type: 'LINK', at: 1, state: 'down' })).toBe('remote link down');
    expect(mirror({ type: 'LINK', at: 1, state: 'degraded' })).toBeNull();
    expect(mirror(fault({ action: 'degrade', target: 'remote-link', loss: 1 }))).toBe(
      'remote link down'
    );
    expect(mirror(fault({ action: 'degrade', target: 'remote-link', loss: 0.99 }))).toBeNull();
    expect(
      mirror({ type: 'PAIR', at: 1, group: 'app', pair: 'heartbeat', from: 'PAIR', to: 'PSUE' })
    ).toBe('heartbeat pair PSUE');
    expect(
      mirror({ type: 'PAIR', at: 1, group: 'app', pair: 'data', from: 'PAIR', to: 'PSUE' })
    ).toBeNull();
    expect(
      mirror(
        fault({ action: 'io-error', target: 'prod-hb' }),
        fault({ action: 'io-error', target: 'standby-hb' })
      )
    ).toBe('I/O errors on prod-hb, standby-hb');
  });
});

describe('validDelivering and describePaths', () => {
  const row = (path: 'network' | 'mirror', s: 'valid' | 'invalid'): MonitorEvent => ({
    type: 'PATH',
    at: 1,
    group: 'app',
    host: 'standby-1',
    path,
    status: s
  });

  it('should take a host with no report as seeing both paths valid', () => {
    const d = initialDelivery(INPUT);
    expect(validDelivering(d, 'standby-1')).toEqual(['network', 'mirror']);
    expect(describePaths(d, 'standby-1')).toBe(
      'network valid, delivering; mirror valid, delivering'
    );
  });

  it('should give the watched paths whose row is valid and which deliver', () => {
    const d = after(row('network', 'invalid'), { type: 'LINK', at: 2, state: 'down' });
    expect(validDelivering(d, 'standby-1')).toEqual([]);
    expect(describePaths(d, 'standby-1')).toBe(
      'network invalid, delivering; mirror valid, not delivering (remote link down)'
    );
    const mirrorOnly = after(
      fault({ action: 'set-method', method: 'mirror' }),
      row('network', 'invalid')
    );
    expect(validDelivering(mirrorOnly, 'standby-1')).toEqual(['mirror']);
    expect(describePaths(mirrorOnly, 'standby-1')).toBe('mirror valid, delivering');
    expect(validDelivering(mirrorOnly, 'standby-2')).toEqual(['mirror']);
  });
});
