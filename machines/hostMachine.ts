/**
 * A host's own life: up, hung (stops running, then resumes — the split-brain classic) or
 * crashed, and its clock offset. The host actor freezes, resumes or stops its programs from it.
 */
import { assign, setup } from 'xstate';

export interface HostInput {
  site: string;
  group: string;
}

export interface HostContext extends HostInput {
  clockOffset: number;
  crashes: number;
}

export type HostEvent =
  | { type: 'CRASH' }
  | { type: 'RECOVER' }
  | { type: 'HANG' }
  | { type: 'RESUME' }
  | { type: 'SKEW'; offset: number };

export const hostMachine = setup({
  types: {
    input: {} as HostInput,
    context: {} as HostContext,
    events: {} as HostEvent
  },
  actions: {
    countCrash: assign({ crashes: ({ context }) => context.crashes + 1 }),
    setSkew: assign({
      clockOffset: ({ context, event }) =>
        event.type === 'SKEW' ? event.offset : context.clockOffset
    })
  }
}).createMachine({
  id: 'host',
  context: ({ input }) => ({ ...input, clockOffset: 0, crashes: 0 }),
  initial: 'up',
  on: { SKEW: { actions: 'setSkew' } },
  states: {
    up: {
      on: {
        CRASH: { target: 'crashed', actions: 'countCrash' },
        HANG: 'hung'
      }
    },
    hung: {
      on: {
        RESUME: 'up',
        CRASH: { target: 'crashed', actions: 'countCrash' }
      }
    },
    crashed: { on: { RECOVER: 'up' } }
  }
});
