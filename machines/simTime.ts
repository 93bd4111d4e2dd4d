import type { ActorSystem } from 'xstate';

/**
 * Simulated now, read from the clock the actor system runs on (the simulation clock passed to
 * `createActor(…, { clock })`). Machines need the time for table columns and message fields;
 * reading it from the system's own clock keeps them pure and deterministic.
 */
export function nowOf(system: ActorSystem<any>): number {
  const clock = (system as unknown as { _clock?: { now?: () => number } })._clock;
  return typeof clock?.now === 'function' ? clock.now() : 0;
}
