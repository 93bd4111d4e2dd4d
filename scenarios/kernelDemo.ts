/**
 * Kernel demo: two statechart actors exchange beats every second over a link with seeded
 * latency jitter, carried by an RxJS stream on the simulated clock. It proves the kernel (one
 * clock for XState and RxJS, one seeded generator, a trace hash) without any cluster model.
 */
import { Subject, delay, mergeMap, of } from 'rxjs';
import { assign, emit, setup } from 'xstate';
import { runSimulation, type RunResult, type Simulation } from '../sim';

export const beaconMachine = setup({
  types: {
    context: {} as { sent: number; received: number },
    events: {} as { type: 'BEAT'; from: string; n: number },
    emitted: {} as { type: 'beat'; n: number }
  },
  actions: {
    countSent: assign({ sent: ({ context }) => context.sent + 1 }),
    countReceived: assign({ received: ({ context }) => context.received + 1 }),
    emitBeat: emit(({ context }) => ({ type: 'beat' as const, n: context.sent }))
  },
  delays: { interval: 1000 }
}).createMachine({
  id: 'beacon',
  context: { sent: 0, received: 0 },
  initial: 'waiting',
  on: { BEAT: { actions: 'countReceived' } },
  states: {
    waiting: {
      after: { interval: { target: 'waiting', reenter: true, actions: ['countSent', 'emitBeat'] } }
    }
  }
});

export interface KernelDemoOptions {
  seed?: number;
  /** Simulated duration in ms (default one day). */
  until?: number;
  /** Maximum extra latency drawn per message, ms (default 5). */
  jitter?: number;
  trace?: 'full' | 'hash' | 'off';
}

export interface KernelDemoResult extends RunResult {
  a: { sent: number; received: number };
  b: { sent: number; received: number };
}

/** Build the two-beacon world on a simulation. */
export function buildKernelDemo(sim: Simulation, jitter = 5) {
  const rand = sim.random.fork('link');
  const a = sim.spawn(beaconMachine, { id: 'a' });
  const b = sim.spawn(beaconMachine, { id: 'b' });
  const wire = (from: typeof a, fromId: string, to: typeof b) => {
    const out = new Subject<{ n: number }>();
    from.on('beat', (e) => out.next({ n: e.n }));
    out
      .pipe(mergeMap((m) => of(m).pipe(delay(1 + rand.between(0, jitter), sim.clock))))
      .subscribe((m) => to.send({ type: 'BEAT', from: fromId, n: m.n }));
  };
  wire(a, 'a', b);
  wire(b, 'b', a);
  return { a, b };
}

/** Run the demo and return counts, the trace hash and the event count. */
export function runKernelDemo(options: KernelDemoOptions = {}): KernelDemoResult {
  let world!: ReturnType<typeof buildKernelDemo>;
  let a = { sent: 0, received: 0 };
  let b = { sent: 0, received: 0 };
  const until = options.until ?? 86_400_000;
  const result = runSimulation({
    seed: options.seed ?? 1,
    trace: options.trace ?? 'hash',
    until,
    build: (sim) => {
      world = buildKernelDemo(sim, options.jitter ?? 5);
    },
    finish: () => {
      a = { ...world.a.getSnapshot().context };
      b = { ...world.b.getSnapshot().context };
    }
  });
  return { ...result, a, b };
}

if (require.main === module) {
  const seed = Number(process.argv[2] ?? 1);
  const r = runKernelDemo({ seed });
  console.log(
    `mirrorbeat kernel demo — seed ${seed}, ${r.simulatedMs / 3_600_000} simulated hours`
  );
  console.log(`  a sent ${r.a.sent} beats, received ${r.a.received}`);
  console.log(`  b sent ${r.b.sent} beats, received ${r.b.received}`);
  console.log(`  events ${r.events}, timers fired ${r.timersFired}, trace hash ${r.traceHash}`);
}
