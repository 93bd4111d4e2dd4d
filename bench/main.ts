/**
 * `npm run bench`: mirrorbeat against its limits. Every configuration runs in a fresh process
 * (one warm-up, then at least 5 measured runs, medians); every ratio is taken against a baseline
 * measured in the same `npm run bench`. Prints a table and writes JSON (`--out FILE`, default
 * bench/results/latest.json). `--smoke` runs tiny sizes (CI: it completes and prints JSON).
 * It starts with the start-up CPU time of the compiled command (`npm run build` first).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseScriptOptions } from './options';
import { measureStartup } from './startup';

const { smoke, outFile } = parseScriptOptions(
  'bench',
  'mirrorbeat against its performance targets',
  (command) =>
    command
      .option('--smoke', 'tiny sizes, one run each (CI)')
      .option('--out <file>', 'where to write the JSON report'),
  (o) => ({
    smoke: o.smoke === true,
    outFile: (o.out as string | undefined) ?? path.join(__dirname, 'results', 'latest.json')
  })
);
const runs = smoke ? 1 : 5;
const root = path.resolve(__dirname, '..');

function child(config: object, expose = false): any {
  const args = [
    ...(expose ? ['--expose-gc'] : []),
    '-r',
    'ts-node/register/transpile-only',
    path.join(__dirname, 'runOne.ts'),
    JSON.stringify(config)
  ];
  const text = execFileSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 26
  });
  return JSON.parse(text);
}

function version(name: string): string {
  return (
    JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }
  ).version;
}

const log = (s: string) => process.stderr.write(s + '\n');
const perSec = (events: number, ms: number) => Math.round((events / ms) * 1000);
const mark = (ok: boolean) => (ok ? 'pass' : 'short');

// 0. Start-up CPU time of the compiled command.
log('start-up CPU of the compiled command (--version, list, run tour) …');
const startup = measureStartup(root, smoke ? 1 : 5);

// 1. Full two-site simulation vs bare XState vs plain JS.
const hourMs = smoke ? 60_000 : 3_600_000;
log(`full simulation, ${hourMs / 60_000} simulated min, trace hash / off …`);
const fullHash = child({ kind: 'full', simulatedMs: hourMs, trace: 'hash', runs });
const fullOff = child({ kind: 'full', simulatedMs: hourMs, trace: 'off', runs });
const { actors } = child({ kind: 'actors' });
const events = fullHash.events as number;
log(`bare XState, ${events} transitions over ${actors} actors; plain-JS loop …`);
const bare = child({ kind: 'bare', transitions: events, actors, runs });
const plain = child({ kind: 'plain', events, runs });
const eps = {
  fullHash: perSec(events, fullHash.wallMs),
  fullOff: perSec(events, fullOff.wallMs),
  bare: perSec(events, bare.wallMs),
  plain: perSec(events, plain.wallMs)
};

// 2. Simulated-time speed-up over a simulated day.
const dayMs = smoke ? 600_000 : 86_400_000;
log(`speed-up over ${dayMs / 3_600_000} simulated h …`);
const day = child({ kind: 'full', simulatedMs: dayMs, trace: 'off', runs: smoke ? 1 : 5 });

// 2a. The plain-JS discrete-event peer (bench/peer.ts), same workload, same simulated day.
log(`plain-JS discrete-event peer over ${dayMs / 3_600_000} simulated h …`);
const peer = child({ kind: 'peer', simulatedMs: dayMs, runs: smoke ? 1 : 5 });
const daySpeed = dayMs / day.wallMs;
const peerSpeed = dayMs / peer.wallMs;

// 2b. Work per host group per simulated second: XState transitions by machine, RxJS emissions,
// trace lines by source (10 groups, one simulated minute after a 10 s start).
log('work per host group per simulated second (transitions, emissions, trace lines) …');
const work = child({ kind: 'count', groups: 10, simulatedMs: smoke ? 10_000 : 60_000 });

// 3. Scale.
const sizes = smoke ? [1, 10] : [1, 10, 100, 500, 1000, 5000];
const scaleRows: any[] = [];
for (const groups of sizes) {
  const simulatedMs = smoke ? 2000 : groups >= 5000 ? 5000 : 10_000;
  log(`scale: ${groups} host groups, ${simulatedMs / 1000} simulated s …`);
  const r = child(
    { kind: 'scale', groups, simulatedMs, runs: smoke ? 1 : groups >= 1000 ? 5 : 5 },
    true
  );
  scaleRows.push({
    ...r,
    simulatedMs,
    eventsPerSecond: perSec(r.events, r.wallMs),
    usPerEvent: (r.wallMs * 1000) / r.events
  });
}
// 3a. Start-up alone up to 10,000 groups (one fresh process per size).
const startupSizes = smoke ? [10, 100] : [1000, 10_000];
const startupRows = startupSizes.map((groups) => {
  log(`start-up alone: ${groups} host groups …`);
  return child({ kind: 'startup', groups }) as { groups: number; startupMs: number };
});
const startupLinear =
  (startupRows[1].startupMs / startupRows[0].startupMs) *
  (startupRows[0].groups / startupRows[1].groups) *
  10;

// 4. Random-schedule exploration throughput.
const exploreCount = smoke ? 5 : 100;
log(`exploration: ${exploreCount} random schedules of 80 simulated s …`);
const exploreRun = child({ kind: 'explore', count: exploreCount, runs: smoke ? 1 : 5 });
const exploration = {
  schedules: exploreRun.schedules,
  failing: exploreRun.failing,
  wallMs: +exploreRun.wallMs.toFixed(0),
  schedulesPerSecond: +((exploreRun.schedules / exploreRun.wallMs) * 1000).toFixed(1)
};

// 5. Exploration on 1, 2 and 3 workers, and the job queue's overhead per batch (bench/parallel.ts).
const parallelCount = smoke ? 8 : 1000;
log(
  `exploration on 1, 2, 3 workers: ${parallelCount} random schedules; queue overhead per batch …`
);
const parallel = JSON.parse(
  execFileSync(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      path.join(__dirname, 'parallel.ts'),
      JSON.stringify({ count: parallelCount, batches: smoke ? 10 : 200 })
    ],
    { cwd: root, encoding: 'utf8' }
  )
) as {
  runs: {
    workers: number;
    wallMs: number;
    cpuMs: number;
    schedulesPerSecond: number;
    identical: boolean;
  }[];
  queue: { batches: number; msPerBatch: number } | null;
  loadAverage: number[];
};
const rateOf = (w: number) => parallel.runs.find((r) => r.workers === w)!.schedulesPerSecond;
const twoWorkerSpeedUp = rateOf(2) / rateOf(1);

const at = (n: number) => scaleRows.find((r) => r.groups === n);
const costRatio = at(1000) && at(10) ? at(1000).usPerEvent / at(10).usPerEvent : null;
const startupRatio =
  at(5000) && at(500) ? at(5000).startupMs / 5000 / (at(500).startupMs / 500) : null;
const heapRows = scaleRows.filter((r) => r.groups === 1000 || r.groups === 5000);
const maxHeap = heapRows.length ? Math.max(...heapRows.map((r) => r.heapPerGroup)) : null;
const maxHeapRunning = heapRows.length
  ? Math.max(...heapRows.map((r) => r.heapAfterRunPerGroup))
  : null;

const targets = [
  ...startup.map((s) => ({
    name: `start-up CPU of 'mirrorbeat ${s.args.join(' ')}' ≤ ${s.limitSeconds} s`,
    value: s.cpuSeconds,
    limit: s.limitSeconds,
    ok: s.cpuSeconds !== null && s.cpuSeconds <= s.limitSeconds
  })),
  {
    name: 'full simulation events/s ≥ 0.75 × bare XState (trace off)',
    value: eps.fullOff / eps.bare,
    limit: 0.75,
    ok: eps.fullOff / eps.bare >= 0.75
  },
  {
    name: 'full simulation events/s ≥ 0.6 × bare XState (trace on)',
    value: eps.fullHash / eps.bare,
    limit: 0.6,
    ok: eps.fullHash / eps.bare >= 0.6
  },
  {
    name: 'one group over a simulated day ≥ 20,000× real time (the SimPy peer; idle machine)',
    value: daySpeed,
    limit: 20_000,
    ok: daySpeed >= 20_000
  },
  {
    name: `start-up ${startupRows[1].groups} groups ÷ ${startupRows[0].groups} groups, per 10× the groups ≤ 12 (linear)`,
    value: startupLinear,
    limit: 12,
    ok: startupLinear <= 12
  },
  {
    name: 'exploration ≥ 100 schedules/s on one worker',
    value: exploration.schedulesPerSecond,
    limit: 100,
    ok: exploration.schedulesPerSecond >= 100
  },
  {
    name: 'per-event cost N=1000 / N=10 ≤ 1.25',
    value: costRatio,
    limit: 1.25,
    ok: costRatio !== null && costRatio <= 1.25
  },
  {
    name: 'start-up per group N=5000 / N=500 (10× groups, total ratio ≤ 12)',
    value: startupRatio === null ? null : startupRatio * 10,
    limit: 12,
    ok: startupRatio !== null && startupRatio * 10 <= 12
  },
  {
    name: 'retained heap per host group ≤ 32 KB (1,000 and 5,000 groups, after start-up)',
    value: maxHeap === null ? null : maxHeap / 1024,
    limit: 32,
    ok: maxHeap !== null && maxHeap / 1024 <= 32
  },
  {
    name: 'retained heap per host group ≤ 32 KB (1,000 and 5,000 groups, every program running)',
    value: maxHeapRunning === null ? null : maxHeapRunning / 1024,
    limit: 32,
    ok: maxHeapRunning !== null && maxHeapRunning / 1024 <= 32
  },
  {
    name: 'exploration schedules/s, 2 workers / 1 worker ≥ 1.8 (identical summaries)',
    value: twoWorkerSpeedUp,
    limit: 1.8,
    ok: twoWorkerSpeedUp >= 1.8 && parallel.runs.every((r) => r.identical)
  }
];

const report = {
  machine: {
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    xstate: version('xstate'),
    rxjs: version('rxjs')
  },
  method: {
    runsPerConfiguration: runs,
    warmUp: 1,
    statistic: 'median',
    freshProcessPerConfiguration: true,
    smoke
  },
  startup: startup.map((s) => ({
    command: `mirrorbeat ${s.args.join(' ')}`,
    cpuSeconds: s.cpuSeconds,
    wallSeconds: s.wallSeconds,
    limitSeconds: s.limitSeconds
  })),
  fullSimulation: {
    simulatedMs: hourMs,
    events,
    actors,
    eventsPerSecond: eps,
    ratioToBareXState: {
      traceOff: +(eps.fullOff / eps.bare).toFixed(3),
      traceOn: +(eps.fullHash / eps.bare).toFixed(3)
    },
    ratioToPlainLoop: { traceOff: +(eps.fullOff / eps.plain).toFixed(5) },
    traceHash: fullHash.traceHash
  },
  speedUp: {
    simulatedMs: dayMs,
    wallMs: +day.wallMs.toFixed(0),
    simulatedMsPerWallMs: Math.round(dayMs / day.wallMs)
  },
  peer: {
    what: 'plain-JS discrete-event model of the same workload (bench/peer.ts)',
    simulatedMs: dayMs,
    events: peer.events,
    wallMs: +peer.wallMs.toFixed(0),
    simulatedMsPerWallMs: Math.round(peerSpeed),
    mirrorbeatSpeedRatio: +(daySpeed / peerSpeed).toFixed(4)
  },
  workPerGroupPerSimulatedSecond: work,
  startupAlone: startupRows.map((r) => ({ groups: r.groups, startupMs: +r.startupMs.toFixed(1) })),
  scale: scaleRows.map((r) => ({
    groups: r.groups,
    simulatedMs: r.simulatedMs,
    startupMs: +r.startupMs.toFixed(1),
    heapPerGroupKB: +(r.heapPerGroup / 1024).toFixed(1),
    heapAfterRunPerGroupKB: +(r.heapAfterRunPerGroup / 1024).toFixed(1),
    events: r.events,
    eventsPerSecond: r.eventsPerSecond,
    usPerEvent: +r.usPerEvent.toFixed(2)
  })),
  exploration,
  parallelExploration: {
    schedules: parallelCount,
    runs: parallel.runs.map((r) => ({
      workers: r.workers,
      wallMs: Math.round(r.wallMs),
      schedulesPerSecond: +r.schedulesPerSecond.toFixed(1),
      speedUp: +(r.schedulesPerSecond / rateOf(1)).toFixed(2),
      // CPU spent per schedule against one worker's: the parallel overhead, whatever the load.
      cpuPerScheduleVsOneWorker: +(r.cpuMs / parallel.runs[0].cpuMs).toFixed(3),
      identical: r.identical
    })),
    loadAverage: parallel.loadAverage.map((l) => +l.toFixed(2)),
    queueMsPerBatch: parallel.queue ? +parallel.queue.msPerBatch.toFixed(2) : null
  },
  ratios: { perEventCost1000over10: costRatio, startupPerGroup5000over500: startupRatio },
  targets: targets.map((t) => ({
    ...t,
    value: t.value === null ? null : +t.value.toFixed(3),
    result: t.value === null ? 'n/a' : mark(t.ok)
  }))
};

mkdirSync(path.dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(report, null, 2));
log('');
for (const s of startup) {
  log(
    `start-up 'mirrorbeat ${s.args.join(' ')}': ${s.cpuSeconds ?? 'n/a'} s CPU, ${s.wallSeconds} s wall`
  );
}
log(
  `events/s: full (trace off) ${eps.fullOff}, full (trace hash) ${eps.fullHash}, bare XState ${eps.bare}, plain JS ${eps.plain}`
);
log(`speed-up over a simulated day: ${report.speedUp.simulatedMsPerWallMs}× real time`);
log(
  `plain-JS peer over the same day: ${report.peer.simulatedMsPerWallMs}× real time (${(peer.events / (dayMs / 1000)).toFixed(1)} events per simulated s); mirrorbeat ÷ peer: ${report.peer.mirrorbeatSpeedRatio}`
);
log(
  `per host group per simulated second: ${work.totals.transitions} XState transitions (${Object.entries(
    work.transitions
  )
    .map(([k, v]) => `${k} ${v}`)
    .join(
      ', '
    )}), ${work.rxjsEmissions} RxJS emissions, ${work.totals.traceLines} trace lines (${Object.entries(
    work.traceLines
  )
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}), ${work.timers} timers`
);
log(
  `start-up alone: ${report.startupAlone.map((r) => `${r.groups} groups ${r.startupMs} ms`).join(', ')}`
);
log(
  `exploration: ${exploration.schedulesPerSecond} random schedules/s (${exploration.schedules} in ${exploration.wallMs} ms, ${exploration.failing} failing)`
);
for (const r of report.parallelExploration.runs)
  log(
    `exploration, ${r.workers} worker(s): ${r.schedulesPerSecond} schedules/s (×${r.speedUp}), CPU ×${r.cpuPerScheduleVsOneWorker} of 1 worker's, ${r.identical ? 'identical' : 'DIFFERENT'} summary (load average ${report.parallelExploration.loadAverage.join(' → ')})`
  );
log(
  `job queue: ${report.parallelExploration.queueMsPerBatch ?? 'n/a (no redis-server)'} ms overhead per batch`
);
log('groups  start-up ms  heap/group KB  after run KB  events/s  µs/event');
for (const r of report.scale)
  log(
    `${String(r.groups).padStart(6)}  ${String(r.startupMs).padStart(11)}  ${String(r.heapPerGroupKB).padStart(13)}  ${String(r.heapAfterRunPerGroupKB).padStart(12)}  ${String(r.eventsPerSecond).padStart(8)}  ${String(r.usPerEvent).padStart(8)}`
  );
for (const t of report.targets) log(`${t.result.padEnd(5)}  ${t.name}: ${t.value}`);
log(`JSON written to ${path.relative(root, outFile)}`);
process.stdout.write(JSON.stringify(report, null, 2) + '\n');
