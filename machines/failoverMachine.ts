/**
 * Failover of the standby host group (SPEC §1.8): failure declared → optional confirm wait →
 * fence production → takeover of the data S-VOL by the standby array (swap-takeover when the
 * production array answers, SVOL-takeover when it does not, refused when the pair is
 * inconsistent) → start the application on the standby group → failover completed. A refused
 * takeover ends in `failover-refused`, never in a silent stall: production, fenced for nothing, is
 * released (`failover.refused` says whether it may resume) and after `retryDelay` the statechart
 * returns to idle so the decision can judge again. A takeover answered after its timeout is still
 * honoured (the array did swap the pair). A fence production has not acknowledged is repeated
 * from the first request on — through the takeover and after it, backing off from
 * `fenceTimeout` — until it is: the storage fences production meanwhile, but a production host
 * back in the middle of the failover, or behind a healed partition, must also stop its
 * application and heartbeat.
 */
import { assign, emit, enqueueActions, setup } from 'xstate';

export interface FailoverInput {
  group: string;
  /** The data volume at the standby site (the S-VOL to take over). */
  dataVolume: string;
  confirmWait: number;
  fenceTimeout: number;
  /** How long the standby array may take to answer a takeover command. */
  takeoverTimeout: number;
  /** How long the application may take to start before the failover is given up. */
  startTimeout: number;
  /** After a refusal, how long before the decision may judge (and declare) again. */
  retryDelay: number;
}

export interface FailoverContext extends FailoverInput {
  reason: string;
  fenced: boolean;
  takeover: string | null;
  refusal: string | null;
  /** Fence requests repeated since the failover completed unconfirmed. */
  fenceRepeats: number;
}

export type FailoverEvent =
  | { type: 'DECLARED'; reason: string }
  | { type: 'FENCE.ACK'; from: string }
  | { type: 'TAKEOVER.DONE'; kind: string }
  | { type: 'TAKEOVER.REFUSED'; detail: string }
  | { type: 'APP.RUNNING' }
  | { type: 'APP.FAILED'; detail: string }
  | { type: 'FREEZE' }
  | { type: 'RESUME' }
  | { type: 'RESET' }
  /**
   * A restarted standby host found the data volume its own (it had taken over before it went
   * down): whatever fence it had sent is lost with its memory, so it fences production again,
   * repeated until acknowledged.
   */
  | { type: 'REASSERT' }
  /** Raised when the first fence request leaves (starts the repeats). */
  | { type: 'FENCE.SENT' }
  /** Raised on a refusal (a release of production stops the repeats). */
  | { type: 'FAILOVER.REFUSED' };

export type FailoverEmitted =
  | { type: 'fence.request' }
  | { type: 'fence.retry' }
  | { type: 'storage.takeover'; volume: string }
  | { type: 'app.start' }
  | { type: 'failover.completed'; takeover: string }
  /** `release`: no takeover happened, so production may resume what it was fenced from. */
  | { type: 'failover.refused'; detail: string; release: boolean }
  | { type: 'failover.retry' }
  | {
      type: 'alert';
      kind: 'failover-started' | 'fence-unconfirmed' | 'failover-completed' | 'failover-refused';
      detail: string;
    };

/** A refusal before any takeover releases production (it was fenced for nothing). */
const releasesProduction = (context: FailoverContext) => context.takeover === null;

export const failoverMachine = setup({
  types: {
    input: {} as FailoverInput,
    context: {} as FailoverContext,
    events: {} as FailoverEvent,
    emitted: {} as FailoverEmitted
  },
  delays: {
    confirmWait: ({ context }) => context.confirmWait,
    fenceTimeout: ({ context }) => context.fenceTimeout,
    // Repeats back off (fenceTimeout, 2×, 4×, then 8×): a production host down for a day costs
    // about 10,000 packets, not 86,400, and a healed partition still hears within 8 timeouts —
    // well inside the convergence bound.
    fenceRepeat: ({ context }) => context.fenceTimeout * 2 ** Math.min(context.fenceRepeats, 3),
    takeoverTimeout: ({ context }) => context.takeoverTimeout,
    startTimeout: ({ context }) => context.startTimeout,
    retryDelay: ({ context }) => context.retryDelay
  },
  guards: {
    /** A refusal before any takeover: production is released, so stop fencing it. */
    releasesProduction: ({ context }) => releasesProduction(context)
  },
  actions: {
    recordReason: assign({
      reason: ({ context, event }) => (event.type === 'DECLARED' ? event.reason : context.reason),
      fenced: false,
      takeover: null,
      refusal: null,
      fenceRepeats: 0
    }),
    alertStarted: emit(({ context }) => ({
      type: 'alert' as const,
      kind: 'failover-started' as const,
      detail: `${context.group}: failover started (${context.reason})`
    })),
    requestFence: enqueueActions(({ enqueue }) => {
      enqueue.emit({ type: 'fence.request' as const });
      enqueue.raise({ type: 'FENCE.SENT' });
    }),
    repeatFence: emit({ type: 'fence.retry' as const }),
    countFenceRepeat: assign({ fenceRepeats: ({ context }) => context.fenceRepeats + 1 }),
    resetFenceRepeats: assign({ fenceRepeats: 0 }),
    markFenced: assign({ fenced: true }),
    alertFenceUnconfirmed: emit(({ context }) => ({
      type: 'alert' as const,
      kind: 'fence-unconfirmed' as const,
      detail: `${context.group}: production did not acknowledge the fence request within ${context.fenceTimeout} ms; relying on storage fencing`
    })),
    requestTakeover: emit(({ context }) => ({
      type: 'storage.takeover' as const,
      volume: context.dataVolume
    })),
    recordTakeover: assign({
      takeover: ({ context, event }) =>
        event.type === 'TAKEOVER.DONE' ? event.kind : context.takeover
    }),
    recordRefusal: assign({
      refusal: ({ event }) =>
        event.type === 'TAKEOVER.REFUSED'
          ? `takeover refused: ${event.detail}`
          : event.type === 'APP.FAILED'
            ? `application did not start: ${event.detail}`
            : 'no answer from the standby array'
    }),
    startApp: emit({ type: 'app.start' as const }),
    announceCompleted: emit(({ context }) => ({
      type: 'failover.completed' as const,
      takeover: context.takeover ?? 'none'
    })),
    alertCompleted: emit(({ context }) => ({
      type: 'alert' as const,
      kind: 'failover-completed' as const,
      detail: `${context.group}: application running on the standby group (${context.takeover}, production ${context.fenced ? 'fenced' : 'fence unconfirmed'})`
    })),
    announceRefused: enqueueActions(({ context, enqueue }) => {
      enqueue.emit({
        type: 'failover.refused' as const,
        detail: context.refusal ?? 'refused',
        release: releasesProduction(context)
      });
      enqueue.raise({ type: 'FAILOVER.REFUSED' });
    }),
    announceRetry: emit({ type: 'failover.retry' as const }),
    alertRefused: emit(({ context }) => ({
      type: 'alert' as const,
      kind: 'failover-refused' as const,
      detail: `${context.group}: ${context.refusal}`
    }))
  }
}).createMachine({
  id: 'failover',
  context: ({ input }) => ({
    ...input,
    reason: '',
    fenced: false,
    takeover: null,
    refusal: null,
    fenceRepeats: 0
  }),
  // Two concerns side by side: the failover steps, and fencing production until it acknowledges
  // — from the first request on, through the takeover, after completion — so a production host
  // that comes back in the middle of the failover hears the fence before its application runs.
  type: 'parallel',
  states: {
    steps: {
      initial: 'idle',
      states: {
        idle: {
          on: {
            DECLARED: { target: 'active', actions: 'recordReason' },
            // An answer later than even the retry delay: the array did take the pair over.
            'TAKEOVER.DONE': { target: 'active.startingApp', actions: 'recordTakeover' },
            REASSERT: { actions: 'requestFence' }
          }
        },
        active: {
          initial: 'confirming',
          on: { FREEZE: 'frozen' },
          states: {
            confirming: { after: { confirmWait: 'fencing' } },
            fencing: {
              entry: ['alertStarted', 'requestFence'],
              on: { 'FENCE.ACK': 'takingOver' },
              after: { fenceTimeout: { target: 'takingOver', actions: 'alertFenceUnconfirmed' } }
            },
            takingOver: {
              entry: 'requestTakeover',
              on: {
                'TAKEOVER.DONE': { target: 'startingApp', actions: 'recordTakeover' },
                'TAKEOVER.REFUSED': { target: '#failover.steps.refused', actions: 'recordRefusal' }
              },
              after: {
                takeoverTimeout: { target: '#failover.steps.refused', actions: 'recordRefusal' }
              }
            },
            startingApp: {
              entry: 'startApp',
              on: {
                'APP.RUNNING': '#failover.steps.completed',
                'APP.FAILED': { target: '#failover.steps.refused', actions: 'recordRefusal' }
              },
              after: {
                startTimeout: { target: '#failover.steps.refused', actions: 'recordRefusal' }
              }
            },
            hist: { type: 'history', history: 'deep' }
          }
        },
        frozen: { on: { RESUME: 'active.hist' } },
        completed: {
          entry: ['announceCompleted', 'alertCompleted'],
          on: { RESET: 'idle' }
        },
        refused: {
          entry: ['announceRefused', 'alertRefused'],
          on: {
            RESET: 'idle',
            // The array answered after the timeout: the pair is ours, so start the application.
            'TAKEOVER.DONE': { target: 'active.startingApp', actions: 'recordTakeover' }
          },
          after: { retryDelay: { target: 'idle', actions: 'announceRetry' } }
        }
      }
    },
    fence: {
      initial: 'none',
      states: {
        none: {
          on: { 'FENCE.SENT': { target: 'unconfirmed', actions: 'resetFenceRepeats' } }
        },
        unconfirmed: {
          on: { 'FENCE.ACK': { target: 'confirmed', actions: 'markFenced' } },
          after: {
            fenceRepeat: {
              target: 'unconfirmed',
              reenter: true,
              actions: ['repeatFence', 'countFenceRepeat']
            }
          }
        },
        confirmed: {
          on: { 'FENCE.SENT': { target: 'unconfirmed', actions: 'resetFenceRepeats' } }
        }
      },
      on: {
        // A failback takes over from here; a refused takeover released production.
        RESET: '.none',
        'FAILOVER.REFUSED': { guard: 'releasesProduction', target: '.none' }
      }
    }
  }
});
