/**
 * `poissonArrivals(rate, random, scheduler)`: an endless stream of arrival instants of a Poisson
 * process of `rate` arrivals per second on the given scheduler — the gaps are exponential with
 * mean `1000 / rate` ms (whole milliseconds, at least 1), drawn from `random`, so the same seed gives the same arrivals. A rate of
 * 0 (or less) never emits. Each emitted value is the arrival's sequence number (0, 1, 2, …).
 *
 * @example
 * ```ts
 * poissonArrivals(10, sim.random.fork('prod-1/writes'), sim.clock).subscribe((n) => write(n));
 * ```
 */
import { Observable, type SchedulerAction, type SchedulerLike } from 'rxjs';

/** A source of uniform and exponential draws (a seeded generator). */
export interface ArrivalRandom {
  exponential(mean: number): number;
}

export function poissonArrivals(
  rate: number,
  random: ArrivalRandom,
  scheduler: SchedulerLike
): Observable<number> {
  return new Observable<number>((subscriber) => {
    if (!(rate > 0)) return undefined;
    const mean = 1000 / rate;
    const gap = () => Math.max(1, Math.round(random.exponential(mean)));
    let n = 0;
    // One scheduler action for the whole stream, re-booked after each arrival (as RxJS's own
    // `timer` does): nothing is retained per arrival however long the stream runs.
    return scheduler.schedule(function (this: SchedulerAction<undefined>) {
      subscriber.next(n++);
      if (!subscriber.closed) this.schedule(undefined, gap());
    }, gap());
  });
}
