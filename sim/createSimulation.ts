import {
  createActor,
  type Actor,
  type AnyActorLogic,
  type InputFrom,
  type InspectionEvent
} from 'xstate';
import { createIds, type IdGenerator } from './createIds';
import { createRandom, type Random } from './createRandom';
import { createSimClock, type SimClock } from './createSimClock';
import { createTrace, type Trace, type TraceLine, type TraceMode } from './createTrace';
import { createWorldRoot, isWorldRoot, stopInWorld, type WorldRoot } from './worldRoot';

/** Actors per actor system. */
const WORLD_SIZE = 64;

export interface SimulationOptions {
  /** Seed of the one random generator (default 1). */
  seed?: number;
  /** Trace mode (default `hash`). */
  trace?: TraceMode;
  /**
   * An extra XState inspection observer for every spawned actor (the inspector, Stately's
   * WebSocket inspector). It only watches: it never changes what the simulation does.
   */
  inspect?: (event: InspectionEvent) => void;
}

export interface SpawnOptions<TLogic extends AnyActorLogic> {
  /** Stable actor id: it names the actor in the trace. */
  id: string;
  input?: InputFrom<TLogic>;
}

/**
 * A simulation: one clock (XState clock + RxJS scheduler), one seeded random generator, one id
 * generator, one trace. It knows nothing about what is simulated.
 */
export interface Simulation {
  readonly seed: number;
  readonly clock: SimClock;
  readonly random: Random;
  readonly ids: IdGenerator;
  readonly trace: Trace;
  /** Simulated now in ms. */
  now(): number;
  /**
   * Create and start an actor on the simulation's clock, traced under `id`. The simulation's
   * actors share XState actor systems, 64 to a system, each under a world root (see
   * `sim/worldRoot.ts`); stop one with {@link Simulation.stopActor}, not `actor.stop()` (XState
   * lets only its parent stop it).
   */
  spawn<TLogic extends AnyActorLogic>(logic: TLogic, options: SpawnOptions<TLogic>): Actor<TLogic>;
  /** Stop an actor this simulation spawned (its trace records the stop). */
  stopActor(actor: Actor<AnyActorLogic>): void;
  /** Record a stream-level event (one that is not an XState transition) in the trace. */
  record(actor: string, type: string, payload?: unknown, state?: unknown): void;
  /**
   * Run every event due up to simulated time `t`. Throws the first error an actor threw meanwhile
   * (in an action, a guard or a delay), once the clock has reached `t`.
   */
  runUntil(t: number): void;
  /** Run exactly one timer; false when nothing is pending. Throws as {@link runUntil} does. */
  step(): boolean;
  /** Deadline of the next pending event. */
  peek(): number | undefined;
  /** Stop every actor and forget every pending timer. */
  stop(): void;
}

export { STOP_EVENT } from './createTrace';

let ambientInspect: ((event: InspectionEvent) => void) | undefined;

/**
 * Run `fn` with `observer` watching every simulation created during it (as an extra `inspect`),
 * e.g. to reach the simulation a runner builds itself (`run --inspect stately`, the inspector's
 * status-table sampler). Synchronous and scoped: the observer is gone when `fn` returns.
 */
export function withInspection<T>(observer: (event: InspectionEvent) => void, fn: () => T): T {
  const previous = ambientInspect;
  ambientInspect = chain(previous, observer);
  try {
    return fn();
  } finally {
    ambientInspect = previous;
  }
}

function chain(
  a: ((event: InspectionEvent) => void) | undefined,
  b: ((event: InspectionEvent) => void) | undefined
): ((event: InspectionEvent) => void) | undefined {
  if (!a || !b) return a ?? b;
  return (event) => {
    a(event);
    b(event);
  };
}

/** Create an empty simulation. */
export function createSimulation(options: SimulationOptions = {}): Simulation {
  const seed = options.seed ?? 1;
  const clock = createSimClock();
  const random = createRandom(seed);
  const ids = createIds(random.fork('ids'));
  const trace = createTrace({ mode: options.trace ?? 'hash' });
  const now = () => clock.now();
  let stopped = false;
  // An actor's stop is a line of the trace (SPEC §4.4): whoever stops an actor the simulation
  // spawned (a crash, a program dropped, a monitor), at that simulated instant. The teardown of
  // the whole simulation is not part of the run and is not recorded.
  const traceInspect =
    trace.mode === 'off'
      ? undefined
      : trace.inspector(now, {
          recorded: (ref) => isWorldRoot((ref as { _parent?: unknown })._parent),
          recording: () => !stopped
        });
  const observers = chain(options.inspect, ambientInspect);
  // The world roots are the kernel's bookkeeping, not actors of the simulated world: observers
  // never see them.
  const extra =
    observers &&
    ((event: InspectionEvent) => {
      if (!isWorldRoot(event.actorRef)) observers(event);
    });
  const inspect =
    extra && traceInspect
      ? (event: InspectionEvent) => {
          traceInspect(event);
          extra(event);
        }
      : (extra ?? traceInspect);
  // The actors spawned and not stopped since, each with its world (a stopped one is forgotten: a
  // run with crashes and respawned programs holds only its live actors).
  const live = new Map<Actor<AnyActorLogic>, WorldRoot>();
  // The first error thrown by an actor (in an action, a guard, a delay), thrown to whoever runs
  // the clock once it has run as far as asked.
  let failure: { error: unknown } | null = null;
  const failed = (error: unknown) => {
    failure ??= { error };
  };
  const rethrow = () => {
    if (!failure) return;
    const { error } = failure;
    failure = null;
    throw error;
  };
  // Actors share actor systems, WORLD_SIZE to a system (see sim/worldRoot.ts): a system per
  // actor costs memory, one for all would make every actor's stop scan all timers of the world.
  const worlds: WorldRoot[] = [];
  let placed = WORLD_SIZE;
  const nextWorld = (): WorldRoot => {
    if (placed === WORLD_SIZE) {
      const world = createWorldRoot(clock, failed);
      if (inspect) world.system.inspect(inspect);
      worlds.push(world);
      placed = 0;
    }
    placed++;
    return worlds[worlds.length - 1];
  };

  return {
    seed,
    clock,
    random,
    ids,
    trace,
    now,
    spawn(logic, { id, input }) {
      const world = nextWorld();
      const actor = createActor(logic, { clock, id, input, parent: world });
      const root: Actor<AnyActorLogic> = actor;
      live.set(root, world);
      actor.start();
      return actor;
    },
    stopActor(actor) {
      const world = live.get(actor);
      if (!world) return;
      live.delete(actor);
      stopInWorld(world, actor);
    },
    record(actor, type, payload, state) {
      trace.recordFields(clock.now(), actor, type, payload, state);
    },
    runUntil(t) {
      clock.runUntil(t);
      rethrow();
    },
    step() {
      const stepped = clock.step();
      rethrow();
      return stepped;
    },
    peek() {
      return clock.peek();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      for (const [actor, world] of live) stopInWorld(world, actor);
      live.clear();
      for (const world of worlds) world.stop();
      clock.reset();
    }
  };
}

export interface RunResult {
  seed: number;
  simulatedMs: number;
  events: number;
  traceHash: string;
  lines: readonly TraceLine[];
  timersFired: number;
}

/**
 * Build a world with `build`, run it to `until` ms of simulated time, tear it down and return what
 * happened.
 */
export function runSimulation(
  options: SimulationOptions & {
    until: number;
    build: (sim: Simulation) => void;
    /** Called after the run and before teardown, to read final state. */
    finish?: (sim: Simulation) => void;
  }
): RunResult {
  const sim = createSimulation(options);
  options.build(sim);
  sim.runUntil(options.until);
  options.finish?.(sim);
  const result: RunResult = {
    seed: sim.seed,
    simulatedMs: sim.now(),
    events: sim.trace.count,
    traceHash: sim.trace.hash(),
    lines: sim.trace.lines,
    timersFired: sim.clock.firedCount
  };
  sim.stop();
  return result;
}
