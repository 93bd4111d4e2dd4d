/**
 * Marble diagrams on the simulated clock, in the style of RxJS's TestScheduler: one character is
 * one frame of 1 ms of simulated time; `-` is an empty frame, a letter an item, `|` completion,
 * `(ab)` items of the same frame. {@link cold} plays a diagram on a `SimClock`; {@link marblesOf}
 * writes down what a stream did, to compare with the expected diagram.
 */
import { Observable } from 'rxjs';
import type { SimClock, TimerId } from '../../sim/createSimClock';

/** A cold stream that plays `diagram` from the instant it is subscribed. */
export function cold(clock: SimClock, diagram: string): Observable<string> {
  return new Observable<string>((subscriber) => {
    const start = clock.now();
    let frame = 0;
    let group: string[] | null = null;
    const at = (t: number, fn: () => void) => clock.setTimeout(fn, start + t - clock.now());
    const timers: TimerId[] = [];
    for (const ch of diagram) {
      if (ch === '(') group = [];
      else if (ch === ')') {
        const items = group ?? [];
        timers.push(at(frame, () => items.forEach((i) => subscriber.next(i))));
        group = null;
        frame++;
      } else if (ch === '|') {
        const f = frame;
        timers.push(at(f, () => subscriber.complete()));
        frame++;
      } else if (ch === '-') frame++;
      else if (group) group.push(ch);
      else {
        const f = frame;
        timers.push(at(f, () => subscriber.next(ch)));
        frame++;
      }
    }
    return () => timers.forEach((t) => clock.clearTimeout(t));
  });
}

/** Subscribe `stream`, run the clock to `frames` ms, and write down what it emitted. */
export function marblesOf(clock: SimClock, stream: Observable<string>, frames: number): string {
  const start = clock.now();
  const events: { t: number; text: string }[] = [];
  const sub = stream.subscribe({
    next: (v) => events.push({ t: clock.now() - start, text: v }),
    complete: () => events.push({ t: clock.now() - start, text: '|' })
  });
  clock.runUntil(start + frames);
  sub.unsubscribe();
  let out = '';
  let frame = 0;
  for (let i = 0; i < events.length;) {
    const t = events[i].t;
    const same = events.filter((e) => e.t === t).map((e) => e.text);
    out += '-'.repeat(t - frame) + (same.length > 1 ? `(${same.join('')})` : same[0]);
    frame = t + 1;
    i += same.length;
  }
  return out;
}
