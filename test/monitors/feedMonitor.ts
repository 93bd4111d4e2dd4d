/**
 * Test support: start one monitor statechart on a simulated clock and feed it hand-built
 * observations in time order.
 */
import { createActor, type Actor, type AnyActorLogic } from 'xstate';
import { createSimClock } from '../../sim';
import type { MonitorEvent, MonitorFinding } from '../../monitors/monitorEvents';

/** A monitor under test. */
export interface FedMonitor {
  feed(...observations: MonitorEvent[]): void;
  state(): string;
  finding(): MonitorFinding | null;
  context<T>(): T;
}

/** Start `logic` with `input`; observations advance the clock to their time. */
export function feedMonitor(logic: AnyActorLogic, input: unknown): FedMonitor {
  const clock = createSimClock();
  const actor: Actor<AnyActorLogic> = createActor(logic, { clock, input } as never).start();
  return {
    feed(...observations) {
      for (const o of observations) {
        clock.runUntil(o.at);
        actor.send(o);
      }
    },
    state: () => actor.getSnapshot().value as string,
    finding: () => (actor.getSnapshot().context as { finding: MonitorFinding | null }).finding,
    context: <C>() => actor.getSnapshot().context as C
  };
}
