/**
 * holdLatest on the simulated clock (marble diagrams, 1 frame = 1 ms): lower-case items may wait,
 * upper-case ones may not; a held item is due `wait` frames after the first one was held.
 */
import { createSimClock, type SimClock } from '../../sim/createSimClock';
import { holdLatest } from '../../streams/holdLatest';
import { cold, marblesOf } from './simMarbles';

function hold(clock: SimClock, wait: number) {
  return holdLatest<string>({
    holdable: (item) => item === item.toLowerCase(),
    dueBy: () => clock.now() + wait,
    scheduler: clock
  });
}

describe('holdLatest', () => {
  it('should pass items that may not wait at once', () => {
    const clock = createSimClock();
    expect(marblesOf(clock, cold(clock, '-A-B-|').pipe(hold(clock, 5)), 20)).toBe('-A-B-|');
  });

  it('should pass only the latest held item, when it is due', () => {
    const clock = createSimClock();
    //                                 a held at 1, due at 6; b replaces it at 3
    expect(marblesOf(clock, cold(clock, '-a-b------|').pipe(hold(clock, 5)), 20)).toBe(
      '------b---|'
    );
  });

  it('should hold again after a release, due from the new first item', () => {
    const clock = createSimClock();
    expect(marblesOf(clock, cold(clock, 'a---b-c------|').pipe(hold(clock, 3)), 20)).toBe(
      '---a---c-----|'
    );
  });

  it('should let an item arriving at the due instant replace the held one (it was booked first)', () => {
    const clock = createSimClock();
    expect(marblesOf(clock, cold(clock, 'a--b-|').pipe(hold(clock, 3)), 20)).toBe('---b-|');
  });

  it('should pass the held item before one that may not wait, keeping the order', () => {
    const clock = createSimClock();
    expect(marblesOf(clock, cold(clock, '-a-B-----|').pipe(hold(clock, 5)), 20)).toBe(
      '---(aB)-----|'
    );
  });

  it('should pass at once an item due already', () => {
    const clock = createSimClock();
    expect(marblesOf(clock, cold(clock, '-a-|').pipe(hold(clock, 0)), 20)).toBe('-a-|');
  });

  it('should pass the held item on completion', () => {
    const clock = createSimClock();
    expect(marblesOf(clock, cold(clock, '-a|').pipe(hold(clock, 5)), 20)).toBe('--(a|)');
  });

  it('should see the held item when deciding whether the next may wait', () => {
    const clock = createSimClock();
    // An item may wait only behind a held one of the same letter: b flushes the held a.
    const sameAsHeld = holdLatest<string>({
      holdable: (item, held) => held === undefined || held === item,
      dueBy: () => clock.now() + 10,
      scheduler: clock
    });
    expect(marblesOf(clock, cold(clock, 'a-a-b---|').pipe(sameAsHeld), 30)).toBe('----(ab)---|');
  });

  it('should drop the items that say nothing, even behind a held one, and keep the held due time', () => {
    const clock = createSimClock();
    // x says nothing at all: dropped; it neither releases the held a nor moves its due time.
    const dropX = holdLatest<string>({
      droppable: (item) => item === 'x',
      holdable: (item) => item === item.toLowerCase(),
      dueBy: () => clock.now() + 4,
      scheduler: clock
    });
    expect(marblesOf(clock, cold(clock, 'xa-x-x-B|').pipe(dropX), 20)).toBe('-----a-B|');
  });

  it('should see the held item when deciding whether to drop', () => {
    const clock = createSimClock();
    // An item equal to the held one is news to nobody; once released, the next b is held anew.
    const dropRepeats = holdLatest<string>({
      droppable: (item, held) => item === held,
      holdable: () => true,
      dueBy: () => clock.now() + 3,
      scheduler: clock
    });
    expect(marblesOf(clock, cold(clock, 'aab-b|').pipe(dropRepeats), 20)).toBe('---b-(b|)');
  });

  it('should leave no timer behind when unsubscribed while holding', () => {
    const clock = createSimClock();
    const seen: string[] = [];
    const sub = cold(clock, '-a')
      .pipe(hold(clock, 5))
      .subscribe((v) => seen.push(v));
    clock.runUntil(2);
    sub.unsubscribe();
    clock.runUntil(20);
    expect(seen).toEqual([]);
    expect(clock.pendingCount).toBe(0);
  });
});
