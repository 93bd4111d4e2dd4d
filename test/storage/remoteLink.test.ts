import { RETRANSMIT_PENALTY } from '../../actors/storage/createRemoteLink';
import { createHarness, okValue } from './harness';

describe('remote link', () => {
  it('should report up, degraded and down and publish link-state events', () => {
    const h = createHarness();
    expect(h.side.link.state()).toBe('up');
    h.side.link.degrade({ latency: 20 });
    expect(h.side.link.state()).toBe('degraded');
    h.advance(10);
    h.side.link.cut();
    expect(h.side.link.state()).toBe('down');
    // A repaired link keeps its degradation until cleared.
    h.side.link.restore();
    expect(h.side.link.state()).toBe('degraded');
    h.side.link.clearDegrade();
    expect(h.side.link.state()).toBe('up');
    expect(h.eventsOf('link-state').map((e) => [e.at, e.state])).toEqual([
      [0, 'degraded'],
      [10, 'down'],
      [10, 'degraded'],
      [10, 'up']
    ]);
    expect(h.eventsOf('link-state')[0]).toMatchObject({ link: 'remote-link' });
  });

  it('should carry copies with the degraded latency, then the configured one again', () => {
    const h = createHarness();
    h.side.link.degrade({ latency: 30 });
    const slow = h.write('prod-data', 0, 'slow');
    h.advance(100);
    expect(slow.at).toBe(1 + 2 * 30);
    h.side.link.clearDegrade();
    const fast = h.write('prod-data', 0, 'fast');
    h.advance(100);
    expect(fast.at! - fast.issuedAt).toBe(5);
  });

  it('should retransmit lost messages instead of dropping them', () => {
    const h = createHarness({ remoteCopy: { loss: 0.3 } });
    const extras: number[] = [];
    for (let i = 0; i < 200; i++) {
      const w = h.write('prod-data', i, i);
      h.advance(500);
      expect(okValue(w)).toBeUndefined();
      extras.push(w.at! - w.issuedAt - 5);
    }
    // Each retransmission adds 2 × latency + 10 ms.
    const perRetransmit = 2 * 2 + RETRANSMIT_PENALTY;
    for (const extra of extras) expect(extra % perRetransmit).toBe(0);
    const retransmits = h.sim.trace.lines
      .filter((l) => l.type === 'retransmit')
      .reduce((n, l) => n + (l.payload as { tries: number }).tries, 0);
    expect(extras.reduce((a, b) => a + b, 0)).toBe(retransmits * perRetransmit);
    // About 30 % of 400 messages (copy + ack per write) needed at least one retransmission.
    const hit = h.sim.trace.lines.filter((l) => l.type === 'retransmit').length;
    expect(hit).toBeGreaterThan(80);
    expect(hit).toBeLessThan(160);
    expect(h.state()).toBe('PAIR');
  });

  it('should never let a later message overtake an earlier one', () => {
    const h = createHarness({ remoteCopy: { latency: 5, jitter: 50, mode: 'async' } });
    for (let i = 0; i < 50; i++) h.write('prod-data', 0, i);
    h.advance(1000);
    expect(h.side.peekBlock('standby-data', 0)?.data).toBe(49);
    const seqs = h.eventsOf('copy-applied').map((e) => e.writeSeq);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('should not deliver messages that were in flight when the link went down', () => {
    const h = createHarness({ remoteCopy: { mode: 'async', latency: 10 } });
    h.write('prod-data', 0, 'lost');
    h.advance(5);
    h.side.link.cut();
    h.side.link.restore();
    h.advance(50);
    expect(h.side.peekBlock('standby-data', 0)).toBeUndefined();
    expect(h.eventsOf('copy-applied')).toHaveLength(0);
  });
});
