/**
 * Benchmark workloads. Each returns what it measured; timing is wall-clock and lives only here,
 * outside the simulation.
 */
import { createActor, sendTo, setup, type AnyActorRef } from 'xstate';
import { Subscriber } from 'rxjs';
import { createSimulation } from '../sim';
import { stableActorId } from '../sim/createTrace';
import { resolveConfig } from '../model/config';
import type { TraceMode } from '../sim/createTrace';
import { explore } from '../explore/explore';
import { defineScenario } from '../scenarios/defineScenario';
import { createCluster } from '../world/createCluster';

export interface Timed {
  wallMs: number;
}

function time<T>(fn: () => T): [T, number] {
  const t0 = process.hrtime.bigint();
  const out = fn();
  return [out, Number(process.hrtime.bigint() - t0) / 1e6];
}

/** Build the two-site world with `groups` host groups on one clock. */
export function buildWorld(groups: number, trace: TraceMode, seed = 1) {
  const sim = createSimulation({ seed, trace });
  const cluster = createCluster(sim, {
    config: resolveConfig({}),
    topology: { hostsPerGroup: 1, groups }
  });
  cluster.start();
  return { sim, cluster };
}

/**
 * The full two-site simulation (1 s heartbeats on both paths, 10 synchronous writes/s, 1 s polls)
 * for `simulatedMs`: events delivered and wall time. Events are counted from the trace (one per
 * delivered event); with the trace off, pass the count of a traced probe run of the same seed.
 */
export function fullSimulation(simulatedMs: number, trace: TraceMode, groups = 1) {
  const { sim } = buildWorld(groups, trace);
  const [, wallMs] = time(() => sim.runUntil(simulatedMs));
  const out = {
    events: sim.trace.count,
    wallMs,
    traceHash: sim.trace.hash(),
    actors: countActors(sim)
  };
  sim.stop();
  return out;
}

function countActors(sim: ReturnType<typeof createSimulation>): number {
  return (sim as unknown as { actorCount?: () => number }).actorCount?.() ?? 0;
}

const ringMachine = setup({
  types: {
    context: {} as { next: AnyActorRef | null; left: { n: number } },
    events: {} as { type: 'TOKEN' } | { type: 'LINK'; next: AnyActorRef; left: { n: number } }
  },
  actions: {
    link: ({ context, event }) => {
      if (event.type === 'LINK') {
        context.next = event.next;
        context.left = event.left;
      }
    },
    spend: ({ context }) => {
      context.left.n--;
    },
    pass: sendTo(({ context }) => context.next as AnyActorRef, { type: 'TOKEN' })
  },
  guards: { more: ({ context }) => context.left.n > 0 }
}).createMachine({
  context: { next: null, left: { n: 0 } },
  on: {
    LINK: { actions: 'link' },
    TOKEN: { guard: 'more', actions: ['spend', 'pass'] }
  }
});

/** Bare XState: `transitions` transitions, a token passed with `sendTo` around `actors` actors. */
export function bareXState(transitions: number, actors: number): Timed {
  const ring = Array.from({ length: Math.max(2, actors) }, () => createActor(ringMachine).start());
  const left = { n: transitions };
  ring.forEach((a, i) => a.send({ type: 'LINK', next: ring[(i + 1) % ring.length], left }));
  const [, wallMs] = time(() => ring[0].send({ type: 'TOKEN' }));
  ring.forEach((a) => a.stop());
  return { wallMs };
}

/** The physical limit: a plain-JS table-driven state machine over the same number of events. */
export function plainLoop(events: number): Timed {
  const table = [
    [1, 0, 0],
    [1, 2, 0],
    [0, 2, 1]
  ];
  const [, wallMs] = time(() => {
    let state = 0;
    let acc = 0;
    for (let i = 0; i < events; i++) {
      state = table[state][(i * 7) % 3];
      acc += state;
    }
    if (acc < 0) throw new Error('unreachable');
  });
  return { wallMs };
}

/** Scale: start-up time, retained heap per group, then events/s over `simulatedMs`. */
export function scale(groups: number, simulatedMs: number) {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const [{ sim }, startupMs] = time(() => buildWorld(groups, 'hash'));
  gc?.();
  const heapPerGroup = (process.memoryUsage().heapUsed - heap0) / groups;
  const [, wallMs] = time(() => sim.runUntil(simulatedMs));
  gc?.();
  const heapAfterRunPerGroup = (process.memoryUsage().heapUsed - heap0) / groups;
  const events = sim.trace.count;
  sim.stop();
  return { groups, startupMs, heapPerGroup, heapAfterRunPerGroup, events, wallMs };
}

/** Distinct actors of the world (from a short fully traced run). */
export function countWorldActors(groups = 1): number {
  const { sim } = buildWorld(groups, 'full');
  sim.runUntil(10_000);
  const actors = new Set(sim.trace.lines.filter((l) => l.state !== undefined).map((l) => l.actor));
  sim.stop();
  return actors.size;
}

/** Random-schedule exploration: `count` schedules of the default two-site configuration. */
export function exploration(count: number) {
  const base = defineScenario({ name: 'bench-explore', duration: '80s' });
  const [summary, wallMs] = time(() =>
    explore({ base, mode: { kind: 'random', count, seed: 1 }, outDir: null, shrink: false })
  );
  return { schedules: summary.schedules, failing: summary.failing, events: summary.events, wallMs };
}

/** Work per host group per simulated second, by machine (XState) and by trace source. */
export interface WorkCount {
  groups: number;
  simulatedMs: number;
  /** XState transitions (macrosteps: one per event an actor processed), by machine. */
  transitions: Record<string, number>;
  /** Items delivered to RxJS subscribers (every `next`, operators included). */
  rxjsEmissions: number;
  /** Trace lines, by source (a machine, or the kind of stream-level event). */
  traceLines: Record<string, number>;
  /** Timers fired on the simulated clock (XState delays, RxJS scheduling, storage callbacks). */
  timers: number;
  totals: { transitions: number; traceLines: number };
}

/** The program or world actor a traced actor id names: `standby-1/receiver` → `receiver`. */
const machineOf = (actor: string) => actor.slice(actor.lastIndexOf('/') + 1);

/**
 * Count the work of `groups` host groups over `simulatedMs` (after a `warmMs` start, not counted):
 * XState transitions per machine, RxJS emissions, trace lines per source — each per host group
 * per simulated second.
 */
export function countWork(groups = 10, simulatedMs = 60_000, warmMs = 10_000): WorkCount {
  // Every RxJS emission passes through a Subscriber's `next` (counted for this run only).
  const proto = Subscriber.prototype as { next: (value: unknown) => void };
  const next = proto.next;
  let emissions = 0;
  let counting = false;
  proto.next = function (this: Subscriber<unknown>, value: unknown) {
    if (counting) emissions++;
    next.call(this, value);
  };
  const transitions = new Map<string, number>();
  const traceLines = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  try {
    const sim = createSimulation({
      seed: 1,
      trace: 'hash',
      inspect: (e) => {
        if (!counting || e.type !== '@xstate.snapshot') return;
        const type = (e.event as { type: string }).type;
        if (type === 'xstate.init' || type.startsWith('xstate.stop')) return;
        bump(transitions, machineOf(stableActorId(e.actorRef)));
      }
    });
    sim.trace.subscribe((line) => {
      if (!counting) return;
      bump(traceLines, line.state === undefined ? `${line.type} (stream)` : machineOf(line.actor));
    });
    const cluster = createCluster(sim, {
      config: resolveConfig({}),
      topology: { hostsPerGroup: 1, groups }
    });
    cluster.start();
    sim.runUntil(warmMs);
    const timers0 = sim.clock.firedCount;
    counting = true;
    sim.runUntil(warmMs + simulatedMs);
    counting = false;
    const timers = sim.clock.firedCount - timers0;
    sim.stop();
    const per = groups * (simulatedMs / 1000);
    const rate = (m: Map<string, number>) =>
      Object.fromEntries(
        [...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, +(v / per).toFixed(3)])
      );
    const sum = (m: Map<string, number>) =>
      +([...m.values()].reduce((a, b) => a + b, 0) / per).toFixed(3);
    return {
      groups,
      simulatedMs,
      transitions: rate(transitions),
      rxjsEmissions: +(emissions / per).toFixed(3),
      traceLines: rate(traceLines),
      timers: +(timers / per).toFixed(3),
      totals: { transitions: sum(transitions), traceLines: sum(traceLines) }
    };
  } finally {
    proto.next = next;
  }
}
