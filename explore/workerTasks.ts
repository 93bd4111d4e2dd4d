/**
 * The units of work an exploration or a sweep is cut into, as plain data, and {@link runTask},
 * which carries one out. The same task gives the same result in this thread, in a worker thread
 * (explore/poolWorker.ts) or in a queue worker on another machine (explore/queueExecutor.ts).
 */
import { resolveConfig } from '../model/config';
import type { MonitorKey } from '../monitors/monitorWorld';
import type { Scenario } from '../model/scenario';
import { checkDecisionModel, MODEL_POLICIES, type DecisionModelResult } from './decisionModel';
import {
  overridesOf,
  planExplore,
  runExploreBatch,
  shrinkFirst,
  type BatchResult,
  type ExplorePlan,
  type Overrides,
  type ExploreSpec,
  type ShrunkExample
} from './exploreBatch';
import { runSweepBatch, type SweepBatchResult, type SweepSpec } from './sweep';

/** Run explore schedules `[from, to)`. */
export interface ExploreBatchTask {
  kind: 'explore-batch';
  spec: ExploreSpec;
  from: number;
  to: number;
}

/** Shrink the first schedule found with `key`. */
export interface ShrinkTask {
  kind: 'shrink';
  key: MonitorKey;
  first: { index: number; scenario: Scenario };
  shrink: boolean;
}

/** Model-check the failure decision under policy `policy` of MODEL_POLICIES. */
export interface ModelTask {
  kind: 'model';
  spec: ExploreSpec;
  policy: number;
}

/** Run sweep runs `[from, to)`. */
export interface SweepBatchTask {
  kind: 'sweep-batch';
  spec: SweepSpec;
  from: number;
  to: number;
}

/** Any task. */
export type Task = ExploreBatchTask | ShrinkTask | ModelTask | SweepBatchTask;

/** The result of each kind of task. */
export interface TaskResults {
  'explore-batch': BatchResult;
  shrink: ShrunkExample;
  model: DecisionModelResult;
  'sweep-batch': SweepBatchResult;
}

/** The result of `task`. */
export type ResultOf<T extends Task> = TaskResults[T['kind']];

/** Something that carries out tasks: this thread, a pool of worker threads, or a job queue. */
export interface TaskExecutor {
  /** Carry out `task`; `onProgress` hears how many runs of a batch are done. */
  run<T extends Task>(task: T, onProgress?: (done: number) => void): Promise<ResultOf<T>>;
  /** Release the threads or connections. */
  close(): Promise<void>;
  /** How many tasks run at once. */
  readonly parallelism: number;
}

/** Carry out one task here, now. */
export function runTask(
  task: Task,
  options: Overrides & { onProgress?: (done: number) => void } = {}
): TaskResults[Task['kind']] {
  switch (task.kind) {
    case 'explore-batch':
      return runExploreBatch(
        task.spec,
        task.from,
        task.to,
        { ...overridesOf(options), onEach: (done) => options.onProgress?.(done) },
        planOf(task.spec)
      );
    case 'shrink':
      return shrinkFirst(task.key, task.first, {
        ...overridesOf(options),
        shrink: task.shrink
      });
    case 'model':
      return checkDecisionModel({
        ...MODEL_POLICIES[task.policy],
        method: resolveConfig(task.spec.base.config).heartbeat.method,
        logic: options.machines?.decision as DecisionModelLogic
      });
    case 'sweep-batch':
      return runSweepBatch(task.spec, task.from, task.to, options.onProgress);
  }
}

/**
 * The plan of the last spec seen, kept between batches: a thread (or queue worker) carries out
 * many batches of one exploration, and an exhaustive plan enumerates every placement (about 90 ms
 * for the defaults), which each batch would otherwise redo. Same spec ⇒ same plan, so keeping it
 * changes no result.
 */
let lastPlan: { key: string; plan: ExplorePlan } | null = null;
function planOf(spec: ExploreSpec): ExplorePlan {
  const key = JSON.stringify(spec);
  if (lastPlan?.key !== key) lastPlan = { key, plan: planExplore(spec) };
  return lastPlan.plan;
}

type DecisionModelLogic = Parameters<typeof checkDecisionModel>[0]['logic'];

/** This thread as an executor (one task at a time; program overrides allowed). */
export function inProcessExecutor(overrides: Overrides = {}): TaskExecutor {
  return {
    parallelism: 1,
    run<T extends Task>(task: T, onProgress?: (done: number) => void): Promise<ResultOf<T>> {
      try {
        return Promise.resolve(runTask(task, { ...overrides, onProgress }) as ResultOf<T>);
      } catch (error) {
        return Promise.reject(error);
      }
    },
    close: () => Promise.resolve()
  };
}
