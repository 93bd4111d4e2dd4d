/**
 * The distributed engine: tasks (explore/workerTasks.ts) as jobs on a BullMQ queue in Redis.
 * {@link queueExecutor} is the submitting side — it adds the batches of an exploration or a sweep
 * as jobs and awaits their results, which the caller merges by run index exactly as a local run
 * does. {@link serveQueue} is `mirrorbeat worker`: it takes jobs from the queue, carries each out
 * on a thread of its pool (so its event loop stays free to renew the job's lock), and returns the
 * result. A worker that dies mid-batch loses its lock; once the lock expires the job counts as
 * stalled and goes back to the queue for another worker — a retry, never a lost schedule, and
 * since a job completes once and results are merged by index, never one counted twice.
 */
import net from 'node:net';
import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import { createWorkerPool } from './workerPool';
import type { ResultOf, Task, TaskExecutor } from './workerTasks';

/** The queue every mirrorbeat worker listens to. */
export const QUEUE_NAME = 'mirrorbeat';

/** How a job is retried: attempts after a failure, and stalls (dead workers) tolerated. */
export const JOB_ATTEMPTS = 3;
export const MAX_STALLS = 5;

/** BullMQ connection options of `redis://host:port[/db]`. */
export function connectionOf(url: string): {
  host: string;
  port: number;
  db: number;
  maxRetriesPerRequest: null;
} {
  const u = new URL(url);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 6379,
    db: Number.isInteger(db) ? db : 0,
    maxRetriesPerRequest: null
  };
}

/**
 * Whether a Redis server answers PING at `url` within `timeoutMs`: null when it does, otherwise
 * what went wrong (`ECONNREFUSED`, `no answer within 3 s`, …).
 */
export function reachRedis(url: string, timeoutMs = 3000): Promise<string | null> {
  const { host, port } = connectionOf(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let answer = '';
    const finish = (reason: string | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(reason);
    };
    const timer = setTimeout(() => finish(`no answer within ${timeoutMs / 1000} s`), timeoutMs);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) {
        finish(
          answer.startsWith('+PONG') ? null : `not a Redis answer (${answer.trim().slice(0, 40)})`
        );
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
  });
}

/** Options of {@link queueExecutor}. */
export interface QueueExecutorOptions {
  /** How many jobs to keep in flight (default 64; the workers' concurrency decides the rest). */
  parallelism?: number;
}

/** Submit tasks as jobs on the queue at `url` and await their results. */
export async function queueExecutor(
  url: string,
  options: QueueExecutorOptions = {}
): Promise<TaskExecutor> {
  const connection = connectionOf(url);
  const queue = new Queue(QUEUE_NAME, { connection });
  const events = new QueueEvents(QUEUE_NAME, { connection });
  // Connection errors are retried by the client (a Redis restart only pauses the run); they must
  // not end the process as unhandled 'error' events.
  queue.on('error', () => undefined);
  events.on('error', () => undefined);
  await events.waitUntilReady();
  await queue.waitUntilReady();
  const listeners = new Map<string, (done: number) => void>();
  events.on('progress', ({ jobId, data }) => {
    if (typeof data === 'number') listeners.get(jobId)?.(data);
  });
  return {
    parallelism: options.parallelism ?? 64,
    async run<T extends Task>(task: T, onProgress?: (done: number) => void): Promise<ResultOf<T>> {
      const job = await queue.add(task.kind, task, {
        attempts: JOB_ATTEMPTS,
        removeOnComplete: { age: 3600 },
        removeOnFail: { age: 24 * 3600 }
      });
      const id = job.id ?? '';
      if (onProgress) listeners.set(id, onProgress);
      try {
        const result: ResultOf<T> = await job.waitUntilFinished(events);
        return result;
      } finally {
        listeners.delete(id);
      }
    },
    async close() {
      await events.close();
      await queue.close();
    }
  };
}

/** Options of {@link serveQueue}. */
export interface ServeQueueOptions {
  /** Worker threads, i.e. jobs carried out at once (default 1). */
  threads?: number;
  /** How long a job's lock lasts without renewal, ms (default 30 s). */
  lockDurationMs?: number;
  /** Called when a job starts and when it ends. */
  onJob?: (
    event: 'started' | 'completed' | 'failed',
    job: { id: string; name: string; detail: string }
  ) => void;
}

/** A running queue worker. */
export interface QueueWorker {
  close(): Promise<void>;
}

/** Carry out the jobs of the queue at `url` until closed. */
export async function serveQueue(
  url: string,
  options: ServeQueueOptions = {}
): Promise<QueueWorker> {
  const threads = options.threads ?? 1;
  const pool = createWorkerPool(threads);
  const lockDuration = options.lockDurationMs ?? 30_000;
  const describe = (job: Job<Task>) => ({
    id: job.id ?? '',
    name: job.name,
    detail: 'from' in job.data ? `${job.data.from}–${job.data.to}` : job.data.kind
  });
  const worker = new Worker<Task>(
    QUEUE_NAME,
    async (job) => {
      options.onJob?.('started', describe(job));
      let last = 0;
      return pool.run(job.data, (done) => {
        if (done - last >= 1) {
          last = done;
          void job.updateProgress(done).catch(() => undefined);
        }
      });
    },
    {
      connection: connectionOf(url),
      concurrency: threads,
      lockDuration,
      stalledInterval: Math.max(1000, Math.floor(lockDuration / 2)),
      maxStalledCount: MAX_STALLS
    }
  );
  worker.on('error', () => undefined);
  worker.on('completed', (job) => options.onJob?.('completed', describe(job)));
  worker.on('failed', (job) => {
    if (job) options.onJob?.('failed', describe(job));
  });
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close();
      await pool.close();
    }
  };
}
