import { createActor } from 'xstate';
import {
  takeoverRequestMachine,
  type TakeoverRequestEmitted
} from '../../machines/takeoverRequestMachine';
import { createSimClock } from '../../sim';

function start() {
  const clock = createSimClock();
  const actor = createActor(takeoverRequestMachine, {
    clock,
    input: { group: 'app', retryInterval: 1000 }
  });
  const sent: Array<TakeoverRequestEmitted & { at: number }> = [];
  actor.on('request.send', (e) => sent.push({ ...e, at: clock.now() }));
  actor.start();
  return { clock, actor, sent };
}

describe('takeoverRequestMachine', () => {
  it('should send at once and repeat every retryInterval until acknowledged', () => {
    const { clock, actor, sent } = start();
    actor.send({ type: 'REQUEST', reason: 'array silent' });
    clock.runUntil(3500);
    expect(sent.map((e) => [e.at, e.attempt])).toEqual([
      [0, 1],
      [1000, 2],
      [2000, 3],
      [3000, 4]
    ]);
    actor.send({ type: 'ACK' });
    clock.runUntil(10_000);
    expect(sent).toHaveLength(4);
    expect(actor.getSnapshot().value).toBe('acknowledged');
  });

  it('should stop repeating when cancelled (fenced, or the application runs again)', () => {
    const { clock, actor, sent } = start();
    actor.send({ type: 'REQUEST', reason: 'x' });
    clock.runUntil(1500);
    actor.send({ type: 'CANCEL' });
    clock.runUntil(10_000);
    expect(sent).toHaveLength(2);
    expect(actor.getSnapshot().value).toBe('idle');
  });

  it('should keep one repeat timer when the failure repeats while unanswered', () => {
    const { clock, actor, sent } = start();
    actor.send({ type: 'REQUEST', reason: 'first' });
    clock.runUntil(500);
    actor.send({ type: 'REQUEST', reason: 'second' });
    clock.runUntil(2500);
    expect(sent.map((e) => [e.at, e.reason])).toEqual([
      [0, 'first'],
      [1000, 'second'],
      [2000, 'second']
    ]);
  });

  it('should send nothing while frozen and ask again at once on resume', () => {
    const { clock, actor, sent } = start();
    actor.send({ type: 'REQUEST', reason: 'x' });
    clock.runUntil(100);
    actor.send({ type: 'FREEZE' });
    clock.runUntil(5000);
    expect(sent).toHaveLength(1);
    actor.send({ type: 'RESUME' });
    expect(sent.map((e) => e.at)).toEqual([0, 5000]);
  });

  it('should ask again for a new failure after an acknowledgement', () => {
    const { clock, actor, sent } = start();
    actor.send({ type: 'REQUEST', reason: 'x' });
    actor.send({ type: 'ACK' });
    clock.runUntil(3000);
    actor.send({ type: 'REQUEST', reason: 'y' });
    expect(sent.map((e) => [e.at, e.reason, e.attempt])).toEqual([
      [0, 'x', 1],
      [3000, 'y', 1]
    ]);
  });
});
