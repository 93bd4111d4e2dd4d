import { assign, createActor, setup } from 'xstate';
import { Subject, delay, interval, take, timer } from 'rxjs';
import { createSimClock } from '../../sim';

const ticker = setup({
  types: { context: {} as { ticks: number } },
  actions: { tick: assign({ ticks: ({ context }) => context.ticks + 1 }) },
  delays: { period: 1000 }
}).createMachine({
  context: { ticks: 0 },
  initial: 'running',
  states: { running: { after: { period: { target: 'running', reenter: true, actions: 'tick' } } } }
});

describe('SimClock', () => {
  it('should fire a 1 s periodic XState timer exactly 86,400 times in 24 simulated hours', () => {
    const clock = createSimClock();
    const actor = createActor(ticker, { clock }).start();
    clock.runUntil(86_400_000);
    expect(actor.getSnapshot().context.ticks).toBe(86_400);
    expect(clock.now()).toBe(86_400_000);
    actor.stop();
  });

  it('should run timers due at the same instant in scheduling order', () => {
    const clock = createSimClock();
    const order: string[] = [];
    clock.setTimeout(() => order.push('late'), 20);
    for (const name of ['a', 'b', 'c', 'd', 'e']) clock.setTimeout(() => order.push(name), 10);
    clock.setTimeout(() => order.push('early'), 5);
    clock.runUntil(100);
    expect(order).toEqual(['early', 'a', 'b', 'c', 'd', 'e', 'late']);
  });

  it('should fire each timer at its own deadline, not at the target time', () => {
    const clock = createSimClock();
    const seen: number[] = [];
    clock.setTimeout(() => seen.push(clock.now()), 10);
    clock.setTimeout(() => seen.push(clock.now()), 35);
    clock.runUntil(1000);
    expect(seen).toEqual([10, 35]);
    expect(clock.now()).toBe(1000);
  });

  it('should not fire a cleared timer', () => {
    const clock = createSimClock();
    const fn = jest.fn();
    const id = clock.setTimeout(fn, 10);
    clock.clearTimeout(id);
    clock.runUntil(100);
    expect(fn).not.toHaveBeenCalled();
    expect(clock.pendingCount).toBe(0);
  });

  it('should step one event at a time and peek at the next deadline', () => {
    const clock = createSimClock();
    const seen: number[] = [];
    clock.setTimeout(() => seen.push(1), 30);
    clock.setTimeout(() => seen.push(2), 10);
    expect(clock.peek()).toBe(10);
    expect(clock.step()).toBe(true);
    expect(seen).toEqual([2]);
    expect(clock.now()).toBe(10);
    expect(clock.peek()).toBe(30);
    expect(clock.step()).toBe(true);
    expect(clock.step()).toBe(false);
  });

  it('should deliver an RxJS delay exactly N ms later on simulated time', () => {
    const clock = createSimClock();
    const input = new Subject<string>();
    const got: Array<[string, number]> = [];
    input.pipe(delay(250, clock)).subscribe((v) => got.push([v, clock.now()]));
    clock.setTimeout(() => input.next('x'), 1000);
    clock.setTimeout(() => input.next('y'), 1001);
    clock.runUntil(5000);
    expect(got).toEqual([
      ['x', 1250],
      ['y', 1251]
    ]);
  });

  it('should run RxJS interval and timer on the simulated clock', () => {
    const clock = createSimClock();
    const ticks: number[] = [];
    interval(100, clock)
      .pipe(take(5))
      .subscribe(() => ticks.push(clock.now()));
    let fired = -1;
    timer(42, clock).subscribe(() => (fired = clock.now()));
    clock.runUntil(10_000);
    expect(ticks).toEqual([100, 200, 300, 400, 500]);
    expect(fired).toBe(42);
    expect(clock.pendingCount).toBe(0);
  });

  it('should cancel RxJS work when unsubscribed', () => {
    const clock = createSimClock();
    const ticks: number[] = [];
    const sub = interval(100, clock).subscribe(() => ticks.push(clock.now()));
    clock.runUntil(250);
    sub.unsubscribe();
    clock.runUntil(1000);
    expect(ticks).toEqual([100, 200]);
    expect(clock.pendingCount).toBe(0);
  });

  it('should scale to tens of thousands of pending timers', () => {
    const clock = createSimClock();
    let fired = 0;
    for (let i = 0; i < 50_000; i++) clock.setTimeout(() => fired++, (i * 7919) % 10_000);
    clock.runUntil(10_000);
    expect(fired).toBe(50_000);
  });
});
