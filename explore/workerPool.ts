/**
 * A pool of worker threads (`worker_threads`) carrying out tasks (explore/workerTasks.ts), first
 * come first served: a task goes to the first idle thread. Results do not depend on the order in
 * which tasks finish — the merge is by schedule index — so any pool size gives the same summary.
 */
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { PoolReply, PoolRequest } from './poolWorker';
import { startWorker } from './startWorker';
import type { ResultOf, Task, TaskExecutor } from './workerTasks';

/** The machine's cores (the default number of workers). */
export function machineCores(): number {
  return Math.max(1, os.availableParallelism());
}

interface Pending {
  request: PoolRequest;
  resolve: (result: PoolReply & { type: 'result' }) => void;
  reject: (error: Error) => void;
  onProgress?: (done: number) => void;
}

/** A pool of `size` worker threads. */
export function createWorkerPool(size: number): TaskExecutor {
  const idle: Worker[] = [];
  const waiting: Pending[] = [];
  const busy = new Map<Worker, Pending>();
  let nextId = 1;
  let closed = false;

  const dispatch = () => {
    while (idle.length > 0 && waiting.length > 0) {
      const worker = idle.pop()!;
      const pending = waiting.shift()!;
      busy.set(worker, pending);
      worker.postMessage(pending.request);
    }
  };
  const workers = Array.from({ length: size }, () => {
    const worker = startWorker('poolWorker');
    worker.on('message', (reply: PoolReply) => {
      const pending = busy.get(worker);
      if (!pending || pending.request.id !== reply.id) return;
      if (reply.type === 'progress') {
        pending.onProgress?.(reply.done);
        return;
      }
      busy.delete(worker);
      idle.push(worker);
      if (reply.type === 'result') pending.resolve(reply);
      else pending.reject(new Error(reply.message));
      dispatch();
    });
    worker.on('error', (error) => {
      const pending = busy.get(worker);
      busy.delete(worker);
      pending?.reject(error);
      for (const w of waiting.splice(0)) w.reject(error);
    });
    worker.on('exit', (code) => {
      if (closed) return;
      const pending = busy.get(worker);
      busy.delete(worker);
      pending?.reject(new Error(`worker thread exited with code ${code}`));
    });
    idle.push(worker);
    return worker;
  });

  return {
    parallelism: size,
    run<T extends Task>(task: T, onProgress?: (done: number) => void): Promise<ResultOf<T>> {
      if (closed) return Promise.reject(new Error('the worker pool is closed'));
      return new Promise<ResultOf<T>>((resolve, reject) => {
        waiting.push({
          request: { id: nextId++, task },
          resolve: (reply) => resolve(reply.result as ResultOf<T>),
          reject,
          onProgress
        });
        dispatch();
      });
    },
    async close() {
      closed = true;
      await Promise.all(workers.map((w) => w.terminate()));
    }
  };
}
