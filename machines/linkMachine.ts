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

/** `degrade` overrides after a DEGRADE event: the parameters it names replace earlier ones. */
export function mergeDegrade(
  overrides: Partial<LinkParams>,
  degrade: Partial<LinkParams>
): Partial<LinkParams> {
  const next = { ...overrides };
  if (degrade.latency !== undefined) next.latency = degrade.latency;
  if (degrade.jitter !== undefined) next.jitter = degrade.jitter;
  if (degrade.loss !== undefined) next.loss = degrade.loss;
  return next;
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
      overrides: ({ context, event }) =>
        event.type === 'DEGRADE' ? mergeDegrade(context.overrides, event) : context.overrides
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
