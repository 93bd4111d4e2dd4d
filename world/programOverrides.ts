/**
 * Swapping the logic of host programs for a run — mutation checks and experiments (a receiver
 * whose timeout never fires, a decision that declares on warnings) without touching the world's
 * wiring. The programs a host runs are spawned as `<host>/<program>` (actors/createHost.ts); the
 * override of a program name replaces the logic of every actor spawned under that name. An actor
 * spawned under an id without a slash (`tiebreaker`, `data-pair`) is overridden by its whole id.
 */
import type { AnyActorLogic } from 'xstate';
import type { Simulation } from '../sim';

/**
 * Replacement logic by program name (`receiver`, `decision`, `sender`, `failover`, `app`, …) or
 * by the id of an actor outside the hosts (`tiebreaker`).
 */
export type ProgramOverrides = Readonly<Partial<Record<string, AnyActorLogic>>>;

/**
 * A view of `sim` whose `spawn` uses the override of the program an actor id names, if any.
 * Everything else is `sim` itself (same clock, random, trace).
 */
export function withProgramOverrides(sim: Simulation, overrides: ProgramOverrides): Simulation {
  const view = Object.create(sim) as Simulation;
  view.spawn = (logic, options) => {
    const slash = options.id.indexOf('/');
    const program = slash < 0 ? options.id : options.id.slice(slash + 1);
    const swapped = overrides[program];
    return sim.spawn((swapped ?? logic) as typeof logic, options);
  };
  return view;
}
