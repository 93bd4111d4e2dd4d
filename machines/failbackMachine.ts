/**
 * Failback (SPEC §1.8): once the production site is repaired, return the application to it.
 *
 * 1. Reverse resync — only after an SVOL-takeover (data pair SSWS): storage command `swap` on the
 *    S-VOL side (`pairresync -swaps`: SSWS → COPY → PAIR with the standby volume as P-VOL). After
 *    a swap-takeover the pair is already PAIR with its P-VOL at the standby.
 * 2. The heartbeat pair(s) suspended by the outage are resynchronized.
 * 3. Planned switch back: stop the application at the standby, swap-takeover from the production
 *    side (in sync mode every acknowledged write is on both volumes: nothing is lost), wait for
 *    the quorum lease to come free (third-site tiebreaker only), start the application at
 *    production, and the standby returns to monitoring with fresh receiver, decision and
 *    failover programs.
 *
 * Refused (`failback-refused`, with the reason) while the standby is not serving, production is
 * not healthy, or the data pair is not (and cannot be brought) in PAIR; a refused switch restarts
 * the application at the standby. `failback-completed` on success.
 */
import { assign, emit, enqueueActions, setup } from 'xstate';
import type { PairState } from '../model/storageTypes';

/** Input of {@link failbackMachine}: the facts when the operator asks. */
export interface FailbackInput {
  group: string;
  /** Is the standby group serving the application (a failover happened)? */
  standbyServing: boolean;
  /** Is the production site healthy (array up, a member up)? */
  productionHealthy: boolean;
  /** Why production is not healthy (when it is not). */
  productionProblem: string;
  /** Data pair state. */
  pairState: PairState;
  /** Is the data pair's P-VOL at the standby site? */
  primaryAtStandby: boolean;
  commandTimeout: number;
  /** How long a resync copy may take. */
  copyTimeout: number;
  /** How long the application may take to stop or start. */
  appTimeout: number;
  /** How long the quorum lease may take to come free (third-site tiebreaker), if any. */
  quorumTimeout: number;
}

/** Context of {@link failbackMachine}. */
export interface FailbackContext extends FailbackInput {
  reason: string;
  resynced: boolean;
  lostWrites: number;
  takeover: string | null;
}

/** Events of {@link failbackMachine}. */
export type FailbackEvent =
  | { type: 'START' }
  | { type: 'SWAP.ACCEPTED' }
  | { type: 'SWAP.REFUSED'; detail: string }
  | { type: 'PAIR.STATE'; state: PairState }
  | { type: 'HB.READY' }
  | { type: 'HB.FAILED'; detail: string }
  | { type: 'APP.STOPPED' }
  | { type: 'TAKEOVER.DONE'; kind: string; lostWrites: number }
  | { type: 'TAKEOVER.REFUSED'; detail: string }
  | { type: 'QUORUM.READY' }
  | { type: 'APP.RUNNING' };

/** What {@link failbackMachine} asks of the wiring, and its outcome. */
export type FailbackEmitted =
  | { type: 'pair.reverseResync' }
  | { type: 'heartbeat.resync' }
  | { type: 'standby.stopApp' }
  | { type: 'pair.switchBack' }
  | { type: 'standby.startApp' }
  | { type: 'quorum.handover' }
  | { type: 'production.startApp' }
  | { type: 'standby.monitor' }
  | { type: 'failback.done'; ok: boolean; reason: string }
  | { type: 'alert'; kind: 'failback-completed' | 'failback-refused'; detail: string };

/** The failback statechart (one instance per failback request). */
export const failbackMachine = setup({
  types: {
    input: {} as FailbackInput,
    context: {} as FailbackContext,
    events: {} as FailbackEvent,
    emitted: {} as FailbackEmitted
  },
  delays: {
    commandTimeout: ({ context }) => context.commandTimeout,
    copyTimeout: ({ context }) => context.copyTimeout,
    appTimeout: ({ context }) => context.appTimeout,
    quorumTimeout: ({ context }) => context.quorumTimeout
  },
  guards: {
    standbyNotServing: ({ context }) => !context.standbyServing,
    productionUnhealthy: ({ context }) => !context.productionHealthy,
    afterSvolTakeover: ({ context }) => context.pairState === 'SSWS',
    pairedAtStandby: ({ context }) => context.pairState === 'PAIR' && context.primaryAtStandby,
    pairReady: ({ event }) => event.type === 'PAIR.STATE' && event.state === 'PAIR',
    copyFailed: ({ event }) =>
      event.type === 'PAIR.STATE' && (event.state === 'PSUE' || event.state === 'PSUS')
  },
  actions: {
    noteNotServing: assign({
      reason: 'the standby group is not serving the application: nothing to fail back'
    }),
    noteUnhealthy: assign({
      reason: ({ context }) => `production is not healthy: ${context.productionProblem}`
    }),
    notePairNotReady: assign({
      reason: ({ context }) =>
        `the data pair is ${context.pairState}${context.primaryAtStandby ? '' : ' with its P-VOL at production'}, not PAIR`
    }),
    requestReverseResync: emit({ type: 'pair.reverseResync' as const }),
    noteSwapRefused: assign({
      reason: ({ context, event }) =>
        `reverse resync refused: ${event.type === 'SWAP.REFUSED' ? event.detail : `no answer within ${context.commandTimeout} ms`}`
    }),
    markResynced: assign({ resynced: true }),
    noteCopyFailed: assign({
      reason: ({ context, event }) =>
        event.type === 'PAIR.STATE'
          ? `reverse resync failed: the data pair went ${event.state}`
          : `reverse resync not complete within ${context.copyTimeout} ms`
    }),
    requestHeartbeatResync: emit({ type: 'heartbeat.resync' as const }),
    noteHeartbeatFailed: assign({
      reason: ({ context, event }) =>
        `heartbeat pair resync failed: ${event.type === 'HB.FAILED' ? event.detail : `not complete within ${context.copyTimeout} ms`}`
    }),
    stopStandbyApp: emit({ type: 'standby.stopApp' as const }),
    requestSwitchBack: emit({ type: 'pair.switchBack' as const }),
    recordTakeover: assign({
      takeover: ({ event }) => (event.type === 'TAKEOVER.DONE' ? event.kind : null),
      lostWrites: ({ event }) => (event.type === 'TAKEOVER.DONE' ? event.lostWrites : 0)
    }),
    noteSwitchRefused: assign({
      reason: ({ context, event }) =>
        `switch back refused: ${event.type === 'TAKEOVER.REFUSED' ? event.detail : `no answer within ${context.commandTimeout} ms`}; the application was restarted at the standby`
    }),
    restartStandbyApp: emit({ type: 'standby.startApp' as const }),
    requestQuorum: emit({ type: 'quorum.handover' as const }),
    noteQuorumHeld: assign({
      reason: ({ context }) =>
        `the quorum lease did not come free within ${context.quorumTimeout} ms; the application runs nowhere: operator action required`
    }),
    startProductionApp: emit({ type: 'production.startApp' as const }),
    noteStartFailed: assign({
      reason: ({ context }) =>
        `the application did not start at production within ${context.appTimeout} ms`
    }),
    returnToMonitoring: emit({ type: 'standby.monitor' as const }),
    announceCompleted: enqueueActions(({ context, enqueue }) => {
      const detail = `${context.group}: application back at production (${context.resynced ? 'reverse resync, then ' : ''}${context.takeover ?? 'swap-takeover'}; ${context.lostWrites} lost write(s)); standby monitoring again`;
      enqueue.emit({ type: 'alert', kind: 'failback-completed', detail });
      enqueue.emit({ type: 'failback.done', ok: true, reason: detail });
    }),
    announceRefused: enqueueActions(({ context, enqueue }) => {
      enqueue.emit({
        type: 'alert',
        kind: 'failback-refused',
        detail: `${context.group}: failback refused: ${context.reason}`
      });
      enqueue.emit({ type: 'failback.done', ok: false, reason: context.reason });
    })
  }
}).createMachine({
  id: 'failback',
  context: ({ input }) => ({
    ...input,
    reason: '',
    resynced: false,
    lostWrites: 0,
    takeover: null
  }),
  initial: 'idle',
  states: {
    idle: { on: { START: 'checking' } },
    checking: {
      always: [
        { guard: 'standbyNotServing', target: 'refused', actions: 'noteNotServing' },
        { guard: 'productionUnhealthy', target: 'refused', actions: 'noteUnhealthy' },
        { guard: 'afterSvolTakeover', target: 'reverseResync' },
        { guard: 'pairedAtStandby', target: 'heartbeatResync' },
        { target: 'refused', actions: 'notePairNotReady' }
      ]
    },
    reverseResync: {
      initial: 'requesting',
      states: {
        requesting: {
          entry: 'requestReverseResync',
          on: {
            'SWAP.ACCEPTED': { target: 'copying', actions: 'markResynced' },
            'SWAP.REFUSED': { target: '#failback.refused', actions: 'noteSwapRefused' }
          },
          after: { commandTimeout: { target: '#failback.refused', actions: 'noteSwapRefused' } }
        },
        copying: {
          on: {
            'PAIR.STATE': [
              { guard: 'pairReady', target: '#failback.heartbeatResync' },
              { guard: 'copyFailed', target: '#failback.refused', actions: 'noteCopyFailed' }
            ]
          },
          after: { copyTimeout: { target: '#failback.refused', actions: 'noteCopyFailed' } }
        }
      }
    },
    heartbeatResync: {
      entry: 'requestHeartbeatResync',
      on: {
        'HB.READY': 'stoppingStandbyApp',
        'HB.FAILED': { target: 'refused', actions: 'noteHeartbeatFailed' }
      },
      after: { copyTimeout: { target: 'refused', actions: 'noteHeartbeatFailed' } }
    },
    stoppingStandbyApp: {
      entry: 'stopStandbyApp',
      on: { 'APP.STOPPED': 'switchingBack' },
      // An application that does not confirm is stopped anyway by the swap: its S-VOL turns read-only.
      after: { appTimeout: 'switchingBack' }
    },
    switchingBack: {
      entry: 'requestSwitchBack',
      on: {
        'TAKEOVER.DONE': { target: 'awaitingQuorum', actions: 'recordTakeover' },
        'TAKEOVER.REFUSED': {
          target: 'refused',
          actions: ['noteSwitchRefused', 'restartStandbyApp']
        }
      },
      after: {
        commandTimeout: { target: 'refused', actions: ['noteSwitchRefused', 'restartStandbyApp'] }
      }
    },
    // With a third-site tiebreaker, production may only run once the standby's lease is free.
    awaitingQuorum: {
      entry: 'requestQuorum',
      on: { 'QUORUM.READY': 'startingProductionApp' },
      after: { quorumTimeout: { target: 'refused', actions: 'noteQuorumHeld' } }
    },
    startingProductionApp: {
      entry: 'startProductionApp',
      on: { 'APP.RUNNING': 'monitoring' },
      after: { appTimeout: { target: 'refused', actions: 'noteStartFailed' } }
    },
    monitoring: {
      entry: 'returnToMonitoring',
      always: 'completed'
    },
    completed: { type: 'final', entry: 'announceCompleted' },
    refused: { type: 'final', entry: 'announceRefused' }
  }
});
