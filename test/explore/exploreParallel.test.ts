/**
 * Exploration on worker threads: the same violations, shrunk schedules, findings, coverage and
 * summary for any number of workers and any batch size (only the wall time differs).
 */
import { explore, type ExploreSummary } from '../../explore/explore';
import { coverageError, mergeBatches, runExploreBatch } from '../../explore/exploreBatch';
import { exploreParallel } from '../../explore/exploreParallel';
import { defineScenario } from '../../scenarios/defineScenario';

jest.setTimeout(120_000);

const unsafe = defineScenario({
  name: 'unsafe',
  duration: '60s',
  config: { heartbeat: { method: 'network' }, remoteCopy: { fenceLevel: 'never' } }
});

/** A summary without the wall clock. */
const timeless = (s: ExploreSummary) => ({ ...s, wallMs: 0, schedulesPerSecond: 0 });

describe('exploreParallel', () => {
  it('should give the summary of a single-thread run for 1, 2 and 3 workers (random)', async () => {
    const options = {
      base: unsafe,
      mode: { kind: 'random' as const, count: 36, seed: 11 },
      duration: 60_000,
      outDir: null
    };
    const single = timeless(explore(options));
    expect(single.findings.falseFailover + single.failing).toBeGreaterThan(0);
    expect(single.examples.length).toBeGreaterThan(0);
    for (const workers of [1, 2, 3]) {
      const parallel = timeless(await exploreParallel({ ...options, workers }));
      expect(parallel).toEqual(single);
    }
  });

  it('should give the same exhaustive summary, model check included, for 1 and 3 workers and any batch size', async () => {
    const options = {
      base: unsafe,
      mode: { kind: 'exhaustive' as const, limit: 16 },
      duration: 60_000,
      outDir: null
    };
    const one = timeless(await exploreParallel({ ...options, workers: 1 }));
    const three = timeless(await exploreParallel({ ...options, workers: 3, batchSize: 5 }));
    expect(three).toEqual(one);
    expect(one.modelCheck).toHaveLength(4);
    expect(one.depths).toEqual({ single: expect.any(Number), pairs: expect.any(Number) });
  });

  it('should report progress up to the total', async () => {
    const seen: number[] = [];
    await exploreParallel({
      base: unsafe,
      mode: { kind: 'random', count: 8, seed: 2 },
      duration: 40_000,
      outDir: null,
      workers: 2,
      batchSize: 3,
      onProgress: (done, total) => {
        expect(total).toBe(8);
        seen.push(done);
      }
    });
    expect(seen[seen.length - 1]).toBe(8);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });
});

describe('mergeBatches', () => {
  it('should merge batches in any order into the totals of one batch, and name gaps and overlaps', () => {
    const spec = {
      base: unsafe,
      mode: { kind: 'random' as const, count: 9, seed: 5 },
      duration: 40_000
    };
    const whole = mergeBatches([runExploreBatch(spec, 0, 9)]);
    const parts = [
      runExploreBatch(spec, 6, 9),
      runExploreBatch(spec, 0, 2),
      runExploreBatch(spec, 2, 6)
    ];
    expect(mergeBatches(parts)).toEqual(whole);
    expect(coverageError(parts, 9)).toBeNull();
    expect(coverageError([parts[0], parts[1]], 9)).toBe('schedules 2–5 are missing');
    expect(coverageError([...parts, parts[1]], 9)).toBe('schedules 0–1 appear twice');
  });
});
