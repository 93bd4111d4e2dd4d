/**
 * Failback (SPEC §1.8), the standby's half: once the production site is repaired, return the
 * application to it. It runs on the standby host that serves and knows only its own site: it
 * asks production over the network whether it can take the application back (`failback-probe`),
 * works on its own array, and hands the switch back over to production's half
 * (machines/failbackReturnMachine.ts) by message.
 *
 * 0. Probe: production answers ready (its array answers, a member is up) or not, or nothing.
 * 1. Reverse resync — only after an SVOL-takeover (data pair SSWS): storage command `swap` on the
 *    S-VOL side (`pairresync -swaps`: SSWS → COPY → PAIR with the standby volume as P-VOL). After
 *    a swap-takeover the pair is already PAIR with its P-VOL at the standby.
 * 2. The heartbeat pair(s) suspended by the outage are resynchronized (production resyncs the
 *    pairs whose P-VOL it holds; the host polls its own array for the pair states).
 * 3. Planned switch back: stop the application at the standby, then ask production to switch
 *    back (`switch-back`: production's half takes the data volume over from its side, waits for
 *    the quorum lease, starts the application and answers); the standby returns to monitoring
 *    with fresh receiver, decision and failover programs.
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
  /** Is this host serving the application (a failover happened)? */
  standbyServing: boolean;
  /** Data pair state, as this site's array answered. */
  pairState: PairState;
  /** Is the data pair's P-VOL at the standby site? */
  primaryAtStandby: boolean;
  commandTimeout: number;
  /** How long a resync copy may take. */
  copyTimeout: number;
  /** How long the application may take to stop or start. */
  appTimeout: number;
  /** How long production may take to answer the probe. */
  probeTimeout: number;
  /** How long production's half may take to switch back (takeover, quorum, application). */
  switchTimeout: number;
}

/** Context of {@link failbackMachine}. */
export interface FailbackContext extends FailbackInput {
  reason: string;
  resynced: boolean;
  takeover: string | null;
}

/** Events of {@link failbackMachine}. */
export type FailbackEvent =
  | { type: 'START' }
  | { type: 'PROBE.READY' }
  | { type: 'PROBE.NOT_READY'; problem: string }
  | { type: 'SWAP.ACCEPTED' }
  | { type: 'SWAP.REFUSED'; detail: string }
  | { type: 'PAIR.STATE'; state: PairState }
  | { type: 'HB.READY' }
  | { type: 'HB.FAILED'; detail: string }
  | { type: 'APP.STOPPED' }
  /** Production switched back and runs the application. */
  | { type: 'SWITCHED'; takeover: string }
  /** Production did not switch back; `restart`: the volume is still ours, run the application. */
  | { type: 'SWITCH.REFUSED'; detail: string; restart: boolean };

/** What {@link failbackMachine} asks of the wiring, and its outcome. */
export type FailbackEmitted =
  | { type: 'production.probe' }
  | { type: 'pair.reverseResync' }
  | { type: 'heartbeat.resync' }
  | { type: 'standby.stopApp' }
  | { type: 'pair.switchBack' }
  | { type: 'standby.startApp' }
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
    probeTimeout: ({ context }) => context.probeTimeout,
    switchTimeout: ({ context }) => context.switchTimeout
  },
  guards: {
    standbyNotServing: ({ context }) => !context.standbyServing,
    restartHere: ({ event }) => event.type === 'SWITCH.REFUSED' && event.restart,
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
    probeProduction: emit({ type: 'production.probe' as const }),
    noteUnhealthy: assign({
      reason: ({ context, event }) =>
        `production is not healthy: ${event.type === 'PROBE.NOT_READY' ? event.problem : `no answer within ${context.probeTimeout} ms`}`
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
      takeover: ({ event }) => (event.type === 'SWITCHED' ? event.takeover : null)
    }),
    noteSwitchRefused: assign({
      reason: ({ context, event }) =>
        event.type === 'SWITCH.REFUSED'
          ? `switch back refused: ${event.detail}${event.restart ? '; the application was restarted at the standby' : ''}`
          : `switch back not answered within ${context.switchTimeout} ms; the application runs nowhere: operator action required`
    }),
    restartStandbyApp: emit({ type: 'standby.startApp' as const }),
    returnToMonitoring: emit({ type: 'standby.monitor' as const }),
    announceCompleted: enqueueActions(({ context, enqueue }) => {
      const detail = `${context.group}: application back at production (${context.resynced ? 'reverse resync, then ' : ''}${context.takeover ?? 'swap-takeover'}); standby monitoring again`;
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
    takeover: null
  }),
  initial: 'idle',
  states: {
    idle: { on: { START: 'checking' } },
    checking: {
      always: [
        { guard: 'standbyNotServing', target: 'refused', actions: 'noteNotServing' },
        { target: 'probing' }
      ]
    },
    probing: {
      entry: 'probeProduction',
      on: {
        'PROBE.READY': 'choosing',
        'PROBE.NOT_READY': { target: 'refused', actions: 'noteUnhealthy' }
      },
      after: { probeTimeout: { target: 'refused', actions: 'noteUnhealthy' } }
    },
    choosing: {
      always: [
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
        SWITCHED: { target: 'monitoring', actions: 'recordTakeover' },
        'SWITCH.REFUSED': [
          {
            guard: 'restartHere',
            target: 'refused',
            actions: ['noteSwitchRefused', 'restartStandbyApp']
          },
          { target: 'refused', actions: 'noteSwitchRefused' }
        ]
      },
      after: { switchTimeout: { target: 'refused', actions: 'noteSwitchRefused' } }
    },
    monitoring: {
      entry: 'returnToMonitoring',
      always: 'completed'
    },
    completed: { type: 'final', entry: 'announceCompleted' },
    refused: { type: 'final', entry: 'announceRefused' }
  }
});
