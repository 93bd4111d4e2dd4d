/**
 * Running a sweep's runs in batches on an executor (this thread, worker threads, the job queue),
 * all of them or one shard's slice. The batches come back in any order; the summary sorts them
 * by run index, so the figures are the same for any number of workers, batches or shards.
 */
import { runBatches } from './runBatches';
import { sweepTotal, type SweepBatchResult, type SweepSpec } from './sweep';
import type { SweepBatchTask, TaskExecutor } from './workerTasks';

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
  return runBatches(
    executor,
    [start, end],
    (from, to): SweepBatchTask => ({ kind: 'sweep-batch', spec, from, to }),
    { size: options.batchSize, onProgress: (done) => options.onProgress?.(done, end - start) }
  );
}
