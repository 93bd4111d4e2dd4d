import { createNetwork, partitionBlocks } from '../../actors/network/createNetwork';
import type { NetworkConfig } from '../../model/config';
import type { SiteId } from '../../model/storageTypes';
import type { Packet } from '../../model/ports';
import { createSimulation } from '../../sim';

const SITES: Record<string, SiteId> = {
  'prod-1': 'production',
  'prod-2': 'production',
  'standby-1': 'standby',
  'standby-2': 'standby'
};

function world(config: Partial<NetworkConfig> = {}, seed = 1) {
  const sim = createSimulation({ seed, trace: 'full' });
  const net = createNetwork(sim, {
    latency: 1,
    jitter: 0,
    loss: 0,
    ...config,
    siteOf: (host) => SITES[host]
  });
  const received: Record<string, { at: number; packet: Packet<unknown> }[]> = {};
  for (const host of Object.keys(SITES)) {
    received[host] = [];
    net.inbox(host).subscribe((packet) => received[host].push({ at: sim.now(), packet }));
  }
  return { sim, net, received };
}

describe('network', () => {
  it('should deliver a packet after the latency', () => {
    const { sim, net, received } = world({ latency: 7 });
    sim.runUntil(100);
    net.send('prod-1', 'standby-1', { serial: 1 });
    sim.runUntil(106);
    expect(received['standby-1']).toHaveLength(0);
    sim.runUntil(107);
    expect(received['standby-1']).toEqual([
      { at: 107, packet: { from: 'prod-1', to: 'standby-1', sentAt: 100, payload: { serial: 1 } } }
    ]);
    expect(sim.trace.lines.filter((l) => l.actor === 'network').at(-1)).toMatchObject({
      t: 107,
      type: 'packet-delivered',
      payload: { from: 'prod-1', to: 'standby-1', sentAt: 100 }
    });
  });

  it('should add a seeded jitter within [latency, latency + jitter)', () => {
    const delays = (seed: number) => {
      const { sim, net, received } = world({ latency: 5, jitter: 10 }, seed);
      for (let i = 0; i < 100; i++) net.send('prod-1', 'standby-1', i);
      sim.runUntil(1000);
      return received['standby-1'].map((r) => r.at);
    };
    const a = delays(3);
    expect(a).toHaveLength(100);
    for (const d of a) {
      expect(d).toBeGreaterThanOrEqual(5);
      expect(d).toBeLessThan(15);
    }
    expect(new Set(a).size).toBeGreaterThan(50);
    expect(delays(3)).toEqual(a);
    expect(delays(4)).not.toEqual(a);
  });

  it('should lose packets with the configured probability', () => {
    const { sim, net, received } = world({ loss: 0.25 });
    for (let i = 0; i < 2000; i++) net.send('prod-1', 'standby-1', i);
    sim.runUntil(10);
    const delivered = received['standby-1'].length;
    expect(delivered).toBeGreaterThan(1400);
    expect(delivered).toBeLessThan(1600);
    const drops = sim.trace.lines.filter((l) => l.type === 'packet-dropped');
    expect(drops).toHaveLength(2000 - delivered);
    expect(drops[0].payload).toMatchObject({ reason: 'loss' });
  });

  it.each([
    ['both', [false, false, true, true]],
    ['prod-to-standby', [false, true, true, true]],
    ['standby-to-prod', [true, false, true, true]]
  ] as const)(
    'should apply a %s partition by direction and spare same-site packets',
    (dir, want) => {
      const { sim, net, received } = world();
      net.partition(dir);
      expect(net.state()).toEqual({ mode: 'up', partition: dir });
      net.send('prod-1', 'standby-1', 'p→s');
      net.send('standby-1', 'prod-1', 's→p');
      net.send('prod-1', 'prod-2', 'p→p');
      net.send('standby-2', 'standby-1', 's→s');
      sim.runUntil(10);
      expect([
        received['standby-1'].some((r) => r.packet.payload === 'p→s'),
        received['prod-1'].length === 1,
        received['prod-2'].length === 1,
        received['standby-1'].some((r) => r.packet.payload === 's→s')
      ]).toEqual(want);
    }
  );

  it('should default partition() to both directions and heal', () => {
    const { sim, net, received } = world();
    net.partition();
    expect(net.state().partition).toBe('both');
    net.heal();
    expect(net.state().partition).toBe('none');
    net.send('prod-1', 'standby-1', 1);
    sim.runUntil(5);
    expect(received['standby-1']).toHaveLength(1);
  });

  it('should drop a packet in flight when a partition is in force at its delivery time', () => {
    const { sim, net, received } = world({ latency: 10 });
    net.send('prod-1', 'standby-1', 'doomed');
    net.send('standby-1', 'prod-1', 'other way');
    sim.runUntil(5);
    net.partition('prod-to-standby');
    sim.runUntil(20);
    expect(received['standby-1']).toHaveLength(0);
    expect(received['prod-1']).toHaveLength(1);
    // Sent while the partition is in force: dropped at once.
    net.send('prod-1', 'standby-1', 'dropped at send');
    sim.runUntil(25);
    expect(received['standby-1']).toHaveLength(0);
    // A partition that starts and heals while a packet is in flight drops nothing.
    net.heal();
    net.send('prod-1', 'standby-1', 'sent after heal');
    sim.runUntil(28);
    net.partition('both');
    net.heal();
    sim.runUntil(40);
    expect(received['standby-1'].map((r) => r.packet.payload)).toEqual(['sent after heal']);
  });

  it('should degrade and restore the quality', () => {
    const { sim, net, received } = world({ latency: 2 });
    net.degrade({ latency: 50, loss: 0 });
    expect(net.state()).toEqual({ mode: 'degraded', partition: 'none' });
    net.send('prod-1', 'standby-1', 'slow');
    sim.runUntil(100);
    net.clearDegrade();
    expect(net.state().mode).toBe('up');
    net.send('prod-1', 'standby-1', 'fast');
    sim.runUntil(200);
    expect(received['standby-1'].map((r) => r.at - r.packet.sentAt)).toEqual([50, 2]);
    net.degrade({ loss: 1 });
    net.send('prod-1', 'standby-1', 'lost');
    sim.runUntil(300);
    expect(received['standby-1']).toHaveLength(2);
  });

  it('should trace partition and quality changes as transitions of the network actor', () => {
    const { sim, net } = world();
    net.partition('standby-to-prod');
    net.degrade({ jitter: 3 });
    net.heal();
    const lines = sim.trace.lines.filter((l) => l.actor === 'network' && l.type !== 'xstate.init');
    expect(lines.map((l) => [l.type, l.state])).toEqual([
      ['PARTITION', { quality: 'up', partition: 'standby-to-prod' }],
      ['DEGRADE', { quality: 'degraded', partition: 'standby-to-prod' }],
      ['HEAL', { quality: 'degraded', partition: 'none' }]
    ]);
  });

  it('should decide blocking from the sites only', () => {
    expect(partitionBlocks('none', 'production', 'standby')).toBe(false);
    expect(partitionBlocks('both', 'standby', 'standby')).toBe(false);
    expect(partitionBlocks('prod-to-standby', 'production', 'standby')).toBe(true);
    expect(partitionBlocks('prod-to-standby', 'standby', 'production')).toBe(false);
    expect(partitionBlocks('standby-to-prod', 'standby', 'production')).toBe(true);
  });
});
