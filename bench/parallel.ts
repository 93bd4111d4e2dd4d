/**
 * Parallel exploration and the job queue, for `npm run bench` (run in a fresh process; prints one
 * JSON object): random-schedule exploration of the defaults with 1, 2 and 3 workers (schedules/s,
 * speed-up, and whether the summaries are identical), and the queue's overhead per batch — empty
 * batches sent one after the other through BullMQ to one `serveQueue` worker, on the Redis at
 * MIRRORBEAT_REDIS_URL or a redis-server started here on 127.0.0.1.
 *
 * Argument: JSON `{ "count": 400, "batches": 100 }`.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { explore, type ExploreSummary } from '../explore/explore';
import { exploreParallel } from '../explore/exploreParallel';
import { queueExecutor, serveQueue } from '../explore/queueExecutor';
import { defineScenario } from '../scenarios/defineScenario';

const { count, batches } = JSON.parse(process.argv[2] ?? '{}') as {
  count?: number;
  batches?: number;
};
const schedules = count ?? 400;
const queueBatches = batches ?? 100;

const base = defineScenario({ name: 'bench-explore', duration: '80s' });
const options = {
  base,
  mode: { kind: 'random' as const, count: schedules, seed: 1 },
  outDir: null,
  shrink: false
};
const timeless = (s: ExploreSummary) => JSON.stringify({ ...s, wallMs: 0, schedulesPerSecond: 0 });

/** CPU time (user + system, ms) of this process's main thread alone, from /proc (Linux). */
function mainThreadCpu(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      server.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

async function redisUrl(): Promise<{ url: string; stop: () => void } | null> {
  if (process.env.MIRRORBEAT_REDIS_URL)
    return { url: process.env.MIRRORBEAT_REDIS_URL, stop: () => undefined };
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'ignore']
    }
  );
  const ready = await new Promise<boolean>((resolve) => {
    child.on('error', () => resolve(false));
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('Ready to accept connections')) resolve(true);
    });
  });
  return ready ? { url: `redis://127.0.0.1:${port}`, stop: () => child.kill('SIGKILL') } : null;
}

async function main() {
  const runs: {
    workers: number;
    wallMs: number;
    cpuMs: number;
    schedulesPerSecond: number;
    identical: boolean;
  }[] = [];
  // CPU time of every thread of this process (user + system), ms.
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const loadBefore = os.loadavg()[0];
  let t = performance.now();
  let c = cpu();
  const m = mainThreadCpu();
  const single = explore(options);
  let wallMs = performance.now() - t;
  const singleMainMs = m === null ? null : mainThreadCpu()! - m;
  const reference = timeless(single);
  runs.push({
    workers: 1,
    wallMs,
    cpuMs: cpu() - c,
    schedulesPerSecond: (schedules / wallMs) * 1000,
    identical: true
  });
  for (const workers of [2, 3]) {
    t = performance.now();
    c = cpu();
    const summary = await exploreParallel({ ...options, workers });
    wallMs = performance.now() - t;
    runs.push({
      cpuMs: cpu() - c,
      workers,
      wallMs,
      schedulesPerSecond: (schedules / wallMs) * 1000,
      identical: timeless(summary) === reference
    });
  }

  let queue: {
    batches: number;
    msPerBatch: number;
    url: 'MIRRORBEAT_REDIS_URL' | 'local redis-server';
  } | null = null;
  const redis = await redisUrl();
  if (redis) {
    const worker = await serveQueue(redis.url, { threads: 1 });
    const executor = await queueExecutor(redis.url);
    const spec = { base, mode: { kind: 'random' as const, count: 1, seed: 1 } };
    // Warm-up, then empty batches one at a time: the round trip is the queue's overhead.
    for (let i = 0; i < 5; i++) await executor.run({ kind: 'explore-batch', spec, from: 0, to: 0 });
    t = performance.now();
    for (let i = 0; i < queueBatches; i++)
      await executor.run({ kind: 'explore-batch', spec, from: 0, to: 0 });
    queue = {
      batches: queueBatches,
      msPerBatch: (performance.now() - t) / queueBatches,
      url: process.env.MIRRORBEAT_REDIS_URL ? 'MIRRORBEAT_REDIS_URL' : 'local redis-server'
    };
    await executor.close();
    await worker.close();
    redis.stop();
  }
  const loadAverage = [loadBefore, os.loadavg()[0]];
  // The 1-worker run's CPU beyond its own thread is V8's helper threads (concurrent and parallel
  // GC, background compilation) working on the second core: on 2 idle cores the 1-worker run's
  // wall time is its main thread's CPU, while 2 workers need all of their CPU on 2 cores, so the
  // best speed-up 2 cores allow is 2 × main ÷ (2 workers' CPU).
  const oneWorker = {
    mainThreadCpuMs: singleMainMs,
    helperThreadsCpuMs: singleMainMs === null ? null : runs[0].cpuMs - singleMainMs,
    ceilingOnTwoIdleCores:
      singleMainMs === null ? null : (2 * singleMainMs) / runs.find((r) => r.workers === 2)!.cpuMs
  };
  process.stdout.write(
    JSON.stringify({
      schedules,
      runs,
      oneWorker,
      queue,
      loadAverage,
      cores: os.availableParallelism()
    }) + '\n'
  );
}

void main().then(() => process.exit(0));
