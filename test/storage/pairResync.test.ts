import { createActor } from 'xstate';
import { pairMachine, pairStateOf, type PairMachineEmitted } from '../../machines/pairMachine';
import type { FenceLevel } from '../../model/storageTypes';
import { createSimClock } from '../../sim';
import { createHarness, errorOf, okValue } from './harness';

const REACH = { linkUp: true, primaryUp: true, secondaryUp: true };

/** The pair's statechart alone, in PAIR, on a simulated clock. */
function chart(fenceLevel: FenceLevel = 'data') {
  const clock = createSimClock();
  const actor = createActor(pairMachine, {
    clock,
    input: {
      id: 'p',
      primary: 'a',
      secondary: 'b',
      mode: 'sync',
      fenceLevel,
      initialState: 'PAIR',
      initialCopyTime: 500,
      blockCopyTime: 5
    }
  });
  const out: PairMachineEmitted[] = [];
  actor.on('*', (e) => out.push(e));
  actor.start();
  const state = () => pairStateOf(actor.getSnapshot().value);
  return { clock, actor, out, state };
}

describe('the pair statechart: resync (pairresync)', () => {
  it('should go PSUE (fenced) → COPY → PAIR, copying only the difference, and lift the fence', () => {
    const { clock, actor, out, state } = chart('data');
    actor.send({ type: 'PATH_LOST', reason: 'remote link down', lost: 'link', journalUsed: 0 });
    expect(actor.getSnapshot().hasTag('pvol-fenced')).toBe(true);
    actor.send({ type: 'RESYNC', ref: 1, dirtyBlocks: 3, ...REACH });
    expect(state()).toBe('COPY');
    expect(actor.getSnapshot().hasTag('pvol-fenced')).toBe(false);
    expect(out).toContainEqual({ type: 'command-done', ref: 1, cmd: 'resync', result: 'COPY' });
    // 3 differential blocks × 5 ms, not the 500 ms of a full copy.
    clock.runUntil(14);
    expect(state()).toBe('COPY');
    clock.runUntil(15);
    expect(state()).toBe('PAIR');
    expect(actor.getSnapshot().context.pvolFenced).toBe(false);
    expect(out.filter((e) => e.type === 'pair-state').map((e) => e.state)).toEqual([
      'PAIR',
      'PSUE',
      'COPY',
      'PAIR'
    ]);
  });

  it('should go PSUS → COPY → PAIR', () => {
    const { clock, actor, state } = chart();
    actor.send({ type: 'SPLIT', ref: 1 });
    expect(state()).toBe('PSUS');
    actor.send({ type: 'RESYNC', ref: 2, dirtyBlocks: 0, ...REACH });
    expect(state()).toBe('COPY');
    clock.runUntil(5);
    expect(state()).toBe('PAIR');
  });

  it('should refuse while the link is down or the partner array is failed, staying suspended', () => {
    const { actor, out, state } = chart('data');
    actor.send({ type: 'PATH_LOST', reason: 'remote link down', lost: 'link', journalUsed: 0 });
    actor.send({ type: 'RESYNC', ref: 1, dirtyBlocks: 1, ...REACH, linkUp: false });
    actor.send({ type: 'RESYNC', ref: 2, dirtyBlocks: 1, ...REACH, secondaryUp: false });
    expect(state()).toBe('PSUE');
    expect(actor.getSnapshot().hasTag('pvol-fenced')).toBe(true);
    expect(out.filter((e) => e.type === 'command-refused')).toEqual([
      { type: 'command-refused', ref: 1, cmd: 'resync', detail: 'remote link is down' },
      {
        type: 'command-refused',
        ref: 2,
        cmd: 'resync',
        detail: 'S-VOL subsystem (b) is not responding'
      }
    ]);
  });

  it('should suspend again when the link fails during the copy', () => {
    const { clock, actor, state } = chart('data');
    actor.send({ type: 'PATH_LOST', reason: 'remote link down', lost: 'link', journalUsed: 0 });
    actor.send({ type: 'RESYNC', ref: 1, dirtyBlocks: 50, ...REACH });
    clock.runUntil(100);
    actor.send({ type: 'PATH_LOST', reason: 'remote link down', lost: 'link', journalUsed: 0 });
    expect(state()).toBe('PSUE');
    expect(actor.getSnapshot().hasTag('pvol-fenced')).toBe(true);
    clock.runUntil(1000);
    expect(state()).toBe('PSUE');
  });
});

describe('resync on the storage side', () => {
  it('should copy the writes tracked while suspended (fence never) and accept writes in PAIR again', () => {
    const h = createHarness({ remoteCopy: { fenceLevel: 'never' } });
    h.advance(10);
    h.side.link.cut();
    const during = h.write('prod-data', 4, 'while-cut');
    h.advance(5);
    expect(okValue(during)).toBeUndefined();
    expect(h.side.peekBlock('standby-data', 4)).toBeUndefined();
    const refused = h.command('prod-data', 'resync');
    h.advance(5);
    expect(errorOf(refused)).toBe('refused');
    h.side.link.restore();
    const resync = h.command('prod-data', 'resync');
    h.advance(50);
    expect(okValue(resync)).toBe('COPY');
    expect(h.state()).toBe('PAIR');
    expect(h.side.peekBlock('standby-data', 4)?.data).toBe('while-cut');
    const after = h.write('prod-data', 5, 'mirrored');
    h.advance(20);
    expect(okValue(after)).toBeUndefined();
    expect(h.side.peekBlock('standby-data', 5)?.data).toBe('mirrored');
  });

  it('should resync a pair suspended by the partner array failing once it is back', () => {
    const h = createHarness();
    h.advance(10);
    h.standby.crash();
    expect(h.state()).toBe('PSUE');
    const early = h.command('prod-data', 'resync');
    h.advance(5);
    expect(early.result).toMatchObject({ ok: false, error: 'refused' });
    h.standby.recover();
    const late = h.command('prod-data', 'resync');
    h.advance(50);
    expect(okValue(late)).toBe('COPY');
    expect(h.state()).toBe('PAIR');
  });
});
