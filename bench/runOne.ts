/**
 * One benchmark configuration in a fresh process: one warm-up, then `runs` measured runs; prints
 * one JSON object with the medians. Usage: runOne.ts '<json config>'.
 */
import { runPeer } from './peer';
import {
  bareXState,
  buildWorld,
  countWork,
  countWorldActors,
  exploration,
  fullSimulation,
  plainLoop,
  scale
} from './workloads';

type Config =
  | { kind: 'full'; simulatedMs: number; trace: 'hash' | 'off' | 'full'; runs: number }
  | { kind: 'bare'; transitions: number; actors: number; runs: number }
  | { kind: 'plain'; events: number; runs: number }
  | { kind: 'scale'; groups: number; simulatedMs: number; runs: number }
  | { kind: 'actors' }
  | { kind: 'explore'; count: number; runs: number }
  | { kind: 'count'; groups: number; simulatedMs: number }
  | { kind: 'peer'; simulatedMs: number; runs: number }
  | { kind: 'startup'; groups: number };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function repeat<T extends { wallMs: number }>(runs: number, fn: () => T): { median: T; all: T[] } {
  fn();
  const all: T[] = [];
  for (let i = 0; i < runs; i++) all.push(fn());
  const m = median(all.map((r) => r.wallMs));
  return { median: all.find((r) => r.wallMs === m) as T, all };
}

const config = JSON.parse(process.argv[2]) as Config;
let out: unknown;
switch (config.kind) {
  case 'full': {
    const r = repeat(config.runs, () => fullSimulation(config.simulatedMs, config.trace));
    out = { ...r.median, runsMs: r.all.map((x) => +x.wallMs.toFixed(1)) };
    break;
  }
  case 'bare': {
    const r = repeat(config.runs, () => bareXState(config.transitions, config.actors));
    out = { ...r.median, runsMs: r.all.map((x) => +x.wallMs.toFixed(1)) };
    break;
  }
  case 'plain': {
    const r = repeat(config.runs, () => plainLoop(config.events));
    out = { ...r.median, runsMs: r.all.map((x) => +x.wallMs.toFixed(3)) };
    break;
  }
  case 'explore': {
    const r = repeat(config.runs, () => exploration(config.count));
    out = { ...r.median, runsMs: r.all.map((x) => +x.wallMs.toFixed(1)) };
    break;
  }
  case 'count':
    out = countWork(config.groups, config.simulatedMs);
    break;
  case 'peer': {
    const r = repeat(config.runs, () => {
      const t0 = process.hrtime.bigint();
      const peer = runPeer(config.simulatedMs);
      return { events: peer.events, wallMs: Number(process.hrtime.bigint() - t0) / 1e6 };
    });
    out = { ...r.median, runsMs: r.all.map((x) => +x.wallMs.toFixed(1)) };
    break;
  }
  case 'startup': {
    // Start-up only (one warm-up build of 100 groups, then one measured build per process).
    buildWorld(100, 'hash').sim.stop();
    const t0 = process.hrtime.bigint();
    const { sim } = buildWorld(config.groups, 'hash');
    out = { groups: config.groups, startupMs: Number(process.hrtime.bigint() - t0) / 1e6 };
    sim.stop();
    break;
  }
  case 'actors':
    out = { actors: countWorldActors() };
    break;
  case 'scale': {
    // Start-up and heap are measured once per process on a cold world; the run part repeats.
    const r = repeat(config.runs, () => scale(config.groups, config.simulatedMs));
    const startups = r.all.map((x) => x.startupMs);
    out = {
      ...r.median,
      startupMs: median(startups),
      runsMs: r.all.map((x) => +x.wallMs.toFixed(1))
    };
    break;
  }
}
process.stdout.write(JSON.stringify(out));
