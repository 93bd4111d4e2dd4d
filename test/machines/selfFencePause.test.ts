/**
 * A production host that resumes from a pause while the reverse heartbeat pair is suspended
 * fences itself at once: its network row, frozen with it, may still read valid though nothing
 * came during the pause, and the standby has counted the whole pause.
 */
import { createActor } from 'xstate';
import { selfFenceMachine, type SelfFenceEmitted } from '../../machines/selfFenceMachine';
import { createSimClock } from '../../sim';

function start() {
  const clock = createSimClock();
  const actor = createActor(selfFenceMachine, {
    clock,
    input: { group: 'app', selfFenceAfter: 10_000, rejoinRetry: 1000, pauseTolerance: 1000 }
  });
  const out: SelfFenceEmitted[] = [];
  actor.on('*', (e) => out.push(e as SelfFenceEmitted));
  actor.start();
  actor.send({ type: 'START' });
  return { clock, actor, out };
}

describe('selfFenceMachine: a pause with the reverse pair suspended', () => {
  it('should fence at once on resume after a long pause with the reverse pair suspended, the network row still valid', () => {
    // Found by explore (bidirectional-isolation, seed 258710113): a site isolation, then
    // production hung 2.98 s; it started its wait late and the standby took over first.
    const { clock, actor, out } = start();
    actor.send({ type: 'PAIR.STATE', state: 'PSUE' });
    clock.runUntil(800);
    actor.send({ type: 'FREEZE' });
    clock.runUntil(3780);
    actor.send({ type: 'RESUME', pausedFor: 2980 });
    // Then it asks the standby whether it may serve again (its network row reads valid).
    expect(out.map((e) => e.type)).toEqual(['alert', 'self.fence', 'rejoin.request']);
    expect(out[0]).toMatchObject({
      kind: 'self-fenced',
      detail: expect.stringContaining('paused for 2980 ms')
    });
  });

  it('should not fence after a pause within the tolerance, nor after a long one with the pair in PAIR', () => {
    const short = start();
    short.actor.send({ type: 'PAIR.STATE', state: 'PSUE' });
    short.actor.send({ type: 'FREEZE' });
    short.clock.runUntil(1000);
    short.actor.send({ type: 'RESUME', pausedFor: 1000 });
    expect(short.out).toEqual([]);

    const paired = start();
    paired.actor.send({ type: 'PAIR.STATE', state: 'PAIR' });
    paired.actor.send({ type: 'FREEZE' });
    paired.clock.runUntil(5000);
    paired.actor.send({ type: 'RESUME', pausedFor: 5000 });
    expect(paired.out).toEqual([]);
  });
});
