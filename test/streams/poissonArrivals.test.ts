import type { SchedulerAction, Subscription } from 'rxjs';
import { createSimClock, SimClock } from '../../sim/createSimClock';
import { createRandom } from '../../sim/createRandom';
import { poissonArrivals } from '../../streams/poissonArrivals';

describe('poissonArrivals', () => {
  const arrivals = (rate: number, seed: number, until: number) => {
    const clock = createSimClock();
    const times: number[] = [];
    const sub = poissonArrivals(rate, createRandom(seed).fork('writes'), clock).subscribe(() =>
      times.push(clock.now())
    );
    clock.runUntil(until);
    sub.unsubscribe();
    return times;
  };

  it('should emit about rate × duration arrivals on the simulated clock', () => {
    const times = arrivals(10, 1, 1_000_000);
    // 10 000 expected; a Poisson count's standard deviation is 100.
    expect(times.length).toBeGreaterThan(9_600);
    expect(times.length).toBeLessThan(10_400);
  });

  it('should draw exponential gaps (not a periodic tick)', () => {
    const times = arrivals(10, 3, 200_000);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const variance = gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length;
    expect(mean).toBeGreaterThan(90);
    expect(mean).toBeLessThan(110);
    // An exponential's standard deviation equals its mean; a periodic tick's is 0.
    expect(Math.sqrt(variance)).toBeGreaterThan(0.8 * mean);
  });

  it('should give the same arrivals for the same seed and others for another', () => {
    expect(arrivals(10, 7, 10_000)).toEqual(arrivals(10, 7, 10_000));
    expect(arrivals(10, 7, 10_000)).not.toEqual(arrivals(10, 8, 10_000));
  });

  it('should never emit at rate 0', () => {
    expect(arrivals(0, 1, 100_000)).toEqual([]);
  });

  it('should stop when unsubscribed', () => {
    const clock = createSimClock();
    let count = 0;
    const sub = poissonArrivals(100, createRandom(1), clock).subscribe(() => count++);
    clock.runUntil(1_000);
    sub.unsubscribe();
    const before = count;
    clock.runUntil(10_000);
    expect(before).toBeGreaterThan(0);
    expect(count).toBe(before);
  });

  it('should book one scheduler action for the whole stream, not one per arrival', () => {
    let booked = 0;
    class CountingClock extends SimClock {
      override schedule<T>(
        work: (this: SchedulerAction<T>, state?: T) => void,
        delay?: number,
        state?: T
      ): Subscription {
        booked++;
        return super.schedule(work, delay, state);
      }
    }
    const clock = new CountingClock();
    let count = 0;
    const sub = poissonArrivals(10, createRandom(1), clock).subscribe(() => count++);
    clock.runUntil(100_000);
    sub.unsubscribe();
    expect(count).toBeGreaterThan(900);
    expect(booked).toBe(1);
    expect(clock.pendingCount).toBe(0);
  });
});
