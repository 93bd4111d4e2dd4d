import { createHarness, errorOf, okValue } from './harness';

describe('takeover (horctakeover on the S-VOL)', () => {
  it('should swap roles with a swap-takeover after service time plus a link round trip', () => {
    const h = createHarness();
    h.write('prod-data', 0, 'before');
    h.advance(10);
    const t = h.command('standby-data', 'takeover');
    h.advance(4);
    expect(t.result).toBeUndefined();
    h.advance(1);
    expect(okValue(t)).toBe('swap-takeover');
    expect(t.at).toBe(15); // serviceTime 1 + 2 × latency 2
    expect(h.side.pairView('data-pair')).toMatchObject({
      state: 'PAIR',
      primary: 'standby-data',
      secondary: 'prod-data'
    });
    expect(h.eventsOf('takeover')).toEqual([
      {
        kind: 'takeover',
        at: 15,
        pair: 'data-pair',
        result: 'swap-takeover',
        detail: 'P-VOL and S-VOL roles swapped'
      }
    ]);
    // Subsequent writes go the other way: standby → production, and production is read-only.
    const s = h.write('standby-data', 1, 'after', 'standby-1');
    const p = h.write('prod-data', 1, 'stale', 'prod-1');
    h.advance(10);
    expect(okValue(s)).toBeUndefined();
    expect(s.at).toBe(20);
    expect(errorOf(p)).toBe('read-only');
    expect(h.eventsOf('copy-applied').at(-1)).toMatchObject({
      volume: 'prod-data',
      writer: 'standby-1',
      at: 18
    });
    expect(h.side.peekBlock('prod-data', 1)?.data).toBe('after');
  });

  it('should drain an async journal before completing a swap-takeover', () => {
    const h = createHarness({ remoteCopy: { mode: 'async', latency: 10, loss: 0.5 } });
    for (let i = 0; i < 10; i++) h.write('prod-data', i, i);
    h.advance(1);
    expect(h.side.pairView('data-pair').journalUsed).toBe(10);
    const t = h.command('standby-data', 'takeover');
    h.advance(2000);
    expect(okValue(t)).toBe('swap-takeover');
    const lastCopy = Math.max(...h.eventsOf('copy-applied').map((e) => e.at));
    expect(t.at).toBeGreaterThanOrEqual(lastCopy);
    expect(t.at).toBeGreaterThanOrEqual(1 + 1 + 2 * 10);
    expect(h.side.highWater('standby-data', 'prod-1')).toBe(10);
    expect(h.side.countersOf('data-pair')).toMatchObject({ pending: 0, lost: 0 });
  });

  it('should block P-VOL writes once the swap request has reached the P-VOL array', () => {
    const h = createHarness({ remoteCopy: { latency: 10 } });
    h.command('standby-data', 'takeover'); // decided at 1, request at the P-VOL at 11
    h.advance(11);
    const w = h.write('prod-data', 0, 'late');
    h.advance(30);
    expect(w.result).toMatchObject({ ok: false, error: 'blocked' });
    expect(h.side.pairView('data-pair').primary).toBe('standby-data');
  });

  it('should refuse a second takeover while a swap-takeover is in progress', () => {
    const h = createHarness();
    const first = h.command('standby-data', 'takeover');
    h.advance(1);
    const second = h.command('standby-data', 'takeover');
    h.advance(10);
    expect(okValue(first)).toBe('swap-takeover');
    expect(second.result).toMatchObject({
      ok: false,
      error: 'refused',
      detail: 'swap-takeover in progress'
    });
  });

  it('should make the S-VOL SSWS and read-write with an svol-takeover when the link is down', () => {
    const h = createHarness();
    h.side.link.cut();
    const before = h.write('standby-data', 0, 'x', 'standby-1');
    h.advance(10);
    expect(errorOf(before)).toBe('read-only');
    const t = h.command('standby-data', 'takeover');
    h.advance(1);
    expect(okValue(t)).toBe('svol-takeover');
    expect(t.at).toBe(11);
    expect(h.state()).toBe('SSWS');
    const after = h.write('standby-data', 0, 'y', 'standby-1');
    h.advance(1);
    expect(okValue(after)).toBeUndefined();
    expect(after.at).toBe(12);
    // The P-VOL was fenced (fence data) and stays fenced: no second writer.
    const prod = h.write('prod-data', 0, 'z');
    h.advance(1);
    expect(errorOf(prod)).toBe('fenced');
  });

  it('should lose exactly the unapplied async writes at an svol-takeover', () => {
    const h = createHarness({ remoteCopy: { mode: 'async', latency: 10 } });
    for (let i = 0; i < 4; i++) h.write('prod-data', i, i);
    h.advance(20); // applied at 11
    for (let i = 4; i < 10; i++) h.write('prod-data', i, i);
    h.advance(5); // acknowledged at 21, in flight until 31
    h.side.link.cut();
    h.write('prod-data', 10, 10); // accepted locally: async never fences
    h.advance(5);
    const hwP = h.side.highWater('prod-data', 'prod-1');
    const hwS = h.side.highWater('standby-data', 'prod-1');
    expect([hwP, hwS]).toEqual([11, 4]);
    const t = h.command('standby-data', 'takeover');
    h.advance(1);
    expect(okValue(t)).toBe('svol-takeover');
    expect(h.state()).toBe('SSWS');
    expect(h.side.countersOf('data-pair').lost).toBe(hwP - hwS);
    expect(h.eventsOf('takeover').at(-1)?.detail).toMatch(
      /7 acknowledged write\(s\) not on the S-VOL/
    );
    // Restoring the link never delivers the lost entries.
    h.side.link.restore();
    h.advance(100);
    expect(h.side.highWater('standby-data', 'prod-1')).toBe(4);
    expect(h.side.pairView('data-pair').journalUsed).toBe(0);
  });

  it('should take over with svol-takeover when the P-VOL subsystem has failed', () => {
    const h = createHarness();
    h.prod.crash();
    const t = h.command('standby-data', 'takeover');
    h.advance(1);
    expect(okValue(t)).toBe('svol-takeover');
    expect(h.state()).toBe('SSWS');
  });

  it('should fall back to svol-takeover when the link goes down during a swap-takeover', () => {
    const h = createHarness({ remoteCopy: { latency: 10 } });
    const t = h.command('standby-data', 'takeover');
    h.advance(5);
    h.side.link.cut();
    expect(okValue(t)).toBe('svol-takeover');
    expect(t.at).toBe(5);
    expect(h.state()).toBe('SSWS');
    expect(h.side.pairView('data-pair').primary).toBe('prod-data');
    expect(h.eventsOf('takeover').at(-1)?.detail).toMatch(/during swap-takeover/);
  });

  it('should let the old P-VOL keep writing after an svol-takeover with fence never', () => {
    const h = createHarness({ remoteCopy: { fenceLevel: 'never' } });
    h.side.link.cut();
    h.command('standby-data', 'takeover');
    h.advance(2);
    expect(h.state()).toBe('SSWS');
    const p = h.write('prod-data', 0, 'prod');
    const s = h.write('standby-data', 0, 'standby', 'standby-1');
    h.advance(2);
    // Both sites accept writes: this is what split-brain monitors must catch.
    expect(okValue(p)).toBeUndefined();
    expect(okValue(s)).toBeUndefined();
  });

  it('should reverse the pair with swap after SSWS, overwriting the old P-VOL', () => {
    const h = createHarness();
    h.side.link.cut();
    h.command('standby-data', 'takeover');
    h.advance(2);
    h.write('standby-data', 0, 'standby wins', 'standby-1');
    h.advance(2);
    h.side.link.restore();
    const resync = h.command('standby-data', 'resync');
    h.advance(2);
    expect(resync.result).toMatchObject({ ok: false, error: 'refused' });
    expect(resync.result?.ok === false && resync.result.detail).toMatch(/swap/);
    const swap = h.command('standby-data', 'swap');
    h.advance(1);
    expect(okValue(swap)).toBe('COPY');
    expect(h.side.pairView('data-pair')).toMatchObject({
      state: 'COPY',
      primary: 'standby-data',
      secondary: 'prod-data'
    });
    h.advance(10); // one dirty block: 2 × latency + serviceTime
    expect(h.state()).toBe('PAIR');
    expect(h.side.peekBlock('prod-data', 0)?.data).toBe('standby wins');
    const w = h.write('standby-data', 1, 'mirrored', 'standby-1');
    h.advance(10);
    expect(okValue(w)).toBeUndefined();
    expect(h.side.peekBlock('prod-data', 1)?.data).toBe('mirrored');
  });
  it('should refuse a swap-takeover when a copy fails while it is in progress', () => {
    const h = createHarness({ remoteCopy: { latency: 10 } });
    h.standby.ioError('standby-data', true);
    const w = h.write('prod-data', 0, 'x'); // copy reaches the S-VOL at 11, error back at 21
    const t = h.command('standby-data', 'takeover');
    h.advance(30);
    expect(t.result).toMatchObject({ ok: false, error: 'refused' });
    expect(t.result?.ok === false && t.result.detail).toMatch(/swap-takeover failed: S-VOL/);
    expect(t.at).toBe(21);
    expect(errorOf(w)).toBe('fenced');
    expect(h.side.pairView('data-pair')).toMatchObject({ state: 'PSUE', primary: 'prod-data' });
    expect(h.eventsOf('takeover')).toEqual([
      expect.objectContaining({ result: 'refused', at: 21 })
    ]);
  });

  it('should leave a takeover unanswered when the S-VOL array fails during the swap', () => {
    const h = createHarness({ remoteCopy: { latency: 10 } });
    const t = h.command('standby-data', 'takeover');
    h.advance(5);
    h.standby.crash();
    h.advance(100);
    expect(t.result).toBeUndefined();
    expect(h.state()).toBe('PSUE');
    expect(h.side.pairView('data-pair').primary).toBe('prod-data');
  });
});
