/**
 * What the long commands run, once their flags are checked: an exploration on worker threads or
 * on the job queue, or one shard of it written as JSON lines (explore/shardLines.ts).
 */
import type { ParallelOptions } from '../cli/parallelFlags';
import { shardRange } from '../cli/parallelFlags';
import type { ExploreOptions, ExploreSummary } from './explore';
import { exploreSpec } from './explore';
import { planExplore } from './exploreBatch';
import { explorePart, exploreParallel, localExecutor } from './exploreParallel';
import { UsageError } from '../cli/usageError';
import { queueExecutor, reachRedis } from './queueExecutor';
import { exploreShardLines } from './shardLines';
import { machineCores } from './workerPool';
import type { TaskExecutor } from './workerTasks';

/** The number of worker threads the flags ask for. */
export function workersOf(parallel: ParallelOptions): number {
  return parallel.workers ?? machineCores();
}

/** The executor the flags ask for: the job queue, or local worker threads. */
export async function executorOf(
  parallel: ParallelOptions,
  command = 'explore'
): Promise<TaskExecutor> {
  if (!parallel.queue) return localExecutor(workersOf(parallel));
  await mustReach(command, parallel.queue);
  return queueExecutor(parallel.queue);
}

/** @throws {@link UsageError} when no Redis answers at `url`. */
export async function mustReach(command: string, url: string): Promise<void> {
  const problem = await reachRedis(url);
  if (problem) {
    throw new UsageError(
      `mirrorbeat ${command}: --queue: expected a Redis server answering at ${url}, found ${problem}`
    );
  }
}

/** Run an exploration on the executor the flags ask for. */
export async function exploreOn(
  options: ExploreOptions,
  parallel: ParallelOptions
): Promise<ExploreSummary> {
  const executor = await executorOf(parallel, 'explore');
  try {
    return await exploreParallel({ ...options, executor, batchSize: parallel.batch });
  } finally {
    await executor.close();
  }
}

/**
 * Run shard `shard` of an exploration and write it as JSON lines; resolves with whether the
 * shard's schedules violated an invariant.
 */
export async function exploreShard(
  options: ExploreOptions,
  shard: { index: number; count: number },
  parallel: ParallelOptions,
  label: string,
  writeLine: (line: string) => void
): Promise<boolean> {
  const started = performance.now();
  const spec = exploreSpec(options);
  const plan = planExplore(spec);
  const range = shardRange(shard, plan.total);
  const executor = localExecutor(workersOf(parallel));
  try {
    const part = await explorePart(spec, plan, executor, {
      range,
      batchSize: parallel.batch,
      shrink: options.shrink !== false,
      // The model check belongs to the first shard.
      modelCheck: shard.index === 1,
      onProgress: (done, failing) => options.onProgress?.(done, range[1] - range[0], failing)
    });
    for (const line of exploreShardLines(spec, shard, range, plan.total, part, {
      shrink: options.shrink !== false,
      label,
      wallMs: performance.now() - started
    })) {
      writeLine(line);
    }
    return (
      part.batches.some((b) => b.failing > 0) ||
      (part.modelCheck ?? []).some((m) => m.violations.length > 0)
    );
  } finally {
    await executor.close();
  }
}
