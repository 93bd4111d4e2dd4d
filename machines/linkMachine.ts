/**
 * The storage-to-storage remote-copy link (`remote-link`), separate from the host network. The
 * statechart decides whether the link carries traffic and with which quality; the copies
 * themselves travel as clock callbacks in the actor wrapper (actors/storage/createRemoteLink.ts).
 */
import { assign, emit, setup } from 'xstate';

/** Transmission parameters of a link (ms, and a probability for `loss`). */
export interface LinkParams {
  latency: number;
  jitter: number;
  loss: number;
}

/** Input of {@link linkMachine}: the configured (healthy) parameters. */
export type LinkMachineInput = LinkParams;

/** Context of {@link linkMachine}. */
export interface LinkMachineContext {
  /** Configured parameters. */
  base: LinkParams;
  /** Parameters overridden by `degrade` (kept while the link is down, so a restore stays degraded). */
  overrides: Partial<LinkParams>;
}

/** Events accepted by {@link linkMachine}. */
export type LinkMachineEvent =
  | { type: 'CUT' }
  | { type: 'RESTORE' }
  | { type: 'DEGRADE'; latency?: number; jitter?: number; loss?: number }
  | { type: 'CLEAR' };

export type LinkState = 'up' | 'degraded' | 'down';

/** Emitted on entering a state, for the actor wrapper. */
export type LinkMachineEmitted = { type: 'link-state'; state: LinkState };

/** The parameters in force: the configured ones with any `degrade` overrides applied. */
export function effectiveLinkParams(context: LinkMachineContext): LinkParams {
  return { ...context.base, ...context.overrides };
}

/**
 * Remote-copy link: `up`, `degraded` (carries traffic with overridden latency / jitter / loss) or
 * `down` (carries nothing; copies in flight are lost and the arrays suspend their pairs).
 */
export const linkMachine = setup({
  types: {
    input: {} as LinkMachineInput,
    context: {} as LinkMachineContext,
    events: {} as LinkMachineEvent,
    emitted: {} as LinkMachineEmitted
  },
  actions: {
    announce: emit((_, params: { state: LinkState }) => ({
      type: 'link-state' as const,
      state: params.state
    })),
    applyDegrade: assign({
      overrides: ({ context, event }) => {
        if (event.type !== 'DEGRADE') return context.overrides;
        const next = { ...context.overrides };
        if (event.latency !== undefined) next.latency = event.latency;
        if (event.jitter !== undefined) next.jitter = event.jitter;
        if (event.loss !== undefined) next.loss = event.loss;
        return next;
      }
    }),
    clearDegrade: assign({ overrides: () => ({}) })
  },
  guards: {
    isDegraded: ({ context }) => Object.keys(context.overrides).length > 0
  }
}).createMachine({
  id: 'link',
  context: ({ input }) => ({
    base: { latency: input.latency, jitter: input.jitter, loss: input.loss },
    overrides: {}
  }),
  initial: 'up',
  states: {
    up: {
      entry: { type: 'announce', params: { state: 'up' } },
      on: {
        CUT: 'down',
        DEGRADE: { target: 'degraded', actions: 'applyDegrade' }
      }
    },
    degraded: {
      entry: { type: 'announce', params: { state: 'degraded' } },
      on: {
        CUT: 'down',
        DEGRADE: { actions: 'applyDegrade' },
        CLEAR: { target: 'up', actions: 'clearDegrade' }
      }
    },
    down: {
      entry: { type: 'announce', params: { state: 'down' } },
      on: {
        // A repaired link comes back with whatever degradation is still in force.
        RESTORE: [{ guard: 'isDegraded', target: 'degraded' }, { target: 'up' }],
        DEGRADE: { actions: 'applyDegrade' },
        CLEAR: { actions: 'clearDegrade' }
      }
    }
  }
});
