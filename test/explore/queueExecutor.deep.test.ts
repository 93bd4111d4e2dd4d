/**
 * The distributed engine on a real Redis (Debian's redis-server on 127.0.0.1; `.ci/run` starts one
 * and sets MIRRORBEAT_REDIS_URL, otherwise this suite starts its own on a free port): two
 * `mirrorbeat worker` processes serve an exploration submitted with the queue executor, one is
 * killed in the middle of a batch, and the merged summary is the one of a local run — the killed
 * batch retried, no schedule lost or counted twice, the violations shrunk remotely with their
 * replay commands; and a sweep submitted on the queue from the command line gives the local
 * sweep's figures.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { explore, type ExploreSummary } from '../../explore/explore';
import { exploreParallel } from '../../explore/exploreParallel';
import { queueExecutor } from '../../explore/queueExecutor';
import { defineScenario } from '../../scenarios/defineScenario';
import { captureCli, timelessJson } from './captureCli';

jest.setTimeout(180_000);

const ROOT = path.join(__dirname, '..', '..');
const children: ChildProcess[] = [];
let url = process.env.MIRRORBEAT_REDIS_URL ?? '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A child process whose stdout lines are collected; resolves once a line matches. */
function start(command: string, args: string[]) {
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const lines: string[] = [];
  const waiters: { test: RegExp; resolve: (line: string) => void }[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const w of waiters.filter((x) => x.test.test(line))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const waitFor = (test: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const seen = lines.find((l) => test.test(l));
      if (seen) return resolve(seen);
      waiters.push({ test, resolve });
      child.once('exit', (code) =>
        reject(new Error(`${command} exited (${code}) before ${test}: ${stderr.trim()}`))
      );
    });
  return { child, lines, waitFor };
}

beforeAll(async () => {
  if (url) return;
  const port = await freePort();
  const redis = start('redis-server', [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no'
  ]);
  redis.child.on('error', () => undefined);
  await redis.waitFor(/Ready to accept connections/);
  url = `redis://127.0.0.1:${port}`;
});

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

const unsafe = defineScenario({
  name: 'unsafe',
  duration: '60s',
  config: { heartbeat: { method: 'network' }, remoteCopy: { fenceLevel: 'never' } }
});

const timeless = (s: ExploreSummary) => ({ ...s, wallMs: 0, schedulesPerSecond: 0 });

describe('the job queue', () => {
  it('should give the local summary when a worker is killed mid-batch', async () => {
    const worker = () =>
      start(process.execPath, [
        'bin/mirrorbeat.js',
        'worker',
        '--queue',
        url,
        '--workers',
        '1',
        '--lock-duration',
        '2s'
      ]);
    const a = worker();
    const b = worker();
    await Promise.all([
      a.waitFor(/^mirrorbeat worker: serving/),
      b.waitFor(/^mirrorbeat worker: serving/)
    ]);

    const options = {
      base: unsafe,
      mode: { kind: 'random' as const, count: 30, seed: 11 },
      duration: 60_000,
      outDir: null
    };
    const executor = await queueExecutor(url);
    const running = exploreParallel({ ...options, executor, batchSize: 5 });
    // Kill worker a as soon as it holds a batch.
    const started = await a.waitFor(/^started explore-batch/);
    a.child.kill('SIGKILL');
    const remote = await running;
    await executor.close();

    const job = /\(job (\S+)\)$/.exec(started)![1];
    expect(a.lines.some((l) => l.startsWith('completed') && l.endsWith(`(job ${job})`))).toBe(
      false
    );
    // The batch worker a held was carried out again by b.
    expect(b.lines.some((l) => l.startsWith('completed') && l.endsWith(`(job ${job})`))).toBe(true);

    const local = explore(options);
    expect(timeless(remote)).toEqual(timeless(local));
    expect(remote.examples.length).toBeGreaterThan(0);
    for (const e of remote.examples)
      expect(e.replay).toMatch(/^npx mirrorbeat run \S+ --seed \d+$/);

    // A sweep through the command line on the same queue: the figures of a local sweep.
    const file = path.join(os.tmpdir(), `mirrorbeat-queue-sweep-${process.pid}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        name: 'q',
        seeds: 2,
        duration: '40s',
        grid: { 'heartbeat.method': ['network', 'both'] },
        faults: ['crash', 'partition']
      })
    );
    try {
      const onQueue = timelessJson(
        (await captureCli(['sweep', file, '--queue', url, '--batch', '1', '--json'])).stdout
      );
      const here = timelessJson(
        (await captureCli(['sweep', file, '--workers', '1', '--json'])).stdout
      );
      expect(onQueue).toEqual(here);
      expect(here.runs).toBe(8);
    } finally {
      rmSync(file, { force: true });
    }
    b.child.kill('SIGTERM');
  });
});
