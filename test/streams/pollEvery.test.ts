/**
 * pollEvery on the simulated clock (marble diagrams, 1 frame = 1 ms): `read()` plays a cold
 * diagram from the instant it is issued; `t` marks a read that timed out.
 */
import { of } from 'rxjs';
import { createSimClock, type SimClock } from '../../sim/createSimClock';
import { pollEvery } from '../../streams/pollEvery';
import { cold, marblesOf } from './simMarbles';

function poll(clock: SimClock, answer: string, interval: number, ioTimeout: number) {
  const issued: number[] = [];
  const stream = pollEvery({
    interval,
    ioTimeout,
    read: () => {
      issued.push(clock.now());
      return cold(clock, answer);
    },
    timedOut: () => 't',
    scheduler: clock
  });
  return { stream, issued };
}

describe('pollEvery', () => {
  it('should read one interval after the subscription and one interval after each answer', () => {
    const clock = createSimClock();
    const { stream, issued } = poll(clock, '--a', 3, 5);
    expect(marblesOf(clock, stream, 16)).toBe('-----a----a----a');
    expect(issued).toEqual([3, 8, 13]);
  });

  it('should yield timedOut() for a read unanswered within ioTimeout and ignore its late answer', () => {
    const clock = createSimClock();
    const { stream, issued } = poll(clock, '-------a', 3, 4);
    expect(marblesOf(clock, stream, 15)).toBe('-------t------t');
    expect(issued).toEqual([3, 10]);
  });

  it('should emit only the first value of a read', () => {
    const clock = createSimClock();
    const { stream } = poll(clock, '-ab', 2, 5);
    expect(marblesOf(clock, stream, 8)).toBe('---a--a');
  });

  it('should take an answer given at once', () => {
    const clock = createSimClock();
    const stream = pollEvery({
      interval: 2,
      ioTimeout: 5,
      read: () => of('a'),
      timedOut: () => 't',
      scheduler: clock
    });
    expect(marblesOf(clock, stream, 7)).toBe('--a-a-a');
  });

  it('should leave no timer and no read behind when unsubscribed mid-read', () => {
    const clock = createSimClock();
    const seen: string[] = [];
    const { stream, issued } = poll(clock, '----a', 2, 10);
    const sub = stream.subscribe((v) => seen.push(v));
    clock.runUntil(4);
    sub.unsubscribe();
    expect(clock.pendingCount).toBe(0);
    clock.runUntil(50);
    expect(seen).toEqual([]);
    expect(issued).toEqual([2]);
  });
});
