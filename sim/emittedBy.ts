/**
 * `emittedBy(actor)`: one XState listener (`actor.on('*')`) carrying every emitted event of
 * `actor` to the handler registered for its type. The actors that wire a program register a
 * dozen handlers each; through XState's own `on(type)` each costs a set, a bound copy of the
 * handler and a subscription (about 270 bytes), here one map entry.
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
  const handlers = new Map<string, (event: Emitted) => void>();
  actor.on('*', (event) => handlers.get(event.type)?.(event));
  return (type, handler) => {
    // The map holds handlers by type: the one stored under `type` is only ever given events of
    // that type, so widening its parameter to the whole union is sound.
    const next = handler as (event: Emitted) => void;
    const previous = handlers.get(type);
    handlers.set(
      type,
      previous
        ? (event) => {
            previous(event);
            next(event);
          }
        : next
    );
  };
}
