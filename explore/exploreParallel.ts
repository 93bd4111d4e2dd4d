/**
 * Exploration on every core, on a shard of the schedules, or on a job queue: the schedules are
 * cut into batches, carried out by an executor (this thread, worker threads, queue workers),
 * merged by schedule index and summarised — the same summary as `explore()` for any number of
 * workers, batches or shards (only the wall time differs).
 */
import {
  mergeBatches,
  overridesOf,
  planExplore,
  REPORTED_KEYS,
  type BatchResult,
  type Overrides,
  type ExplorePlan,
  type ExploreSpec,
  type ShrunkExample
} from './exploreBatch';
import { exploreSpec, summarize, type ExploreOptions, type ExploreSummary } from './explore';
import { MODEL_POLICIES, type DecisionModelResult } from './decisionModel';
import { createWorkerPool, machineCores } from './workerPool';
import { runBatches } from './runBatches';
import { inProcessExecutor, type ExploreBatchTask, type TaskExecutor } from './workerTasks';

/** Options of {@link exploreParallel}. */
export interface ParallelExploreOptions extends ExploreOptions {
  /** Worker threads (default the machine's cores; 1 runs in this thread). */
  workers?: number;
  /** Carry out the tasks here instead (a queue, a test double); `workers` is then ignored. */
  executor?: TaskExecutor;
  /** Schedules per batch (default: enough batches to keep every worker busy). */
  batchSize?: number;
}

/** The executor for `workers` threads (this thread for 1, or when programs or storage are overridden). */
export function localExecutor(
  workers: number | undefined,
  overrides: Overrides = {}
): TaskExecutor {
  const n = workers ?? machineCores();
  const overridden = overrides.machines !== undefined || overrides.storage !== undefined;
  return n <= 1 || overridden ? inProcessExecutor(overrides) : createWorkerPool(n);
}

/** Run an exploration on `options.executor` or on `options.workers` threads. */
export async function exploreParallel(options: ParallelExploreOptions): Promise<ExploreSummary> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const executor = options.executor ?? localExecutor(options.workers, overridesOf(options));
  try {
    const spec = exploreSpec(options);
    const plan = planExplore(spec);
    const part = await explorePart(spec, plan, executor, {
      range: [0, plan.total],
      batchSize: options.batchSize,
      shrink: options.shrink !== false,
      modelCheck: true,
      onProgress: (done, failing) => options.onProgress?.(done, plan.total, failing)
    });
    return summarize(spec, plan, mergeBatches(part.batches), part.shrunk, part.modelCheck, {
      outDir: options.outDir,
      wallMs: now() - started
    });
  } finally {
    if (!options.executor) await executor.close();
  }
}

/** What a range of schedules gave: batch results, its firsts shrunk, and the model check. */
export interface ExplorePart {
  batches: BatchResult[];
  shrunk: ShrunkExample[];
  modelCheck: DecisionModelResult[] | null;
}

/**
 * Run schedules `range` of `spec` on `executor` in batches, then shrink the first schedule of each
 * kind in the range; with `modelCheck`, also model-check the decision (exhaustive mode).
 */
export async function explorePart(
  spec: ExploreSpec,
  plan: ExplorePlan,
  executor: TaskExecutor,
  options: {
    range: [number, number];
    batchSize?: number;
    shrink: boolean;
    modelCheck: boolean;
    onProgress?: (done: number, failing: number) => void;
  }
): Promise<ExplorePart> {
  let failing = 0;
  const model =
    options.modelCheck && spec.mode.kind === 'exhaustive'
      ? Promise.all(
          MODEL_POLICIES.map((_, policy) => executor.run({ kind: 'model', spec, policy }))
        )
      : Promise.resolve(null);
  // Awaited below; until then a failure must not count as unhandled.
  model.catch(() => undefined);
  const batches = await runBatches(
    executor,
    options.range,
    (from, to): ExploreBatchTask => ({ kind: 'explore-batch', spec, from, to }),
    {
      size: options.batchSize,
      onBatch: (batch) => (failing += batch.failing),
      onProgress: (done) => options.onProgress?.(done, failing)
    }
  );
  const totals = mergeBatches(batches);
  const shrunk = await Promise.all(
    REPORTED_KEYS.flatMap((key) => {
      const first = totals.first[key];
      return first ? [executor.run({ kind: 'shrink', key, first, shrink: options.shrink })] : [];
    })
  );
  return { batches, shrunk, modelCheck: await model };
}
