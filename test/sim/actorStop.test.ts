import { fromCallback, setup } from 'xstate';
import { createSimulation, STOP_EVENT, type Simulation } from '../../sim/createSimulation';

const tickMachine = setup({ delays: { tick: 1000 } }).createMachine({
  id: 'tick',
  initial: 'waiting',
  states: {
    waiting: { after: { tick: { target: 'waiting', reenter: true } } },
    done: { type: 'final' }
  },
  on: { FINISH: '.done' }
});

function world(seed = 1): Simulation {
  const sim = createSimulation({ seed, trace: 'full' });
  const a = sim.spawn(tickMachine, { id: 'host-1/program' });
  sim.spawn(tickMachine, { id: 'host-2/program' });
  sim.clock.setTimeout(() => sim.stopActor(a), 2500);
  return sim;
}

describe('an actor stop in the trace', () => {
  it('should record a stopped actor as an event with the state stopped, at the instant it stopped', () => {
    const sim = world();
    sim.runUntil(5000);
    const stops = sim.trace.lines.filter((l) => l.type === STOP_EVENT);
    expect(stops).toEqual([
      { t: 2500, actor: 'host-1/program', type: STOP_EVENT, state: 'stopped' }
    ]);
    // Nothing of the stopped actor follows its stop; the other actor keeps ticking.
    const after = sim.trace.lines.filter((l) => l.t > 2500);
    expect(after.some((l) => l.actor === 'host-1/program')).toBe(false);
    expect(after.filter((l) => l.actor === 'host-2/program')).toHaveLength(3);
    sim.stop();
  });

  it('should not record the teardown of the whole simulation', () => {
    const sim = world();
    sim.runUntil(2000);
    const count = sim.trace.count;
    sim.stop();
    expect(sim.trace.count).toBe(count);
    expect(sim.trace.lines.some((l) => l.type === STOP_EVENT)).toBe(false);
  });

  it('should record the stop of an actor whose logic is not a statechart', () => {
    const sim = createSimulation({ trace: 'full' });
    const listener = sim.spawn(
      fromCallback(() => undefined),
      { id: 'host-1/listener' }
    );
    sim.clock.setTimeout(() => sim.stopActor(listener), 700);
    sim.runUntil(1000);
    expect(sim.trace.lines).toEqual([
      { t: 700, actor: 'host-1/listener', type: STOP_EVENT, state: 'stopped' }
    ]);
    sim.stop();
  });

  it('should not record an actor that reached its final state as stopped', () => {
    const sim = createSimulation({ trace: 'full' });
    const a = sim.spawn(tickMachine, { id: 'finisher' });
    sim.clock.setTimeout(() => a.send({ type: 'FINISH' }), 1500);
    sim.runUntil(3000);
    expect(sim.trace.lines.map((l) => l.type)).not.toContain(STOP_EVENT);
    expect(sim.trace.lines.at(-1)?.state).toBe('done');
    sim.stop();
  });

  it('should keep the trace hash deterministic and count the stop line', () => {
    const a = world(3);
    const b = world(3);
    a.runUntil(5000);
    b.runUntil(5000);
    expect(a.trace.hash()).toBe(b.trace.hash());
    const hashMode = createSimulation({ seed: 3, trace: 'hash' });
    const h = hashMode.spawn(tickMachine, { id: 'host-1/program' });
    hashMode.spawn(tickMachine, { id: 'host-2/program' });
    hashMode.clock.setTimeout(() => hashMode.stopActor(h), 2500);
    hashMode.runUntil(5000);
    expect(hashMode.trace.count).toBe(a.trace.count);
    expect(hashMode.trace.hash()).toBe(a.trace.hash());
    for (const s of [a, b, hashMode]) s.stop();
  });
});
