/**
 * Carry out batch tasks on an executor, all at once (the executor queues them), and report the
 * runs done over every batch as they progress.
 */
import { batchRanges } from './exploreBatch';
import type { ExploreBatchTask, ResultOf, SweepBatchTask, TaskExecutor } from './workerTasks';

/** A batch size that gives each of `parallelism` workers about 24 batches, at most 50 runs each. */
export function defaultBatchSize(count: number, parallelism: number): number {
  return Math.max(1, Math.min(50, Math.ceil(count / (parallelism * 24))));
}

/**
 * Run `[start, end)` in batches of `size` (default {@link defaultBatchSize}) built by `task`;
 * `onProgress` hears the runs done, `onBatch` each result as it comes.
 */
export function runBatches<T extends ExploreBatchTask | SweepBatchTask>(
  executor: TaskExecutor,
  range: [number, number],
  task: (from: number, to: number) => T,
  options: {
    size?: number;
    onProgress?: (done: number) => void;
    onBatch?: (result: ResultOf<T>) => void;
  } = {}
): Promise<ResultOf<T>[]> {
  const [start, end] = range;
  const size = options.size ?? defaultBatchSize(end - start, executor.parallelism);
  const progress = new Map<number, number>();
  const report = () => {
    let done = 0;
    for (const n of progress.values()) done += n;
    options.onProgress?.(done);
  };
  return Promise.all(
    batchRanges(start, end, size).map(([from, to]) =>
      executor
        .run(task(from, to), (done) => {
          progress.set(from, done);
          report();
        })
        .then((result) => {
          progress.set(from, to - from);
          options.onBatch?.(result);
          report();
          return result;
        })
    )
  );
}
