/**
 * Second configuration (FIG. 9–11, bidirectional heartbeats): production's watch over the
 * standby. Production's active member receives the reverse heartbeat (standby → production, on
 * the network and on the reverse mirror `standby-rhb` → `prod-rhb`). When both channels to the
 * standby are invalid and the reverse heartbeat pair is suspended — production is cut off from
 * the standby site, exactly the situation in which the standby may take over automatically — it
 * waits `selfFenceAfter` and then fences itself (stops its application and its heartbeat), so
 * the standby, which waits longer than that before an automatic takeover, never runs the
 * application while production still writes. Any channel coming back before then cancels it.
 * A channel coming back after it makes production ask the standby whether it may serve again
 * (every `rejoinRetry` until answered): yes when the standby has not taken over — else nobody
 * would ever run the application — no, for good, when it has.
 *
 * A pause (the host hung) breaks the symmetry the two waits rest on: the standby has counted the
 * whole pause, while production reads, right after it, reverse heartbeats written at unknown
 * times during it and would start its own wait late. So a production that resumes after a pause
 * longer than `pauseTolerance` with the network channel to the standby already invalid, or with
 * the reverse heartbeat pair suspended (its network row, frozen with it, may still read valid
 * though nothing came during the pause), fences itself at once and asks to rejoin, as after a
 * self-fence: the standby's answer, not old rows or mirror blocks, says whether it may serve again.
 *
 * Production also knows when the standby cannot hear it: its own heartbeat writes fail and the
 * network channel from the standby is invalid while the reverse mirror still delivers (the
 * standby is alive and watching). The standby then reads network invalid, mirror invalid, pair
 * PAIR — production dead — and takes over without a self-fence wait; so production fences itself
 * at once.
 */
import { assign, emit, enqueueActions, setup } from 'xstate';
import type { PathKind, PathStatus } from '../model/statusTable';
import { isSuspended, type PairState } from '../model/storageTypes';

/** Input of {@link selfFenceMachine}. */
export interface SelfFenceInput {
  group: string;
  /** How long production stays cut off from the standby before fencing itself. */
  selfFenceAfter: number;
  /** Period of the rejoin request once the standby is heard again. */
  rejoinRetry: number;
  /** Longest pause of the host after which reverse heartbeats read are still trusted. */
  pauseTolerance: number;
}

/** Context of {@link selfFenceMachine}. */
export interface SelfFenceContext extends SelfFenceInput {
  network: PathStatus;
  mirror: PathStatus;
  /** Reverse heartbeat pair state as production's array reports it. */
  pairState: PairState | null;
  /** Production has fenced itself and not been let back yet. */
  selfFenced: boolean;
  /** Length of the pause the host last resumed from, ms. */
  pausedFor: number;
  /** This host's own heartbeat writes fail (its sender says so). */
  writesFailing: boolean;
}

/** Events of {@link selfFenceMachine} (from production's reverse receiver). */
export type SelfFenceEvent =
  | { type: 'START' }
  | { type: 'STOP' }
  | { type: 'FREEZE' }
  /** The host resumes from a pause of `pausedFor` ms (its own clock tells it). */
  | { type: 'RESUME'; pausedFor?: number }
  | { type: 'PATH.STATUS'; path: PathKind; status: PathStatus }
  | { type: 'PAIR.STATE'; state: PairState | null }
  /** This host's heartbeat writes to its P-VOL started failing, or succeed again. */
  | { type: 'OWN.WRITES'; failing: boolean }
  | { type: 'REJOIN.OK' }
  | { type: 'REJOIN.DENIED' };

/** What {@link selfFenceMachine} asks of the wiring. */
export type SelfFenceEmitted =
  | { type: 'self.fence'; reason: string }
  | { type: 'rejoin.request' }
  | { type: 'self.unfence' }
  | { type: 'alert'; kind: 'self-fenced'; detail: string };

/** Both channels to the standby dead and the reverse pair suspended. */
const isCutOff = (c: SelfFenceContext) =>
  c.network === 'invalid' && c.mirror === 'invalid' && isSuspended(c.pairState);

/** The standby is alive but cannot hear production: it will read production as dead. */
const isUnheard = (c: SelfFenceContext) =>
  c.writesFailing && c.network === 'invalid' && c.mirror !== 'invalid';

/** Production's self-fencing statechart (one per production active member, bidirectional only). */
export const selfFenceMachine = setup({
  types: {
    input: {} as SelfFenceInput,
    context: {} as SelfFenceContext,
    events: {} as SelfFenceEvent,
    emitted: {} as SelfFenceEmitted
  },
  delays: {
    selfFenceAfter: ({ context }) => context.selfFenceAfter,
    rejoinRetry: ({ context }) => context.rejoinRetry
  },
  guards: {
    cutOff: ({ context }) => isCutOff(context),
    notCutOff: ({ context }) => !isCutOff(context),
    unheard: ({ context }) => isUnheard(context),
    /** Resumed after a long pause, not fenced yet, without the network channel to the standby. */
    blindAfterPause: ({ context, event }) =>
      event.type === 'RESUME' &&
      (event.pausedFor ?? 0) > context.pauseTolerance &&
      !context.selfFenced &&
      (context.network === 'invalid' || isSuspended(context.pairState))
  },
  actions: {
    recordPath: assign(({ context, event }) =>
      event.type === 'PATH.STATUS' ? { ...context, [event.path]: event.status } : {}
    ),
    recordPair: assign({
      pairState: ({ context, event }) =>
        event.type === 'PAIR.STATE' ? event.state : context.pairState
    }),
    recordOwnWrites: assign({
      writesFailing: ({ context, event }) =>
        event.type === 'OWN.WRITES' ? event.failing : context.writesFailing
    }),
    recordPause: assign({
      pausedFor: ({ context, event }) =>
        event.type === 'RESUME' ? (event.pausedFor ?? 0) : context.pausedFor
    }),
    fence: enqueueActions(({ context, enqueue }) => {
      // Re-entered from history after a pause: already fenced, nothing to repeat.
      if (context.selfFenced) return;
      const why = isCutOff(context)
        ? `both channels to the standby lost for ${context.selfFenceAfter} ms`
        : isUnheard(context)
          ? 'heartbeat writes failing with the network channel to the standby invalid: the standby cannot hear production'
          : `paused for ${context.pausedFor} ms with the network channel to the standby invalid or the reverse pair suspended`;
      const reason = `${context.group}: ${why} (network ${context.network}, reverse mirror ${context.mirror}, reverse pair ${context.pairState ?? 'unknown'}): production stops its application and heartbeat`;
      enqueue.assign({ selfFenced: true });
      enqueue.emit({ type: 'alert', kind: 'self-fenced', detail: reason });
      enqueue.emit({ type: 'self.fence', reason });
    }),
    clearSelfFence: assign({ selfFenced: false, writesFailing: false }),
    askRejoin: emit({ type: 'rejoin.request' as const }),
    unfence: emit({ type: 'self.unfence' as const })
  }
}).createMachine({
  id: 'selfFence',
  context: ({ input }) => ({
    ...input,
    network: 'valid',
    mirror: 'valid',
    pairState: 'PAIR',
    selfFenced: false,
    pausedFor: 0,
    writesFailing: false
  }),
  initial: 'stopped',
  states: {
    stopped: { on: { START: 'on' }, entry: 'clearSelfFence' },
    on: {
      initial: 'connected',
      on: {
        STOP: 'stopped',
        FREEZE: 'frozen',
        'PATH.STATUS': { actions: 'recordPath' },
        'PAIR.STATE': { actions: 'recordPair' },
        'OWN.WRITES': { actions: 'recordOwnWrites' }
      },
      states: {
        connected: {
          always: [
            { guard: 'unheard', target: 'fenced' },
            { guard: 'cutOff', target: 'cutOff' }
          ]
        },
        cutOff: {
          always: [
            { guard: 'unheard', target: 'fenced' },
            { guard: 'notCutOff', target: 'connected' }
          ],
          after: { selfFenceAfter: 'fenced' }
        },
        fenced: {
          entry: 'fence',
          initial: 'cutOff',
          states: {
            cutOff: { always: { guard: 'notCutOff', target: 'rejoining' } },
            rejoining: {
              entry: 'askRejoin',
              always: { guard: 'cutOff', target: 'cutOff' },
              after: { rejoinRetry: { target: 'rejoining', reenter: true } },
              on: {
                'REJOIN.OK': {
                  target: '#selfFence.on.connected',
                  actions: ['clearSelfFence', 'unfence']
                },
                'REJOIN.DENIED': 'denied'
              }
            },
            // The standby took over: production stays down (until a failback restarts it).
            denied: {}
          }
        },
        hist: { type: 'history', history: 'deep' }
      }
    },
    frozen: {
      on: {
        RESUME: [
          { guard: 'blindAfterPause', target: 'on.fenced', actions: 'recordPause' },
          { target: 'on.hist', actions: 'recordPause' }
        ],
        STOP: 'stopped'
      }
    }
  }
});
