/**
 * A world root: an XState actor system shared by the actors a simulation spawns. Each actor is
 * created with a world as its parent, so they share its system (scheduler, registry, inspection
 * hub) instead of each root actor building its own: about 1.8 KB less per actor, and a host group
 * has 13. The simulation puts 64 actors in a world: one world for thousands of actors would make
 * each actor's stop scan every timer of the world (XState cancels a stopped actor's timers by
 * walking all of its system's). A world decides nothing and is never traced (it has no state
 * value); it only stops the actors it is asked to stop (XState lets a parent stop its child, not
 * anyone else) and hands on an actor's error to the simulation.
 *
 * @example
 * ```ts
 * const world = createWorldRoot(clock, (error) => failures.push(error));
 * const actor = createActor(logic, { clock, id: 'prod-1', parent: world }).start();
 * stopInWorld(world, actor); // what `actor.stop()` does for a root actor
 * ```
 */
import {
  createActor,
  fromTransition,
  type Actor,
  type AnyActorRef,
  type DoneActorEvent,
  type ErrorActorEvent
} from 'xstate';
import type { XStateClock } from './createSimClock';

/** The id of the world root (never an actor of the trace). */
export const WORLD_ROOT_ID = 'mirrorbeat.world';

/** What reaches the world: a request to stop one of its actors, or an actor's end. */
export type WorldEvent =
  { type: 'world.stopActor'; actor: AnyActorRef } | DoneActorEvent | ErrorActorEvent;

/**
 * A world's logic: it stops the actors it is asked to stop, and hands an actor's error to
 * `onError` (it does not fail itself, so the other actors of the world still stop and are
 * traced as usual).
 */
function worldLogic(onError: (error: unknown) => void) {
  return fromTransition((state: null, event: WorldEvent, { defer, stopChild }) => {
    // As XState's own `stopChild` action: the stop runs once the world has taken the event.
    if (event.type === 'world.stopActor') defer(() => stopChild(event.actor));
    else if (event.type.startsWith('xstate.error.actor') && 'error' in event) onError(event.error);
    return state;
  }, null);
}

export type WorldRoot = Actor<ReturnType<typeof worldLogic>>;

const roots = new WeakSet<object>();

/**
 * Create and start a world root on `clock`; `onError` hears the error of any of its actors (an
 * actor that throws in an action, a guard or a delay).
 */
export function createWorldRoot(clock: XStateClock, onError: (error: unknown) => void): WorldRoot {
  const world = createActor(worldLogic(onError), { clock, id: WORLD_ROOT_ID }).start();
  roots.add(world);
  return world;
}

/** Is `ref` a world root (it is left out of actor ids and the trace)? */
export function isWorldRoot(ref: unknown): boolean {
  return typeof ref === 'object' && ref !== null && roots.has(ref);
}

/** Stop `actor`, a child of `world`, as `stop()` stops a root actor. */
export function stopInWorld(world: WorldRoot, actor: AnyActorRef): void {
  world.send({ type: 'world.stopActor', actor });
}
