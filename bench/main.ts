/**
 * Benchmark skeleton: events per second of the kernel demo (two actors over a jittered RxJS link
 * on the simulated clock) against bare XState doing the same number of transitions with `sendTo`
 * between two actors, and against a plain-JS loop, all measured in this one run.
 *
 * Usage: npm run bench [-- --smoke] [-- --out FILE]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { createActor, sendTo, setup } from 'xstate';
import { runKernelDemo } from '../scenarios/kernelDemo';

const smoke = process.argv.includes('--smoke');
const outIndex = process.argv.indexOf('--out');
const outFile = outIndex > 0 ? process.argv[outIndex + 1] : undefined;
const runs = smoke ? 1 : 5;
const simulatedMs = smoke ? 600_000 : 6 * 3_600_000;

function packageVersion(name: string): string {
  const file = require.resolve(`${name}/package.json`);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function measure(label: string, events: number, fn: () => void) {
  fn(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) ms.push(time(fn));
  const m = median(ms);
  return { label, events, medianMs: m, eventsPerSecond: Math.round((events / m) * 1000) };
}

// Bare XState: two actors ping-ponging with sendTo, `n` transitions.
const pingPong = setup({
  types: {
    context: {} as { peer: any; left: number },
    events: {} as { type: 'PING' } | { type: 'SET'; peer: any; left: number }
  },
  actions: {
    forward: sendTo(({ context }) => context.peer, { type: 'PING' })
  },
  guards: { more: ({ context }) => context.left > 0 }
}).createMachine({
  context: { peer: null, left: 0 },
  on: {
    SET: {
      actions: ({ context, event }) =>
        Object.assign(context, { peer: event.peer, left: event.left })
    },
    PING: { guard: 'more', actions: [({ context }) => void context.left--, 'forward'] }
  }
});

function bareXState(n: number) {
  const a = createActor(pingPong).start();
  const b = createActor(pingPong).start();
  a.send({ type: 'SET', peer: b, left: n / 2 });
  b.send({ type: 'SET', peer: a, left: n / 2 });
  a.send({ type: 'PING' });
  a.stop();
  b.stop();
}

function plainLoop(n: number) {
  let state = 0;
  let acc = 0;
  const events = [1, 2, 1, 3];
  for (let i = 0; i < n; i++) {
    const e = events[i & 3];
    state = state === 0 ? (e === 1 ? 1 : 0) : e === 2 ? 0 : e === 3 ? 2 : state;
    acc += state;
  }
  if (acc < 0) console.log(acc);
}

const probe = runKernelDemo({ seed: 1, until: simulatedMs, trace: 'hash' });
const n = probe.events;
const results = [
  measure('kernel demo (trace hash)', n, () =>
    runKernelDemo({ seed: 1, until: simulatedMs, trace: 'hash' })
  ),
  measure('kernel demo (trace off)', n, () =>
    runKernelDemo({ seed: 1, until: simulatedMs, trace: 'off' })
  ),
  measure('bare XState sendTo ping-pong', n, () => bareXState(n)),
  measure('plain-JS loop', n, () => plainLoop(n))
];
const bare = results[2].eventsPerSecond;
const report = {
  node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  xstate: packageVersion('xstate'),
  rxjs: packageVersion('rxjs'),
  simulatedMs,
  runs,
  traceHash: probe.traceHash,
  results: results.map((r) => ({ ...r, ratioToBareXState: +(r.eventsPerSecond / bare).toFixed(3) }))
};
if (outFile) writeFileSync(outFile, JSON.stringify(report, null, 2));
console.log(JSON.stringify(report, null, 2));
