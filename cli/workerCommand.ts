/**
 * `mirrorbeat worker --queue redis://host:port [--workers N]`: carry out the batches that
 * `explore --queue` and `sweep --queue` put on the job queue, on N worker threads (default the
 * machine's cores), until interrupted (SIGINT or SIGTERM). Start as many as you like, on as many
 * machines as reach the Redis server; one that dies mid-batch costs that batch a retry.
 */
import { describeValue } from '../model/describeValue';
import { tryParseDuration } from '../model/durations';
import type * as QueueModule from '../explore/queueExecutor';
import type * as Pool from '../explore/workerPool';
import type * as ExploreRun from '../explore/exploreRun';
import type { CliDeps } from './cliDeps';
import { EXIT, type ExitCode } from './exitCodes';
import { parseParallelFlags, parseQueueUrl } from './parallelFlags';
import { UsageError } from './usageError';

/** Options of `worker`, as commander gives them. */
export interface WorkerFlags {
  queue?: string;
  workers?: string;
  lockDuration?: string;
  /** Print every event as a JSON line. */
  json?: boolean;
}

/** Carry out `worker`: resolves once interrupted. */
export function workerCommand(
  deps: CliDeps,
  flags: WorkerFlags,
  signals: NodeJS.EventEmitter = process
): Promise<ExitCode> {
  if (flags.queue === undefined) {
    throw new UsageError('mirrorbeat worker: --queue: expected redis://host:port, found nothing');
  }
  const url = parseQueueUrl('worker', flags.queue);
  const { workers } = parseParallelFlags('worker', { workers: flags.workers });
  const lock = tryParseDuration(flags.lockDuration ?? '30s');
  if (!lock.ok || lock.ms < 1000) {
    throw new UsageError(
      `mirrorbeat worker: --lock-duration: expected a duration of at least 1s, found ${describeValue(flags.lockDuration)}`
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { serveQueue } = require('../explore/queueExecutor') as typeof QueueModule;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { machineCores } = require('../explore/workerPool') as typeof Pool;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { mustReach } = require('../explore/exploreRun') as typeof ExploreRun;
  const threads = workers ?? machineCores();
  return mustReach('worker', url)
    .then(() =>
      serveQueue(url, {
        threads,
        lockDurationMs: lock.ms,
        onJob: (event, job) =>
          deps.out(
            flags.json
              ? JSON.stringify({ event, job: job.name, detail: job.detail, id: job.id }) + '\n'
              : `${event} ${job.name} ${job.detail} (job ${job.id})\n`
          )
      })
    )
    .then(
      (worker) =>
        new Promise<ExitCode>((resolve) => {
          deps.out(
            flags.json
              ? JSON.stringify({ ok: true, event: 'serving', queue: url, threads }) + '\n'
              : `mirrorbeat worker: serving ${url} on ${threads} thread(s)\n`
          );
          const stop = () => {
            signals.off('SIGINT', stop);
            signals.off('SIGTERM', stop);
            void worker.close().then(() => {
              if (flags.json) deps.out(JSON.stringify({ ok: true, event: 'stopped' }) + '\n');
              resolve(EXIT.ok);
            });
          };
          signals.on('SIGINT', stop);
          signals.on('SIGTERM', stop);
        })
    );
}
