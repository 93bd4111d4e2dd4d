/**
 * The body of one worker thread of the pool (explore/workerPool.ts): carries out the tasks it is
 * sent, one at a time, and posts back their results, progress and errors.
 */
import { parentPort } from 'node:worker_threads';
import { runTask, type Task } from './workerTasks';

/** A message to a pool worker. */
export interface PoolRequest {
  id: number;
  task: Task;
}

/** A message from a pool worker. */
export type PoolReply =
  | { id: number; type: 'progress'; done: number }
  | { id: number; type: 'result'; result: ReturnType<typeof runTask> }
  | { id: number; type: 'error'; message: string };

const port = parentPort;
if (port) {
  port.on('message', (request: PoolRequest) => {
    const post = (reply: PoolReply) => port.postMessage(reply);
    try {
      const result = runTask(request.task, {
        onProgress: (done) => post({ id: request.id, type: 'progress', done })
      });
      post({ id: request.id, type: 'result', result });
    } catch (error) {
      post({
        id: request.id,
        type: 'error',
        message: error instanceof Error ? error.message : String(error)
      });
    }
  });
}
