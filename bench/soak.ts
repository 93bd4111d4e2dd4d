/**
 * `npm run soak`: at least 10,000 random fault schedules against the safe configuration (method
 * both, sync copy, fence level data, manual isolation), outside jest, with every monitor watching.
 * Writes a JSON summary (`--out FILE`, default bench/results/soak.json): schedules, wall time and
 * rate, violations by invariant, findings, distinct states, and the heap after the first 100 runs
 * against the heap after the soak (after a full GC; must stay within 10 %).
 *
 * Options: `--runs N` (default 10000), `--seed S` (default 1), `--duration D` (default 60s; a
 * number is ms), `--workers N` (default the machine's cores). A bad option is exit 2 in one line.
 * With one worker the soak runs in this thread and measures the heap; with more it runs in
 * batches on worker threads (the same counts, seeds and states — explore/exploreBatch.ts) and
 * the heap check is not made (`memory: null`). Exit 1 when any schedule violated an invariant
 * (findings do not count), 0 otherwise.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRandom } from '../sim/createRandom';
import { scheduleSeed } from '../explore/explore';
import { defaultSpace, randomSchedule } from '../explore/randomSchedule';
import { FINDING_KEYS, keysFound, runSchedule, VIOLATION_KEYS } from '../explore/runSchedule';
import { MAX_SEED } from '../model/scenarioValues';
import { defineScenario } from '../scenarios/defineScenario';
import { durationOption, integerOption, parseScriptOptions } from './options';
import { mergeBatches, planExplore } from '../explore/exploreBatch';
import { explorePart, localExecutor } from '../explore/exploreParallel';
import { machineCores } from '../explore/workerPool';

const { runs, seed, duration, outFile, workers } = parseScriptOptions(
  'soak',
  'random fault schedules against the safe configuration, with every monitor watching',
  (command) =>
    command
      .option('--runs <n>', 'schedules to run', '10000')
      .option('--seed <s>', 'seed of the schedules', '1')
      .option('--duration <d>', 'simulated length of each run (a number is ms)', '60s')
      .option('--out <file>', 'where to write the JSON summary')
      .option('--workers <n>', "worker threads (default: the machine's cores)"),
  (o) => ({
    runs: integerOption('--runs', o.runs, 1, 10_000_000),
    seed: integerOption('--seed', o.seed, 0, MAX_SEED),
    duration: durationOption('--duration', o.duration, 30_000),
    outFile: (o.out as string | undefined) ?? path.join(__dirname, 'results', 'soak.json'),
    workers:
      o.workers === undefined ? machineCores() : integerOption('--workers', o.workers, 1, 256)
  })
);

const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
};

const base = defineScenario({ name: 'safe-defaults', duration });
const space = defaultSpace(base, { duration });
const violations: Record<string, number> = Object.fromEntries(VIOLATION_KEYS.map((k) => [k, 0]));
const findings: Record<string, number> = Object.fromEntries(FINDING_KEYS.map((k) => [k, 0]));
const failingSeeds: Record<string, number[]> = {};
const states = new Set<number>();
let simulatedMs = 0;
let events = 0;
let heapAfter100 = 0;
const started = performance.now();
let last = started;

/** The soak on worker threads: the same schedules, in batches merged by index. */
async function soakInParallel() {
  const spec = { base, mode: { kind: 'random' as const, count: runs, seed }, duration };
  const executor = localExecutor(workers);
  try {
    const part = await explorePart(spec, planExplore(spec), executor, {
      range: [0, runs],
      shrink: false,
      modelCheck: false,
      onProgress: (done) => {
        const t = performance.now();
        if (t - last > 10_000 || done === runs) {
          last = t;
          process.stderr.write(
            `${done}/${runs} schedules, ${((done / (t - started)) * 1000).toFixed(1)}/s on ${workers} workers\n`
          );
        }
      }
    });
    const totals = mergeBatches(part.batches);
    simulatedMs = totals.simulatedMs;
    events = totals.events;
    for (const key of Object.keys(violations)) {
      violations[key] = totals.counts[key as keyof typeof totals.counts] ?? 0;
      const indexes = totals.failingIndexes[key as keyof typeof totals.failingIndexes];
      if (indexes) failingSeeds[key] = indexes.map((i) => scheduleSeed(seed, i));
    }
    for (const key of Object.keys(findings)) {
      findings[key] = totals.counts[key as keyof typeof totals.counts] ?? 0;
    }
    for (const h of totals.states) states.add(h);
  } finally {
    await executor.close();
  }
}

for (let i = 0; workers <= 1 && i < runs; i++) {
  const s = scheduleSeed(seed, i);
  const scenario = randomSchedule(createRandom(s).fork('schedule'), space, s);
  const outcome = runSchedule(scenario);
  simulatedMs += outcome.simulatedMs;
  events += outcome.events;
  for (const h of outcome.states) states.add(h);
  for (const key of keysFound(outcome)) {
    if (key in violations) {
      violations[key]++;
      const list = (failingSeeds[key] ??= []);
      if (list.length < 20) list.push(s);
    }
    if (key in findings) findings[key]++;
  }
  if (i + 1 === 100) heapAfter100 = heap();
  const t = performance.now();
  if (t - last > 10_000 || i + 1 === runs) {
    last = t;
    process.stderr.write(
      `${i + 1}/${runs} schedules, ${(((i + 1) / (t - started)) * 1000).toFixed(1)}/s, heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(1)} MB\n`
    );
  }
}
void (workers > 1 ? soakInParallel() : Promise.resolve()).then(() => {
  const wallMs = performance.now() - started;
  const heapEnd = heap();
  const summary = {
    runs,
    seed,
    durationMs: duration,
    healAtMs: space.healAt,
    wallMs: Math.round(wallMs),
    schedulesPerSecond: Number(((runs / wallMs) * 1000).toFixed(1)),
    simulatedHours: Number((simulatedMs / 3_600_000).toFixed(1)),
    events,
    violations,
    failingSeeds,
    findings,
    distinctStates: states.size,
    workers,
    memory:
      workers > 1
        ? null
        : {
            gcExposed: gc !== undefined,
            heapAfter100Runs: heapAfter100,
            heapAfterSoak: heapEnd,
            growth: Number(((heapEnd - heapAfter100) / heapAfter100).toFixed(4)),
            withinTenPercent: heapEnd <= heapAfter100 * 1.1
          },
    node: process.version
  };
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify(summary, null, 2) + '\n');
  process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  const violated = Object.values(violations).reduce((a, b) => a + b, 0);
  if (violated > 0) {
    process.stderr.write(`soak: ${violated} schedules violated an invariant (see failingSeeds)\n`);
  }
  process.exitCode = violated > 0 ? 1 : 0;
});
