import { createActor, createMachine, fromCallback, setup, type InspectionEvent } from 'xstate';
import { createSimClock, createSimulation, stableActorId } from '../../sim';
import { createWorldRoot, isWorldRoot, stopInWorld } from '../../sim/worldRoot';

const ticker = setup({ delays: { tick: 1000 } }).createMachine({
  id: 'ticker',
  initial: 'waiting',
  states: { waiting: { after: { tick: { target: 'waiting', reenter: true } } } }
});

const parent = setup({ actors: { helper: fromCallback(() => undefined) } }).createMachine({
  id: 'parent',
  invoke: { src: 'helper', id: 'helper' }
});

const faulty = setup({
  actions: {
    explode: () => {
      throw new Error('boom');
    }
  }
}).createMachine({ on: { GO: { actions: 'explode' } } });

describe('world roots', () => {
  it('should put up to 64 actors of a simulation in one actor system, then open another', () => {
    const sim = createSimulation({ trace: 'off' });
    const actors = Array.from({ length: 65 }, (_, i) => sim.spawn(ticker, { id: `t${i}` }));
    const systems = new Set(actors.map((a) => a.system));
    expect(systems.size).toBe(2);
    expect(actors[63].system).toBe(actors[0].system);
    expect(actors[64].system).not.toBe(actors[0].system);
    sim.stop();
  });

  it('should leave the world out of actor ids, for spawned actors and their children', () => {
    const sim = createSimulation({ trace: 'full' });
    const actor = sim.spawn(parent, { id: 'prod-1/role' });
    expect(isWorldRoot(actor._parent)).toBe(true);
    expect(stableActorId(actor)).toBe('prod-1/role');
    const helper = actor.getSnapshot().children.helper;
    expect(stableActorId(helper)).toBe('prod-1/role/helper');
    expect(sim.trace.lines.map((l) => l.actor)).toEqual(['prod-1/role']);
    sim.stop();
  });

  it('should let inspection reach the actors of every world, and never show a world', () => {
    const seen = new Set<string>();
    const sim = createSimulation({
      trace: 'hash',
      inspect: (e: InspectionEvent) => {
        if (isWorldRoot(e.actorRef)) seen.add('a world');
        else if (e.type === '@xstate.snapshot') seen.add(stableActorId(e.actorRef));
      }
    });
    const actors = Array.from({ length: 70 }, (_, i) => sim.spawn(ticker, { id: `t${i}` }));
    sim.runUntil(1000);
    // Stops go through the worlds: still nothing of a world is seen.
    sim.stopActor(actors[0]);
    sim.stopActor(actors[69]);
    expect(seen.has('t0')).toBe(true);
    expect(seen.has('t69')).toBe(true);
    expect(seen.size).toBe(70);
    // One initial line and one tick per actor, and two stop lines: nothing from the worlds.
    expect(sim.trace.count).toBe(142);
    sim.stop();
  });

  it('should stop the actor it is asked to stop, and only that one', () => {
    const clock = createSimClock();
    const world = createWorldRoot(clock, () => undefined);
    const a = createActor(ticker, { clock, parent: world, id: 'a' }).start();
    const b = createActor(ticker, { clock, parent: world, id: 'b' }).start();
    stopInWorld(world, a);
    expect(a.getSnapshot().status).toBe('stopped');
    expect(b.getSnapshot().status).toBe('active');
    // A stopped actor's timers are gone; the other's still run.
    clock.runUntil(5000);
    expect(clock.pendingCount).toBe(1);
    world.stop();
  });

  it("should hand an actor's error on and keep stopping its other actors", () => {
    const clock = createSimClock();
    const errors: unknown[] = [];
    const world = createWorldRoot(clock, (e) => errors.push(e));
    const actor = createActor(faulty, { clock, parent: world, id: 'faulty' }).start();
    const other = createActor(ticker, { clock, parent: world, id: 'other' }).start();
    actor.send({ type: 'GO' });
    expect(actor.getSnapshot().status).toBe('error');
    expect(errors).toEqual([new Error('boom')]);
    expect(world.getSnapshot().status).toBe('active');
    stopInWorld(world, other);
    expect(other.getSnapshot().status).toBe('stopped');
    world.stop();
  });

  it("should throw an actor's error from runUntil, and still stop and trace the others", () => {
    const sim = createSimulation({ trace: 'full' });
    const bad = sim.spawn(faulty, { id: 'faulty' });
    const good = sim.spawn(ticker, { id: 'good' });
    sim.clock.setTimeout(() => bad.send({ type: 'GO' }), 500);
    expect(() => sim.runUntil(1500)).toThrow('boom');
    // The clock still reached the time asked for, and the error is thrown once.
    expect(sim.now()).toBe(1500);
    sim.runUntil(2000);
    sim.stopActor(good);
    expect(good.getSnapshot().status).toBe('stopped');
    expect(sim.trace.lines.filter((l) => l.actor === 'good').map((l) => l.type)).toEqual([
      'xstate.init',
      'xstate.after.tick.ticker.waiting',
      'xstate.after.tick.ticker.waiting',
      'xstate.stop'
    ]);
    sim.stop();
  });

  it('should not mistake an ordinary root actor for a world', () => {
    const root = createActor(createMachine({})).start();
    expect(isWorldRoot(root)).toBe(false);
    expect(isWorldRoot(undefined)).toBe(false);
    root.stop();
  });
});
