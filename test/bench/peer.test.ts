/**
 * The benchmark's plain-JS peer models the same workload as the full simulation: heartbeats every
 * second on both paths keep them valid, the application writes about 10 times a second, and the
 * same seed gives the same run.
 */
import { runPeer } from '../../bench/peer';

describe('plain-JS discrete-event peer', () => {
  it('should keep both paths valid and send one heartbeat per second', () => {
    const r = runPeer(120_000);
    expect(r.statuses).toEqual(['valid', 'valid']);
    const [heartbeats, acked] = r.serials;
    expect(heartbeats).toBeGreaterThanOrEqual(119);
    expect(heartbeats).toBeLessThanOrEqual(120);
    expect(acked).toBeGreaterThan(1000);
    expect(acked).toBeLessThan(1400);
    // About 24–40 events per host group per simulated second, as the SPEC's peer.
    expect(r.events / 120).toBeGreaterThan(24);
    expect(r.events / 120).toBeLessThan(45);
  });

  it('should give the same run for the same seed and scale with the groups', () => {
    expect(runPeer(30_000, 2, 5)).toEqual(runPeer(30_000, 2, 5));
    expect(runPeer(30_000, 4).events).toBeGreaterThan(3.5 * runPeer(30_000, 1).events);
  });
});
