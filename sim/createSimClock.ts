import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';
import { TimerHeap, type TimerEntry } from './timerHeap';

/** A pending timer of the clock, as `setTimeout` hands it out (opaque to callers). */
export type TimerId = TimerEntry;

/** XState's clock interface (not exported by name from xstate). */
export interface XStateClock {
  setTimeout(fn: (...args: any[]) => void, timeout: number): any;
  clearTimeout(id: any): void;
}

/**
 * One simulated clock for the whole simulation: it is XState's `clock` (pass it to every
 * `createActor(..., { clock })`) and an RxJS `SchedulerLike` (pass it to `delay`, `timer`,
 * `interval`...). Time only moves when the runner advances it, by jumping to the next deadline
 * (next-event time advance).
 */
export class SimClock implements XStateClock, SchedulerLike {
  private readonly heap = new TimerHeap();
  /** Timers booked and neither fired nor cancelled. */
  private pending = 0;
  private current = 0;
  private seq = 0;
  private fired = 0;

  /** Current simulated time in ms. */
  now(): number {
    return this.current;
  }

  /** Number of timers that have fired since the clock was created. */
  get firedCount(): number {
    return this.fired;
  }

  /** Number of timers still pending (not fired, not cancelled). */
  get pendingCount(): number {
    return this.pending;
  }

  setTimeout(fn: (...args: any[]) => void, timeout: number): TimerId {
    const delay = Number.isFinite(timeout) && timeout > 0 ? timeout : 0;
    const entry: TimerEntry = { due: this.current + delay, seq: ++this.seq, fn };
    this.heap.push(entry);
    this.pending++;
    return entry;
  }

  clearTimeout(id: unknown): void {
    if (!isTimerEntry(id) || id.fn === null) return;
    id.fn = null;
    this.pending--;
  }

  /** Deadline of the next pending timer, or `undefined` when nothing is pending. */
  peek(): number | undefined {
    this.dropCancelled();
    return this.heap.peek()?.due;
  }

  /** Fire exactly one timer (the earliest); returns false when nothing is pending. */
  step(): boolean {
    this.dropCancelled();
    const entry = this.heap.pop();
    if (!entry || !entry.fn) return false;
    this.fire(entry);
    return true;
  }

  /**
   * Fire every timer due at or before `t`, each at its own deadline (so a periodic timer fires
   * once per period), then leave the clock at `t`.
   */
  runUntil(t: number): void {
    const heap = this.heap;
    for (;;) {
      const top = heap.peek();
      if (!top || top.due > t) break;
      heap.pop();
      if (top.fn) this.fire(top);
    }
    if (t > this.current) this.current = t;
  }

  /** Advance by `ms` from now (see {@link runUntil}). */
  advanceBy(ms: number): void {
    this.runUntil(this.current + ms);
  }

  /** Forget every pending timer (used when a simulation is torn down). */
  reset(): void {
    this.heap.clear((entry) => {
      entry.fn = null;
    });
    this.pending = 0;
  }

  /** RxJS `SchedulerLike.schedule`: books `work` on simulated time. */
  schedule<T>(
    work: (this: SchedulerAction<T>, state?: T) => void,
    delay = 0,
    state?: T
  ): Subscription {
    return new SimAction<T>(this, work).schedule(state, delay);
  }

  private fire(entry: TimerEntry): void {
    const fn = entry.fn as () => void;
    entry.fn = null;
    this.pending--;
    this.current = entry.due;
    this.fired++;
    fn();
  }

  private dropCancelled(): void {
    while (this.heap.size > 0 && !this.heap.peek()!.fn) this.heap.pop();
  }
}

/** An RxJS scheduler action whose timer lives on the simulated clock. */
class SimAction<T> extends Subscription implements SchedulerAction<T> {
  private timer: TimerId | null = null;

  constructor(
    private readonly clock: SimClock,
    private readonly work: (this: SchedulerAction<T>, state?: T) => void
  ) {
    super(() => this.cancel());
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    // Re-scheduling (periodic work such as `interval`) replaces the previous booking.
    this.cancel();
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.work.call(this, state);
    }, delay);
    return this;
  }

  private cancel(): void {
    if (this.timer !== null) {
      this.clock.clearTimeout(this.timer);
      this.timer = null;
    }
  }
}

function isTimerEntry(id: unknown): id is TimerEntry {
  return typeof id === 'object' && id !== null && 'due' in id && 'seq' in id && 'fn' in id;
}

/** Create a simulated clock starting at time 0. */
export function createSimClock(): SimClock {
  return new SimClock();
}
