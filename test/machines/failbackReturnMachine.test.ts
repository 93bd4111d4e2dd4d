import { createActor } from 'xstate';
import {
  failbackReturnMachine,
  type FailbackReturnEmitted,
  type FailbackReturnInput
} from '../../machines/failbackReturnMachine';
import { createSimClock } from '../../sim';

function start(input: Partial<FailbackReturnInput> = {}) {
  const clock = createSimClock();
  const actor = createActor(failbackReturnMachine, {
    clock,
    input: {
      group: 'app',
      dataVolume: 'prod-data',
      quorum: false,
      commandTimeout: 3000,
      quorumTimeout: 7000,
      quorumRetry: 1000,
      appTimeout: 4000,
      ...input
    }
  });
  const out: Array<FailbackReturnEmitted & { at: number }> = [];
  actor.on('*', (e) => out.push({ ...e, at: clock.now() }));
  actor.start();
  return { clock, actor, out };
}

const ask = { type: 'SWITCH.BACK' as const, from: 'standby-1', flow: 'standby-1/failback-1' };

describe('failbackReturnMachine', () => {
  it('should wait idle for a switch-back request', () => {
    const { clock, actor, out } = start();
    clock.runUntil(60_000);
    expect(actor.getSnapshot().value).toBe('idle');
    expect(out).toEqual([]);
  });

  it('should take the data volume over, start serving and answer done with the takeover kind', () => {
    const { clock, actor, out } = start();
    clock.runUntil(100);
    actor.send(ask);
    expect(actor.getSnapshot().value).toBe('takingOver');
    expect(out).toEqual([{ type: 'storage.takeover', volume: 'prod-data', at: 100 }]);
    clock.runUntil(150);
    actor.send({ type: 'TAKEOVER.DONE', kind: 'swap-takeover' });
    expect(actor.getSnapshot().value).toBe('starting');
    expect(out.at(-1)).toEqual({ type: 'production.serve', at: 150 });
    clock.runUntil(1150);
    actor.send({ type: 'APP.RUNNING' });
    expect(actor.getSnapshot().value).toBe('idle');
    expect(out.at(-1)).toEqual({
      type: 'switch.done',
      to: 'standby-1',
      flow: 'standby-1/failback-1',
      takeover: 'swap-takeover',
      at: 1150
    });
    // The timers of the finished steps are gone.
    clock.runUntil(60_000);
    expect(out).toHaveLength(3);
  });

  it('should answer refused with restart when its array refuses the takeover', () => {
    const { actor, out } = start();
    actor.send(ask);
    actor.send({ type: 'TAKEOVER.REFUSED', detail: 'pair is PSUE' });
    expect(actor.getSnapshot().value).toBe('idle');
    expect(out.map((e) => e.type)).toEqual(['storage.takeover', 'switch.refused']);
    expect(out.at(-1)).toMatchObject({
      type: 'switch.refused',
      to: 'standby-1',
      flow: 'standby-1/failback-1',
      detail: 'takeover refused at production: pair is PSUE',
      restart: true
    });
  });

  it('should answer refused without restart when its array does not answer within commandTimeout', () => {
    const { clock, actor, out } = start({ commandTimeout: 3000 });
    actor.send(ask);
    clock.runUntil(2999);
    expect(actor.getSnapshot().value).toBe('takingOver');
    clock.runUntil(3000);
    expect(actor.getSnapshot().value).toBe('idle');
    expect(out.at(-1)).toMatchObject({
      type: 'switch.refused',
      detail: "production's array did not answer within 3000 ms",
      restart: false,
      at: 3000
    });
  });

  describe('with a third-site tiebreaker', () => {
    it('should ask for the lease every quorumRetry until granted, then start serving', () => {
      const { clock, actor, out } = start({ quorum: true, quorumRetry: 1000 });
      actor.send(ask);
      clock.runUntil(200);
      actor.send({ type: 'TAKEOVER.DONE', kind: 'swap-takeover' });
      expect(actor.getSnapshot().matches({ awaitingQuorum: 'asking' })).toBe(true);
      clock.runUntil(2700);
      expect(out.filter((e) => e.type === 'quorum.request').map((e) => e.at)).toEqual([
        200, 1200, 2200
      ]);
      expect(out.some((e) => e.type === 'production.serve')).toBe(false);
      actor.send({ type: 'QUORUM.GRANTED' });
      expect(actor.getSnapshot().value).toBe('starting');
      expect(out.at(-1)).toEqual({ type: 'production.serve', at: 2700 });
      clock.runUntil(6000);
      expect(out.filter((e) => e.type === 'quorum.request')).toHaveLength(3);
      actor.send({ type: 'APP.RUNNING' });
      expect(out.at(-1)).toMatchObject({ type: 'switch.done', takeover: 'swap-takeover' });
    });

    it('should answer refused without restart when the lease does not come free within quorumTimeout', () => {
      const { clock, actor, out } = start({ quorum: true, quorumTimeout: 7000 });
      actor.send(ask);
      clock.runUntil(500);
      actor.send({ type: 'TAKEOVER.DONE', kind: 'swap-takeover' });
      clock.runUntil(7499);
      expect(actor.getSnapshot().matches('awaitingQuorum')).toBe(true);
      clock.runUntil(7500);
      expect(actor.getSnapshot().value).toBe('idle');
      expect(out.at(-1)).toMatchObject({
        type: 'switch.refused',
        restart: false,
        at: 7500,
        detail:
          'the quorum lease did not come free within 7000 ms; the application runs nowhere: operator action required'
      });
      expect(out.some((e) => e.type === 'production.serve')).toBe(false);
      clock.runUntil(20_000);
      expect(out.filter((e) => e.type === 'quorum.request')).toHaveLength(7);
    });

    it('should not wait for the lease without a tiebreaker', () => {
      const { actor, out } = start({ quorum: false });
      actor.send(ask);
      actor.send({ type: 'TAKEOVER.DONE', kind: 'swap-takeover' });
      expect(out.some((e) => e.type === 'quorum.request')).toBe(false);
      expect(actor.getSnapshot().value).toBe('starting');
    });
  });

  it('should answer refused without restart when the application does not start within appTimeout', () => {
    const { clock, actor, out } = start({ appTimeout: 4000 });
    actor.send(ask);
    clock.runUntil(100);
    actor.send({ type: 'TAKEOVER.DONE', kind: 'swap-takeover' });
    clock.runUntil(4099);
    expect(actor.getSnapshot().value).toBe('starting');
    clock.runUntil(4100);
    expect(actor.getSnapshot().value).toBe('idle');
    expect(out.at(-1)).toMatchObject({
      type: 'switch.refused',
      restart: false,
      at: 4100,
      detail: 'the application did not start at production within 4000 ms'
    });
  });

  it('should answer the asker of the latest request', () => {
    const { actor, out } = start();
    actor.send(ask);
    actor.send({ type: 'TAKEOVER.REFUSED', detail: 'x' });
    actor.send({ type: 'SWITCH.BACK', from: 'standby-2', flow: 'standby-2/failback-4' });
    actor.send({ type: 'TAKEOVER.DONE', kind: 'swap-takeover' });
    actor.send({ type: 'APP.RUNNING' });
    expect(out.at(-1)).toMatchObject({
      type: 'switch.done',
      to: 'standby-2',
      flow: 'standby-2/failback-4'
    });
  });
});
