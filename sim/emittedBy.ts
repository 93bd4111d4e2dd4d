/**
 * `emittedBy(actor)`: one XState listener (`actor.on('*')`) carrying every emitted event of
 * `actor` to the handler registered for its type. The actors that wire a program register a
 * dozen handlers each; through XState's own `on(type)` each costs a set, a bound copy of the
 * handler and a subscription (about 270 bytes), here one property.
 *
 * Handlers run in registration order; a second handler for the same type runs after the first.
 * Events nobody registered for are ignored, as with `actor.on`.
 *
 * @example
 * ```ts
 * const on = emittedBy(sender);
 * on('hb.write', (e) => write(e.serial, e.data));
 * on('alert', (e) => alert(e.kind, e.detail));
 * ```
 */
import type { Actor, AnyActorLogic, EmittedFrom, EventObject } from 'xstate';

/** Registers the handler of one emitted event type. */
export type EmittedRouter<E extends EventObject> = <K extends E['type']>(
  type: K,
  handler: (event: Extract<E, { type: K }>) => void
) => void;

export function emittedBy<TLogic extends AnyActorLogic>(
  actor: Actor<TLogic>
): EmittedRouter<EmittedFrom<TLogic>> {
  type Emitted = EmittedFrom<TLogic>;
  // A plain object, not a map: a program's handlers are registered in the same order every time,
  // so these objects share their layout (a few bytes per handler, where a map holds a table).
  const handlers: Record<string, (event: Emitted) => void> = {};
  actor.on('*', (event) => {
    if (Object.hasOwn(handlers, event.type)) handlers[event.type](event);
  });
  return (type, handler) => {
    // The object holds handlers by type: the one stored under `type` is only ever given events
    // of that type, so widening its parameter to the whole union is sound.
    const next = handler as (event: Emitted) => void;
    const previous = Object.hasOwn(handlers, type) ? handlers[type] : undefined;
    handlers[type] = previous
      ? (event) => {
          previous(event);
          next(event);
        }
      : next;
  };
}
