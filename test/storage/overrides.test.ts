/**
 * The storage side's test-only overrides (actors/storage/overrides.ts): each replaces one
 * behaviour of the storage side it is built with, and only that one — the mutation harness of the
 * storage code. Without them the real behaviour runs.
 */
import { planWrite } from '../../actors/storage/writes';
import { createHarness, errorOf, okValue } from './harness';

describe('storage overrides', () => {
  it('should keep the S-VOL read-only while paired without overrides', () => {
    const h = createHarness();
    const w = h.write('standby-data', 1, 'intruder', 'standby-1');
    h.advance(10);
    expect(errorOf(w)).toBe('read-only');
  });

  it('should carry out writes as a replaced write plan says', () => {
    const h = createHarness({
      overrides: {
        planWrite: (volume) => {
          const plan = planWrite(volume);
          return plan.kind === 'reject' ? { kind: 'local', tracked: true } : plan;
        }
      }
    });
    const w = h.write('standby-data', 1, 'intruder', 'standby-1');
    h.advance(10);
    expect(okValue(w)).toBeUndefined();
    expect(errorOf(w)).toBeUndefined();
    expect(h.side.peekBlock('standby-data', 1)).toMatchObject({ data: 'intruder' });
    // The P-VOL's own writes still go through the real plan (a synchronous copy).
    h.write('prod-data', 2, 'p');
    h.advance(10);
    expect(h.side.peekBlock('standby-data', 2)).toMatchObject({ data: 'p', writer: 'prod-1' });
  });

  it('should count what a replaced rule says is lost at an svol-takeover', () => {
    const run = (lost?: number) => {
      const h = createHarness({
        remoteCopy: { mode: 'async', latency: 100 },
        overrides: lost === undefined ? {} : { lostAtTakeover: () => lost }
      });
      for (let block = 1; block <= 5; block++) h.write('prod-data', block, block);
      h.advance(5);
      h.prod.crash();
      h.advance(5);
      h.command('standby-data', 'takeover');
      h.advance(50);
      return h.side.counters().lost;
    };
    expect(run()).toBe(5);
    expect(run(0)).toBe(0);
  });
});
