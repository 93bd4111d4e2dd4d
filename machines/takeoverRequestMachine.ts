/**
 * Production's request that the standby group take over, when production itself cannot serve (its
 * array stopped answering). The request travels over the network, which may lose it, and the
 * standby has no other way to learn that a live production host cannot write: so the request is
 * repeated every `retryInterval` until the standby acknowledges it, the standby fences production,
 * or the application runs again.
 */
import { assign, emit, setup } from 'xstate';

export interface TakeoverRequestInput {
  group: string;
  /** Period of the repeats while unacknowledged. */
  retryInterval: number;
}

export interface TakeoverRequestContext extends TakeoverRequestInput {
  reason: string;
  /** Requests sent for the current failure, the first included. */
  sent: number;
}

export type TakeoverRequestEvent =
  | { type: 'REQUEST'; reason: string }
  | { type: 'ACK' }
  | { type: 'CANCEL' }
  | { type: 'FREEZE' }
  | { type: 'RESUME' };

export type TakeoverRequestEmitted = { type: 'request.send'; reason: string; attempt: number };

export const takeoverRequestMachine = setup({
  types: {
    input: {} as TakeoverRequestInput,
    context: {} as TakeoverRequestContext,
    events: {} as TakeoverRequestEvent,
    emitted: {} as TakeoverRequestEmitted
  },
  delays: {
    retryInterval: ({ context }) => context.retryInterval
  },
  actions: {
    recordReason: assign({
      reason: ({ context, event }) => (event.type === 'REQUEST' ? event.reason : context.reason),
      sent: 0
    }),
    updateReason: assign({
      reason: ({ context, event }) => (event.type === 'REQUEST' ? event.reason : context.reason)
    }),
    sendRequest: assign({ sent: ({ context }) => context.sent + 1 }),
    announceSend: emit(({ context }) => ({
      type: 'request.send' as const,
      reason: context.reason,
      attempt: context.sent
    }))
  }
}).createMachine({
  id: 'takeoverRequest',
  context: ({ input }) => ({ ...input, reason: '', sent: 0 }),
  initial: 'idle',
  states: {
    idle: {
      on: { REQUEST: { target: 'requesting', actions: 'recordReason' } }
    },
    requesting: {
      entry: ['sendRequest', 'announceSend'],
      on: {
        ACK: 'acknowledged',
        CANCEL: 'idle',
        FREEZE: 'frozen',
        // A new failure while still unanswered: same request, the repeat timer carries on.
        REQUEST: { actions: 'updateReason' }
      },
      after: { retryInterval: { target: 'requesting', reenter: true } }
    },
    // A hung host sends nothing; on resume it asks again at once if still unanswered.
    frozen: {
      on: { RESUME: 'requesting', CANCEL: 'idle', ACK: 'acknowledged' }
    },
    acknowledged: {
      on: {
        REQUEST: { target: 'requesting', actions: 'recordReason' },
        CANCEL: 'idle'
      }
    }
  }
});
