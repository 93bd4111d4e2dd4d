import { createActor } from 'xstate';
import { selfFenceMachine, type SelfFenceEmitted } from '../../machines/selfFenceMachine';
import { createSimClock } from '../../sim';

function start(selfFenceAfter = 10_000) {
  const clock = createSimClock();
  const actor = createActor(selfFenceMachine, {
    clock,
    input: { group: 'app', selfFenceAfter, rejoinRetry: 1000, pauseTolerance: 1000 }
  });
  const out: Array<SelfFenceEmitted & { at: number }> = [];
  actor.on('*', (e) => out.push({ ...(e as SelfFenceEmitted), at: clock.now() }));
  actor.start();
  actor.send({ type: 'START' });
  return { clock, actor, out };
}

const cutOff = (actor: ReturnType<typeof start>['actor']) => {
  actor.send({ type: 'PAIR.STATE', state: 'PSUE' });
  actor.send({ type: 'PATH.STATUS', path: 'network', status: 'invalid' });
  actor.send({ type: 'PATH.STATUS', path: 'mirror', status: 'invalid' });
};

describe('selfFenceMachine (second configuration)', () => {
  it('should fence production selfFenceAfter after losing both channels to the standby', () => {
    const { clock, actor, out } = start(10_000);
    clock.runUntil(1000);
    cutOff(actor);
    clock.runUntil(10_999);
    expect(out).toEqual([]);
    clock.runUntil(11_000);
    expect(out.map((e) => [e.type, e.at])).toEqual([
      ['alert', 11_000],
      ['self.fence', 11_000]
    ]);
    expect(out[0]).toMatchObject({ kind: 'self-fenced' });
  });

  it('should not fence while a channel comes back in time', () => {
    const { clock, actor, out } = start(10_000);
    cutOff(actor);
    clock.runUntil(9000);
    actor.send({ type: 'PATH.STATUS', path: 'network', status: 'valid' });
    clock.runUntil(30_000);
    expect(out).toEqual([]);
    expect(actor.getSnapshot().value).toEqual({ on: 'connected' });
  });

  it('should not fence when the reverse pair is still PAIR (the standby hosts died, not the link)', () => {
    const { clock, actor, out } = start(10_000);
    actor.send({ type: 'PATH.STATUS', path: 'network', status: 'invalid' });
    actor.send({ type: 'PATH.STATUS', path: 'mirror', status: 'invalid' });
    clock.runUntil(60_000);
    expect(out).toEqual([]);
  });

  it('should restart the wait on resume after a pause within the tolerance (it runs nothing while hung)', () => {
    const { clock, actor, out } = start(10_000);
    cutOff(actor);
    clock.runUntil(5000);
    actor.send({ type: 'FREEZE' });
    clock.runUntil(6000);
    expect(out).toEqual([]);
    actor.send({ type: 'RESUME', pausedFor: 1000 });
    clock.runUntil(16_000);
    expect(out.map((e) => e.at)).toEqual([16_000, 16_000]);
  });

  it('should fence at once on resume after a longer pause with the network channel invalid', () => {
    // The standby counted the whole pause; reverse heartbeats read after it are of unknown age.
    const { clock, actor, out } = start(10_000);
    actor.send({ type: 'PATH.STATUS', path: 'network', status: 'invalid' });
    clock.runUntil(5000);
    actor.send({ type: 'FREEZE' });
    clock.runUntil(9988);
    actor.send({ type: 'RESUME', pausedFor: 4988 });
    expect(out.slice(0, 2).map((e) => [e.type, e.at])).toEqual([
      ['alert', 9988],
      ['self.fence', 9988]
    ]);
    expect(out[0]).toMatchObject({ detail: expect.stringContaining('paused for 4988 ms') });
    // The mirror still looks valid: production asks the standby whether it may serve again.
    clock.runUntil(11_000);
    expect(out.filter((e) => e.type === 'rejoin.request').map((e) => e.at)).toEqual([9988, 10_988]);
  });

  it('should not fence on resume after a long pause while the network channel is valid', () => {
    const { clock, actor, out } = start(10_000);
    actor.send({ type: 'FREEZE' });
    clock.runUntil(20_000);
    actor.send({ type: 'RESUME', pausedFor: 20_000 });
    clock.runUntil(60_000);
    expect(out).toEqual([]);
    expect(actor.getSnapshot().value).toEqual({ on: 'connected' });
  });

  it('should not fence twice when it resumes already self-fenced', () => {
    const { clock, actor, out } = start(10_000);
    cutOff(actor);
    clock.runUntil(10_000);
    actor.send({ type: 'FREEZE' });
    clock.runUntil(20_000);
    actor.send({ type: 'RESUME', pausedFor: 10_000 });
    clock.runUntil(25_000);
    expect(out.filter((e) => e.type === 'self.fence')).toHaveLength(1);
  });

  it('should fence at once when its heartbeat writes fail while the standby is heard only on the mirror', () => {
    // The standby reads network invalid, mirror invalid, pair PAIR: production dead, no wait.
    const { clock, actor, out } = start(10_000);
    actor.send({ type: 'OWN.WRITES', failing: true });
    clock.runUntil(3000);
    expect(out).toEqual([]);
    actor.send({ type: 'PATH.STATUS', path: 'network', status: 'invalid' });
    expect(out.slice(0, 2).map((e) => [e.type, e.at])).toEqual([
      ['alert', 3000],
      ['self.fence', 3000]
    ]);
    expect(out[0]).toMatchObject({ detail: expect.stringContaining('the standby cannot hear') });
  });

  it('should not fence on failing writes while the network channel is valid, or when the standby is silent on the mirror too', () => {
    const { clock, actor, out } = start(10_000);
    actor.send({ type: 'OWN.WRITES', failing: true });
    clock.runUntil(5000);
    // Both channels from the standby invalid, reverse pair PAIR: the standby hosts are gone.
    actor.send({ type: 'PATH.STATUS', path: 'mirror', status: 'invalid' });
    actor.send({ type: 'PATH.STATUS', path: 'network', status: 'invalid' });
    clock.runUntil(60_000);
    expect(out).toEqual([]);
  });

  it('should forget failing writes once they succeed again', () => {
    const { clock, actor, out } = start(10_000);
    actor.send({ type: 'OWN.WRITES', failing: true });
    actor.send({ type: 'OWN.WRITES', failing: false });
    actor.send({ type: 'PATH.STATUS', path: 'network', status: 'invalid' });
    clock.runUntil(60_000);
    expect(out).toEqual([]);
  });

  it('should ask to rejoin once the standby is heard again, and resume only when allowed', () => {
    const { clock, actor, out } = start();
    cutOff(actor);
    clock.runUntil(10_000);
    expect(out.some((e) => e.type === 'self.fence')).toBe(true);
    clock.runUntil(15_000);
    expect(out.filter((e) => e.type === 'rejoin.request')).toHaveLength(0);
    // The standby's network heartbeat comes back: ask at once, then every rejoinRetry.
    actor.send({ type: 'PATH.STATUS', path: 'network', status: 'valid' });
    clock.runUntil(17_500);
    expect(out.filter((e) => e.type === 'rejoin.request').map((e) => e.at)).toEqual([
      15_000, 16_000, 17_000
    ]);
    actor.send({ type: 'REJOIN.OK' });
    expect(out.filter((e) => e.type === 'self.unfence').map((e) => e.at)).toEqual([17_500]);
    expect(actor.getSnapshot().matches({ on: 'connected' })).toBe(true);
  });

  it('should stay fenced for good when the standby has taken over', () => {
    const { clock, actor, out } = start();
    cutOff(actor);
    clock.runUntil(12_000);
    actor.send({ type: 'PATH.STATUS', path: 'mirror', status: 'valid' });
    actor.send({ type: 'REJOIN.DENIED' });
    clock.runUntil(60_000);
    expect(out.filter((e) => e.type === 'rejoin.request')).toHaveLength(1);
    expect(out.some((e) => e.type === 'self.unfence')).toBe(false);
    expect(actor.getSnapshot().matches({ on: { fenced: 'denied' } })).toBe(true);
  });

  it('should stop asking while cut off again', () => {
    const { clock, actor, out } = start();
    cutOff(actor);
    clock.runUntil(12_000);
    actor.send({ type: 'PATH.STATUS', path: 'network', status: 'valid' });
    clock.runUntil(12_500);
    actor.send({ type: 'PATH.STATUS', path: 'network', status: 'invalid' });
    clock.runUntil(30_000);
    expect(out.filter((e) => e.type === 'rejoin.request')).toHaveLength(1);
    expect(actor.getSnapshot().matches({ on: { fenced: 'cutOff' } })).toBe(true);
  });
});

describe('selfFenceMachine: the reason given', () => {
  it('should name what it lost and the reverse pair state when it fences', () => {
    const { clock, actor, out } = start(10_000);
    cutOff(actor);
    clock.runUntil(10_000);
    expect(out.find((e) => e.type === 'self.fence')).toEqual({
      type: 'self.fence',
      reason:
        'app: both channels to the standby lost for 10000 ms (network invalid, reverse mirror invalid, reverse pair PSUE): production stops its application and heartbeat',
      at: 10_000
    });
  });
});
