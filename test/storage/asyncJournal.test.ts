import { createHarness, okValue } from './harness';

describe('async remote copy (journal)', () => {
  it('should acknowledge after the local service time and apply at the S-VOL a latency later', () => {
    const h = createHarness({ remoteCopy: { mode: 'async', latency: 20 } });
    const w = h.write('prod-data', 5, 'a');
    h.advance(1);
    expect(okValue(w)).toBeUndefined();
    expect(w.at).toBe(1);
    expect(h.side.pairView('data-pair').journalUsed).toBe(1);
    expect(h.side.countersOf('data-pair').pending).toBe(1);
    h.advance(20);
    expect(h.side.peekBlock('standby-data', 5)).toMatchObject({ data: 'a', at: 21, writeSeq: 1 });
    expect(h.side.pairView('data-pair').journalUsed).toBe(0);
    expect(h.side.countersOf('data-pair')).toMatchObject({ pending: 0, copied: 1 });
  });

  it('should suspend the pair with reason journal full when the journal fills', () => {
    const h = createHarness({ remoteCopy: { mode: 'async', latency: 100, journalCapacity: 5 } });
    const acks: (number | undefined)[] = [];
    // One write per ms from t = 0; the link takes 100 ms, so entries pile up in the journal.
    for (let i = 0; i < 8; i++) {
      h.sim.clock.setTimeout(() => {
        const c = h.write('prod-data', i, i);
        h.sim.clock.setTimeout(() => acks.push(c.at), 1);
      }, i);
    }
    h.advance(20);
    // Writes served at t = 1..8; the sixth finds 5 entries in flight: PSUE at t = 6.
    expect(h.state()).toBe('PSUE');
    expect(h.eventsOf('pair-state')).toEqual([
      {
        kind: 'pair-state',
        at: 6,
        pair: 'data-pair',
        from: 'PAIR',
        to: 'PSUE',
        reason: 'journal full'
      }
    ]);
    // Async never fences: every write was acknowledged after its service time.
    expect(acks).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(h.side.pairView('data-pair').journalUsed).toBe(5);
    h.advance(200);
    // Copying stopped at the suspension: nothing in the journal is applied, all 8 are pending.
    expect(h.side.highWater('standby-data', 'prod-1')).toBe(0);
    expect(h.side.countersOf('data-pair')).toMatchObject({ writesAcknowledged: 8, pending: 8 });
  });

  it('should suspend on link down and keep the unsent entries pending', () => {
    const h = createHarness({ remoteCopy: { mode: 'async', latency: 10 } });
    for (let i = 0; i < 3; i++) h.write('prod-data', i, i);
    h.advance(20); // all three applied at 11
    for (let i = 3; i < 6; i++) h.write('prod-data', i, i);
    h.advance(5); // acknowledged at 21, in flight until 31
    h.side.link.cut();
    expect(h.state()).toBe('PSUE');
    const w = h.write('prod-data', 6, 6);
    h.advance(50);
    expect(okValue(w)).toBeUndefined();
    expect(h.side.highWater('standby-data', 'prod-1')).toBe(3);
    expect(h.side.highWater('prod-data', 'prod-1')).toBe(7);
    expect(h.side.pairView('data-pair').journalUsed).toBe(3);
    expect(h.side.countersOf('data-pair').pending).toBe(4);
    expect(h.side.counters().pending).toBe(4);
  });

  it('should drain the journal in write order', () => {
    const h = createHarness({ remoteCopy: { mode: 'async', latency: 5, jitter: 20 } });
    for (let i = 1; i <= 30; i++) h.write('prod-data', i % 4, i, i % 2 ? 'w1' : 'w2');
    h.advance(200);
    const applied = h.eventsOf('copy-applied');
    expect(applied).toHaveLength(30);
    const times = applied.map((e) => e.at);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(applied.filter((e) => e.writer === 'w1').map((e) => e.writeSeq)).toEqual(
      Array.from({ length: 15 }, (_, i) => i + 1)
    );
    expect(h.side.peekBlock('standby-data', 2)?.data).toBe(30);
  });
});
