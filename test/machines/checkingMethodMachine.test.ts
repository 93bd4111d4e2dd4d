import { createActor } from 'xstate';
import {
  checkingMethodMachine,
  methodOf,
  pathsOf,
  type CheckingMethodEmitted,
  type CheckingMethodInput
} from '../../machines/checkingMethodMachine';
import { createSimClock } from '../../sim';

function start(input: Partial<CheckingMethodInput> = {}) {
  const clock = createSimClock();
  const actor = createActor(checkingMethodMachine, {
    clock,
    input: {
      group: 'app',
      from: 'both',
      to: 'network',
      mirrorInstalled: true,
      attempts: 3,
      ackTimeout: 1000,
      proveTime: 5000,
      ...input
    }
  });
  const out: Array<CheckingMethodEmitted & { at: number }> = [];
  actor.on('*', (e) => out.push({ ...(e as CheckingMethodEmitted), at: clock.now() }));
  actor.start();
  actor.send({ type: 'START' });
  return { clock, actor, out };
}

const steps = (out: CheckingMethodEmitted[]) =>
  out.map((e) =>
    e.type === 'standby.setPaths'
      ? `standby ${e.method}`
      : e.type === 'sender.setPaths'
        ? `sender ${methodOf(e)} (${e.step})`
        : e.type === 'alert'
          ? e.kind
          : e.type
  );

describe('checkingMethodMachine (FIG. 8)', () => {
  it('should map methods to paths and back', () => {
    expect(pathsOf('both')).toEqual({ mirror: true, network: true });
    expect(methodOf(pathsOf('mirror'))).toBe('mirror');
    expect(methodOf({ mirror: false, network: false })).toBe('network');
  });

  it('should widen the standby, switch the sender, prove, narrow the standby, then the sender', () => {
    const { clock, actor, out } = start({ from: 'mirror', to: 'network' });
    expect(steps(out)).toEqual(['standby both', 'sender both (widen)']);
    clock.runUntil(10);
    actor.send({ type: 'SENDER.ACK', step: 'widen' });
    actor.send({ type: 'PATH.STATUS', path: 'network', status: 'valid' });
    clock.runUntil(5009);
    expect(steps(out)).toHaveLength(2);
    clock.runUntil(5010); // a full proveTime after the sender switched
    expect(steps(out)).toEqual([
      'standby both',
      'sender both (widen)',
      'standby network',
      'sender network (narrow)'
    ]);
    actor.send({ type: 'SENDER.ACK', step: 'narrow' });
    expect(steps(out).slice(-2)).toEqual(['method-changed', 'method.done']);
    expect(out.find((e) => e.type === 'alert')).toMatchObject({
      detail: 'app: heartbeat checking method mirror → network'
    });
  });

  it('should ignore an acknowledgement of another step', () => {
    const { actor } = start();
    actor.send({ type: 'SENDER.ACK', step: 'narrow' });
    expect(actor.getSnapshot().value).toBe('switchingSender');
  });

  it('should refuse mirror or both while the mirror is not installed', () => {
    for (const to of ['mirror', 'both'] as const) {
      const { out, actor } = start({ from: 'network', to, mirrorInstalled: false });
      expect(actor.getSnapshot().value).toBe('refused');
      expect(steps(out)).toEqual(['method-refused', 'method.done']);
      expect(out[0]).toMatchObject({
        detail: expect.stringContaining('needs the heartbeat mirror')
      });
    }
    const net = start({ from: 'both', to: 'network', mirrorInstalled: false });
    expect(net.actor.getSnapshot().value).toBe('switchingSender');
  });

  it('should do nothing for the method in force', () => {
    const { out, actor } = start({ from: 'both', to: 'both' });
    expect(actor.getSnapshot().value).toBe('unchanged');
    expect(steps(out)).toEqual(['method.done']);
  });

  it('should roll back when the sender never acknowledges the switch', () => {
    const { clock, out } = start({ from: 'both', to: 'network', attempts: 2 });
    clock.runUntil(2000);
    expect(steps(out)).toEqual([
      'standby both',
      'sender both (widen)',
      'sender both (widen)',
      'standby both',
      'sender both (restore)',
      'method-refused',
      'method.done'
    ]);
    expect(out.find((e) => e.type === 'alert')).toMatchObject({
      detail: expect.stringContaining('did not acknowledge the switch after 2 attempt(s)')
    });
  });

  it('should roll back when a new path does not prove itself', () => {
    const { clock, actor, out } = start({ from: 'network', to: 'mirror' });
    actor.send({ type: 'SENDER.ACK', step: 'widen' });
    actor.send({ type: 'PATH.STATUS', path: 'mirror', status: 'valid' });
    actor.send({ type: 'PATH.STATUS', path: 'mirror', status: 'invalid' });
    clock.runUntil(5000);
    expect(steps(out).slice(-4)).toEqual([
      'standby network',
      'sender network (restore)',
      'method-refused',
      'method.done'
    ]);
    expect(out.find((e) => e.type === 'alert')).toMatchObject({
      detail: expect.stringContaining('did not prove themselves within 5000 ms (mirror invalid)')
    });
  });

  it('should complete even when the sender does not confirm dropping the old paths', () => {
    const { clock, actor, out } = start({ from: 'both', to: 'network', attempts: 2 });
    actor.send({ type: 'SENDER.ACK', step: 'widen' });
    clock.runUntil(5000 + 2000);
    expect(actor.getSnapshot().value).toBe('changed');
    expect(out.find((e) => e.type === 'alert')).toMatchObject({
      kind: 'method-changed',
      detail: expect.stringContaining('did not confirm dropping the old path')
    });
  });
});

describe('checkingMethodMachine: what it reports', () => {
  const done = (out: CheckingMethodEmitted[]) => out.filter((e) => e.type === 'method.done');

  it('should widen to both paths whichever two methods it switches between', () => {
    const { out } = start({ from: 'network', to: 'mirror' });
    expect(out[1]).toMatchObject({ type: 'sender.setPaths', mirror: true, network: true });
  });

  it('should report success with the new method, or the method in force unchanged', () => {
    const changed = start({ from: 'mirror', to: 'network' });
    changed.actor.send({ type: 'SENDER.ACK', step: 'widen' });
    changed.actor.send({ type: 'PATH.STATUS', path: 'network', status: 'valid' });
    changed.clock.runUntil(5000);
    changed.actor.send({ type: 'SENDER.ACK', step: 'narrow' });
    expect(done(changed.out)).toEqual([
      { type: 'method.done', ok: true, method: 'network', reason: '', at: 5000 }
    ]);
    expect(done(start({ from: 'both', to: 'both' }).out)).toEqual([
      {
        type: 'method.done',
        ok: true,
        method: 'both',
        reason: 'method both already in force',
        at: 0
      }
    ]);
  });

  it('should report a refusal with the old method and name a new path never reported', () => {
    const { clock, actor, out } = start({ from: 'network', to: 'both' });
    expect(actor.getSnapshot().context.status).toEqual({ mirror: null, network: null });
    actor.send({ type: 'SENDER.ACK', step: 'widen' });
    actor.send({ type: 'PATH.STATUS', path: 'network', status: 'invalid' });
    clock.runUntil(5000);
    expect(done(out)).toEqual([
      {
        type: 'method.done',
        ok: false,
        method: 'network',
        reason: 'new path(s) did not prove themselves within 5000 ms (mirror not reported)',
        at: 5000
      }
    ]);
  });
});
