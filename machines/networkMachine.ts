/**
 * The host-to-host network (`network`). Two orthogonal regions: the quality of service (`up` or
 * `degraded`) and the partition between the two sites. Packets themselves are RxJS items in the
 * actor wrapper (actors/network/createNetwork.ts), which reads this chart synchronously.
 */
import { assign, setup } from 'xstate';
import { mergeDegrade, type LinkParams } from './linkMachine';

export type PartitionDirection = 'both' | 'prod-to-standby' | 'standby-to-prod';
export type PartitionState = 'none' | PartitionDirection;

/** Input of {@link networkMachine}: the configured parameters. */
export type NetworkMachineInput = LinkParams;

/** Context of {@link networkMachine}. */
export interface NetworkMachineContext {
  base: LinkParams;
  overrides: Partial<LinkParams>;
}

/** Events accepted by {@link networkMachine}. */
export type NetworkMachineEvent =
  | { type: 'PARTITION'; direction: PartitionDirection }
  | { type: 'HEAL' }
  | { type: 'DEGRADE'; latency?: number; jitter?: number; loss?: number }
  | { type: 'CLEAR' };

/** The network's transmission parameters in force. */
export function effectiveNetworkParams(context: NetworkMachineContext): LinkParams {
  return { ...context.base, ...context.overrides };
}

/**
 * Network statechart: `quality` (`up` / `degraded`) in parallel with `partition` (`none`,
 * `both`, `prod-to-standby`, `standby-to-prod`).
 */
export const networkMachine = setup({
  types: {
    input: {} as NetworkMachineInput,
    context: {} as NetworkMachineContext,
    events: {} as NetworkMachineEvent
  },
  actions: {
    applyDegrade: assign({
      overrides: ({ context, event }) =>
        event.type === 'DEGRADE' ? mergeDegrade(context.overrides, event) : context.overrides
    }),
    clearDegrade: assign({ overrides: () => ({}) })
  },
  guards: {
    directionIs: ({ event }, params: { direction: PartitionDirection }) =>
      event.type === 'PARTITION' && event.direction === params.direction
  }
}).createMachine({
  id: 'network',
  context: ({ input }) => ({
    base: { latency: input.latency, jitter: input.jitter, loss: input.loss },
    overrides: {}
  }),
  type: 'parallel',
  states: {
    quality: {
      initial: 'up',
      states: {
        up: { on: { DEGRADE: { target: 'degraded', actions: 'applyDegrade' } } },
        degraded: {
          on: {
            DEGRADE: { actions: 'applyDegrade' },
            CLEAR: { target: 'up', actions: 'clearDegrade' }
          }
        }
      }
    },
    partition: {
      initial: 'none',
      on: {
        // A new PARTITION replaces the direction in force (e.g. one-way becomes two-way).
        PARTITION: [
          { guard: { type: 'directionIs', params: { direction: 'both' } }, target: '.both' },
          {
            guard: { type: 'directionIs', params: { direction: 'prod-to-standby' } },
            target: '.prod-to-standby'
          },
          {
            guard: { type: 'directionIs', params: { direction: 'standby-to-prod' } },
            target: '.standby-to-prod'
          }
        ],
        HEAL: '.none'
      },
      states: {
        none: {},
        both: {},
        'prod-to-standby': {},
        'standby-to-prod': {}
      }
    }
  }
});
