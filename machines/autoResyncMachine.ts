/**
 * Automatic resynchronisation (`remoteCopy.autoResync`): the cluster software on a host that
 * holds the P-VOL of a pair resynchronises the pair once an error suspended it (PSUE) and the
 * link is back — as real integrations do with `pairresync` in a retry loop. The host knows only
 * what its own array answers (SPEC §1.1a): every `checkInterval` it asks the array for the state
 * of the pairs of the volumes it holds (`pairs.query`); for each P-VOL in PSUE it asks the array
 * for a resync (`resync.request`). While the link is down the array refuses ("remote link is
 * down") — that refusal is how the host learns the link is not back — and the next check asks
 * again. A pair split by the operator (PSUS) is the operator's and is left alone.
 *
 * @example
 * ```ts
 * const actor = createActor(autoResyncMachine, { input: { group: 'app', checkInterval: 1000, answerTimeout: 3000 } });
 * actor.on('pairs.query', () => actor.send({ type: 'PAIRS.ANSWER', suspended: ['prod-data'] }));
 * actor.on('resync.request', (e) => actor.send({ type: 'RESYNC.ACCEPTED', volume: e.volume }));
 * actor.start();
 * actor.send({ type: 'START' });
 * ```
 */
import { assign, emit, enqueueActions, setup } from 'xstate';

/** Input of {@link autoResyncMachine}. */
export interface AutoResyncInput {
  group: string;
  /** How often the host asks its array (ms). */
  checkInterval: number;
  /** How long an answer may take before the check is given up until the next one (ms). */
  answerTimeout: number;
}

/** Context of {@link autoResyncMachine}. */
export interface AutoResyncContext extends AutoResyncInput {
  /** P-VOLs of suspended pairs whose resync is awaiting the array's answer. */
  pending: string[];
  /** The last refusal narrated, per volume (a refusal repeated every check is narrated once). */
  refused: Record<string, string>;
}

/** Events of {@link autoResyncMachine}. */
export type AutoResyncEvent =
  | { type: 'START' }
  | { type: 'STOP' }
  /** The array's answer: the volumes this host holds that are the P-VOL of a PSUE pair. */
  | { type: 'PAIRS.ANSWER'; suspended: string[] }
  | { type: 'RESYNC.ACCEPTED'; volume: string }
  | { type: 'RESYNC.REFUSED'; volume: string; detail: string };

/** What the host carries out. */
export type AutoResyncEmitted =
  | { type: 'pairs.query' }
  | { type: 'resync.request'; volume: string }
  | { type: 'note'; text: string };

export const autoResyncMachine = setup({
  types: {
    input: {} as AutoResyncInput,
    context: {} as AutoResyncContext,
    events: {} as AutoResyncEvent,
    emitted: {} as AutoResyncEmitted
  },
  delays: {
    checkInterval: ({ context }) => context.checkInterval,
    answerTimeout: ({ context }) => context.answerTimeout
  },
  guards: {
    anySuspended: ({ event }) => event.type === 'PAIRS.ANSWER' && event.suspended.length > 0,
    allAnswered: ({ context }) => context.pending.length === 0
  },
  actions: {
    query: emit({ type: 'pairs.query' as const }),
    holdSuspended: assign({
      pending: ({ event }) => (event.type === 'PAIRS.ANSWER' ? [...event.suspended] : [])
    }),
    requestResyncs: enqueueActions(({ context, enqueue }) => {
      for (const volume of context.pending) {
        enqueue.emit({ type: 'resync.request' as const, volume });
      }
    }),
    settle: assign({
      pending: ({ context, event }) =>
        'volume' in event ? context.pending.filter((v) => v !== event.volume) : context.pending
    }),
    noteAccepted: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'RESYNC.ACCEPTED') return;
      enqueue.emit({
        type: 'note' as const,
        text: `${context.group}: auto-resync of ${event.volume} accepted (the link is back)`
      });
      const { [event.volume]: _done, ...rest } = context.refused;
      enqueue.assign({ refused: rest });
    }),
    noteRefused: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'RESYNC.REFUSED') return;
      if (context.refused[event.volume] === event.detail) return;
      enqueue.emit({
        type: 'note' as const,
        text: `${context.group}: auto-resync of ${event.volume} refused (${event.detail}); asking again every ${context.checkInterval} ms`
      });
      enqueue.assign({ refused: { ...context.refused, [event.volume]: event.detail } });
    }),
    clearPending: assign({ pending: () => [] })
  }
}).createMachine({
  id: 'autoResync',
  context: ({ input }) => ({ ...input, pending: [], refused: {} }),
  initial: 'idle',
  on: { STOP: { target: '.idle', actions: 'clearPending' } },
  states: {
    /** Not running (autoResync off, or the host is not its group's active member). */
    idle: { on: { START: 'waiting' } },
    /** Until the next check. */
    waiting: { after: { checkInterval: 'querying' } },
    /** Asked the array for the pairs' states. */
    querying: {
      entry: 'query',
      on: {
        'PAIRS.ANSWER': [
          { guard: 'anySuspended', target: 'resyncing', actions: 'holdSuspended' },
          { target: 'waiting' }
        ]
      },
      after: { answerTimeout: 'waiting' }
    },
    /** Asked the array to resync each suspended pair; waiting for every answer. */
    resyncing: {
      entry: 'requestResyncs',
      on: {
        'RESYNC.ACCEPTED': { actions: ['settle', 'noteAccepted'] },
        'RESYNC.REFUSED': { actions: ['settle', 'noteRefused'] }
      },
      always: { guard: 'allAnswered', target: 'waiting' },
      after: { answerTimeout: { target: 'waiting', actions: 'clearPending' } }
    }
  }
});
