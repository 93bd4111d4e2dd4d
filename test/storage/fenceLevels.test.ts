import type { FenceLevel } from '../../model/storageTypes';
import { createHarness, errorOf, okValue } from './harness';

const withFence = (fenceLevel: FenceLevel) => createHarness({ remoteCopy: { fenceLevel } });

describe('fence levels (sync)', () => {
  it('should reject P-VOL writes with fence data while the link is down', () => {
    const h = withFence('data');
    h.advance(10);
    h.side.link.cut();
    expect(h.state()).toBe('PSUE');
    const w = h.write('prod-data', 0, 'x');
    h.advance(5);
    expect(w.result).toMatchObject({ ok: false, error: 'fenced' });
    expect(w.at).toBe(11);
    // Restoring the link does not lift the fence: the pair stays PSUE until resync.
    h.side.link.restore();
    const later = h.write('prod-data', 1, 'y');
    h.advance(5);
    expect(errorOf(later)).toBe('fenced');
    expect(h.side.peekBlock('prod-data', 0)).toBeUndefined();
    expect(h.side.counters()).toMatchObject({ writesAcknowledged: 0, writesFailed: 2, pending: 0 });
    // Resync lifts it.
    h.command('prod-data', 'resync');
    h.advance(20);
    expect(h.state()).toBe('PAIR');
    const ok = h.write('prod-data', 1, 'z');
    h.advance(5);
    expect(okValue(ok)).toBeUndefined();
  });

  it('should fail a fence-data write whose copy is in flight when the link goes down', () => {
    const h = withFence('data');
    const w = h.write('prod-data', 0, 'x');
    h.advance(2); // service done at 1, copy in flight until 3
    h.side.link.cut();
    expect(w.result).toMatchObject({ ok: false, error: 'fenced' });
    expect(w.at).toBe(2);
    h.advance(10);
    // The S-VOL never got it and neither did the P-VOL.
    expect(h.side.peekBlock('standby-data', 0)).toBeUndefined();
    expect(h.side.peekBlock('prod-data', 0)).toBeUndefined();
    expect(h.eventsOf('pair-state')).toEqual([
      {
        kind: 'pair-state',
        at: 2,
        pair: 'data-pair',
        from: 'PAIR',
        to: 'PSUE',
        reason: 'remote link down'
      },
      {
        kind: 'pair-state',
        at: 2,
        pair: 'hb-pair',
        from: 'PAIR',
        to: 'PSUE',
        reason: 'remote link down'
      }
    ]);
  });

  it('should accept P-VOL writes with fence never, mark the pair PSUE and track them', () => {
    const h = withFence('never');
    const inFlight = h.write('prod-data', 0, 'a');
    h.advance(2);
    h.side.link.cut();
    expect(h.state()).toBe('PSUE');
    expect(okValue(inFlight)).toBeUndefined();
    expect(inFlight.at).toBe(2);
    const w = h.write('prod-data', 1, 'b');
    h.advance(1);
    expect(okValue(w)).toBeUndefined();
    expect(w.at).toBe(3);
    expect(h.side.countersOf('data-pair')).toMatchObject({ writesAcknowledged: 2, pending: 2 });
    expect(h.side.highWater('prod-data', 'prod-1')).toBe(2);
    expect(h.side.highWater('standby-data', 'prod-1')).toBe(0);
    // Resync after the link is back copies the differential data.
    h.side.link.restore();
    h.command('prod-data', 'resync');
    h.advance(50);
    expect(h.state()).toBe('PAIR');
    expect(h.side.peekBlock('standby-data', 1)?.data).toBe('b');
    expect(h.side.countersOf('data-pair').pending).toBe(0);
  });

  it('should keep accepting with fence status when the S-VOL reports an I/O error', () => {
    const h = withFence('status');
    h.standby.ioError('standby-data', true);
    const first = h.write('prod-data', 0, 'a');
    h.advance(4);
    expect(first.result).toBeUndefined();
    h.advance(1); // the remote's error answer is back at 1 + 2 + 2
    expect(okValue(first)).toBeUndefined();
    expect(first.at).toBe(5);
    expect(h.state()).toBe('PSUE');
    expect(h.eventsOf('pair-state').at(-1)).toMatchObject({
      to: 'PSUE',
      reason: 'S-VOL standby-data I/O error'
    });
    const later = h.write('prod-data', 1, 'b');
    h.advance(1);
    expect(okValue(later)).toBeUndefined();
    expect(later.at).toBe(6);
    expect(h.side.countersOf('data-pair')).toMatchObject({ writesAcknowledged: 2, pending: 2 });
    // The heartbeat pair is not affected.
    expect(h.state('hb-pair')).toBe('PAIR');
  });

  it('should fence with status when the remote array cannot be told', () => {
    const h = withFence('status');
    h.side.link.cut();
    const w = h.write('prod-data', 0, 'x');
    h.advance(2);
    expect(errorOf(w)).toBe('fenced');

    const h2 = withFence('status');
    h2.standby.crash();
    const w2 = h2.write('prod-data', 0, 'x');
    h2.advance(2);
    expect(errorOf(w2)).toBe('fenced');
    expect(h2.state()).toBe('PSUE');
  });

  it('should fence with data when the S-VOL reports an I/O error', () => {
    const h = withFence('data');
    h.standby.ioError('standby-data', true);
    const w = h.write('prod-data', 0, 'x');
    h.advance(10);
    expect(errorOf(w)).toBe('fenced');
    expect(w.at).toBe(5);
    expect(h.state()).toBe('PSUE');
  });

  it('should let a pair spec override the configured fence level', () => {
    const h = createHarness({
      remoteCopy: { fenceLevel: 'data' },
      pairs: [
        { id: 'p', kind: 'data', primary: 'a', secondary: 'b', initialState: 'PAIR' },
        {
          id: 'q',
          kind: 'heartbeat',
          primary: 'c',
          secondary: 'd',
          initialState: 'PAIR',
          fenceLevel: 'never'
        }
      ]
    });
    h.side.link.cut();
    const a = h.write('a', 0, 1);
    const c = h.write('c', 0, 1);
    h.advance(2);
    expect(errorOf(a)).toBe('fenced');
    expect(okValue(c)).toBeUndefined();
    expect(h.side.pairView('q').fenceLevel).toBe('never');
  });
});
