/**
 * Running a sweep's runs in batches on an executor (this thread, worker threads, the job queue),
 * all of them or one shard's slice. The batches come back in any order; the summary sorts them
 * by run index, so the figures are the same for any number of workers, batches or shards.
 */
import { batchRanges } from './exploreBatch';
import { defaultBatchSize } from './exploreParallel';
import { sweepTotal, type SweepBatchResult, type SweepSpec } from './sweep';
import type { TaskExecutor } from './workerTasks';

/** Run runs `range` (default all) of `spec` on `executor`. */
export async function runSweep(
  spec: SweepSpec,
  executor: TaskExecutor,
  options: {
    range?: [number, number];
    batchSize?: number;
    onProgress?: (done: number, total: number) => void;
  } = {}
): Promise<SweepBatchResult[]> {
  const [start, end] = options.range ?? [0, sweepTotal(spec)];
  const size = options.batchSize ?? defaultBatchSize(end - start, executor.parallelism);
  const progress = new Map<number, number>();
  const report = () => {
    let done = 0;
    for (const n of progress.values()) done += n;
    options.onProgress?.(done, end - start);
  };
  return Promise.all(
    batchRanges(start, end, size).map(([from, to]) =>
      executor
        .run({ kind: 'sweep-batch', spec, from, to }, (done) => {
          progress.set(from, done);
          report();
        })
        .then((batch) => {
          progress.set(from, to - from);
          report();
          return batch;
        })
    )
  );
}
