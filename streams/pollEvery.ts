/**
 * `pollEvery({ interval, ioTimeout, read, timedOut, scheduler })`: a stream that polls. Once
 * subscribed it waits `interval`, issues `read()` and emits its first value — or `timedOut()` when
 * no value came within `ioTimeout` of the issue (a late answer is then ignored) — and waits
 * `interval` again from that instant, until unsubscribed. Reads never overlap. Time is the
 * `scheduler`'s (the simulated clock).
 *
 * Used for the heartbeat S-VOL: the standby reads the block and the pair status every poll
 * interval; the receiver's statechart hears only the answers (see {@link holdLatest} for how the
 * answers that change nothing are kept from it).
 *
 * @example
 * ```ts
 * pollEvery({
 *   interval: 1000,
 *   ioTimeout: 500,
 *   read: () => readHeartbeatBlock$(),
 *   timedOut: () => ({ type: 'READ.FAILED', error: 'no answer' }),
 *   scheduler: sim.clock
 * }).subscribe((answer) => receiver.send(answer));
 * ```
 */
import { Observable, type SchedulerLike, type Subscription } from 'rxjs';

export interface PollEveryOptions<T> {
  /** Simulated ms from the subscription, and from each answer or timeout, to the next read. */
  interval: number;
  /** Simulated ms a read may take before it counts as unanswered. */
  ioTimeout: number;
  /** Issue one read; its first value is the answer. */
  read(): Observable<T>;
  /** What an unanswered read yields. */
  timedOut(): T;
  scheduler: SchedulerLike;
}

export function pollEvery<T>(options: PollEveryOptions<T>): Observable<T> {
  const { interval, ioTimeout, read, timedOut, scheduler } = options;
  return new Observable<T>((subscriber) => {
    let wait: Subscription | undefined;
    let deadline: Subscription | undefined;
    let reading: Subscription | undefined;
    let closed = false;

    const settle = (value: T) => {
      deadline?.unsubscribe();
      deadline = undefined;
      reading?.unsubscribe();
      reading = undefined;
      subscriber.next(value);
      if (!closed) wait = scheduler.schedule(issue, interval);
    };
    function issue() {
      let answered = false;
      const answer = (value: T) => {
        if (answered) return;
        answered = true;
        settle(value);
      };
      deadline = scheduler.schedule(() => answer(timedOut()), ioTimeout);
      const sub = read().subscribe({ next: answer });
      // A read answered synchronously has settled already.
      if (answered) sub.unsubscribe();
      else reading = sub;
    }

    wait = scheduler.schedule(issue, interval);
    return () => {
      closed = true;
      wait?.unsubscribe();
      deadline?.unsubscribe();
      reading?.unsubscribe();
    };
  });
}
