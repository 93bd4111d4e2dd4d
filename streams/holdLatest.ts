/**
 * `holdLatest({ holdable, dueBy, scheduler, droppable })`: an operator that lets a consumer skip the
 * items that tell it nothing new yet. An item for which `droppable(item, held)` is true tells it
 * nothing at all and is dropped (it lets no held item through). An item for which
 * `holdable(item, held)` is true is held (only the
 * latest one: it replaces an earlier held item) and passed on at the simulated instant
 * `dueBy(item)` given when the first of them was held — or at once, before any item that is not
 * holdable, so order is kept. Every other item passes at once. On completion the held item is
 * passed on first. Time is the `scheduler`'s (the simulated clock).
 *
 * Used for heartbeats: a new serial on a path that is valid only restarts the path's timeout, so
 * the receiver's statechart takes the latest one just before the path would age, and everything
 * that changes a status (a first, foreign, late or skewed heartbeat) at once.
 *
 * @example
 * ```ts
 * heartbeats$.pipe(
 *   holdLatest({ holdable: (hb) => onlyRefreshes(hb), dueBy: () => agesAt - 1, scheduler: sim.clock })
 * ).subscribe((hb) => receiver.send(hb));
 * ```
 */
import {
  Observable,
  type MonoTypeOperatorFunction,
  type SchedulerLike,
  type Subscription
} from 'rxjs';

export interface HoldLatestOptions<T> {
  /** True when `item` says nothing new, even with `held` (the item waiting, if any): dropped. */
  droppable?(item: T, held: T | undefined): boolean;
  /** True when `item` may wait (`held` is the item already waiting, if any). */
  holdable(item: T, held: T | undefined): boolean;
  /** The simulated instant by which a newly held `item` must have been passed on. */
  dueBy(item: T): number;
  scheduler: SchedulerLike;
}

export function holdLatest<T>(options: HoldLatestOptions<T>): MonoTypeOperatorFunction<T> {
  const { holdable, dueBy, scheduler, droppable } = options;
  return (source) =>
    new Observable<T>((subscriber) => {
      let held: { item: T } | undefined;
      let release: Subscription | undefined;
      const flush = () => {
        release?.unsubscribe();
        release = undefined;
        if (!held) return;
        const { item } = held;
        held = undefined;
        subscriber.next(item);
      };
      const inner = source.subscribe({
        next: (item) => {
          if (droppable?.(item, held?.item)) return;
          if (holdable(item, held?.item)) {
            if (!held) {
              release = scheduler.schedule(flush, Math.max(0, dueBy(item) - scheduler.now()));
            }
            held = { item };
            return;
          }
          flush();
          subscriber.next(item);
        },
        error: (err) => {
          release?.unsubscribe();
          subscriber.error(err);
        },
        complete: () => {
          flush();
          subscriber.complete();
        }
      });
      return () => {
        release?.unsubscribe();
        inner.unsubscribe();
      };
    });
}
