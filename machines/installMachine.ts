/**
 * FIG. 4 — installing the mirror volumes for heartbeat, run by the production host group for one
 * application group:
 *
 * 1. create the heartbeat pair (storage command `create` on the heartbeat P-VOL: SMPL → COPY →
 *    PAIR, the claims' "enabled mode");
 * 2. register the P-VOL in production's status table (device address entry: the sender's mirror
 *    row enabled);
 * 3. send the activation message over the network; the standby registers the S-VOL (its
 *    receiver's mirror row enabled), starts watching and acknowledges.
 *
 * Every step has an error exit — pair creation refused, initial copy failed (e.g. the link cut
 * during COPY → PSUE) or not finished in time, activation unacknowledged after `attempts` tries —
 * and every error exit rolls back what was done, in reverse order (unregister the P-VOL, cancel
 * the activation, delete the pair), so no status table keeps a half-registered row. Outcomes are
 * emitted (`alert` `installed` / `install-failed`, `install.done`); the wiring carries out the
 * emitted commands and messages and answers with events.
 */
import { assign, emit, enqueueActions, setup } from 'xstate';
import type { PairState } from '../model/storageTypes';

/** Input of {@link installMachine}. */
export interface InstallInput {
  group: string;
  /** Heartbeat P-VOL at production (the volume the pair is created on and registered). */
  pvol: string;
  /** Heartbeat S-VOL at standby. */
  svol: string;
  /** Activation messages sent before giving up. */
  attempts: number;
  /** How long to wait for each activation acknowledgement. */
  ackTimeout: number;
  /** How long the array may take to answer a pair command. */
  commandTimeout: number;
  /** How long the initial copy (COPY → PAIR) may take. */
  copyTimeout: number;
}

/** Context of {@link installMachine}. */
export interface InstallContext extends InstallInput {
  /** Activation messages sent so far. */
  attempt: number;
  /** The pair may exist (create accepted or unanswered): the rollback deletes it. */
  created: boolean;
  /** The P-VOL is registered in production's table: the rollback unregisters it. */
  registered: boolean;
  /** Why the install failed (empty while it has not). */
  reason: string;
}

/** Events of {@link installMachine}. */
export type InstallEvent =
  | { type: 'START' }
  | { type: 'CREATE.ACCEPTED' }
  | { type: 'CREATE.REFUSED'; detail: string }
  | { type: 'PAIR.STATE'; state: PairState }
  | { type: 'ACTIVATION.ACK' }
  | { type: 'DELETE.DONE' }
  | { type: 'DELETE.FAILED'; detail: string };

/** What {@link installMachine} asks of the wiring, and its outcome. */
export type InstallEmitted =
  | { type: 'pair.create'; volume: string }
  | { type: 'pvol.register'; volume: string }
  | { type: 'activation.send'; attempt: number }
  | { type: 'pvol.unregister'; volume: string }
  | { type: 'activation.cancel' }
  | { type: 'pair.delete'; volume: string }
  | { type: 'install.done'; ok: boolean; reason: string }
  | { type: 'alert'; kind: 'installed' | 'install-failed'; detail: string };

/** The install statechart of FIG. 4 (one instance per install request). */
export const installMachine = setup({
  types: {
    input: {} as InstallInput,
    context: {} as InstallContext,
    events: {} as InstallEvent,
    emitted: {} as InstallEmitted
  },
  delays: {
    ackTimeout: ({ context }) => context.ackTimeout,
    commandTimeout: ({ context }) => context.commandTimeout,
    copyTimeout: ({ context }) => context.copyTimeout
  },
  guards: {
    pairReady: ({ event }) => event.type === 'PAIR.STATE' && event.state === 'PAIR',
    copyFailed: ({ event }) =>
      event.type === 'PAIR.STATE' &&
      (event.state === 'PSUE' || event.state === 'PSUS' || event.state === 'SMPL'),
    canRetry: ({ context }) => context.attempt < context.attempts,
    pairMayExist: ({ context }) => context.created
  },
  actions: {
    requestCreate: emit(({ context }) => ({
      type: 'pair.create' as const,
      volume: context.pvol
    })),
    markCreated: assign({ created: true }),
    noteRefused: assign({
      reason: ({ event }) =>
        `pair creation refused: ${event.type === 'CREATE.REFUSED' ? event.detail : 'refused'}`
    }),
    noteCreateUnanswered: assign({
      reason: ({ context }) => `pair creation unanswered within ${context.commandTimeout} ms`,
      created: true
    }),
    noteCopyFailed: assign({
      reason: ({ event }) =>
        `initial copy failed: heartbeat pair went ${event.type === 'PAIR.STATE' ? event.state : '?'} during COPY`
    }),
    noteCopyTimeout: assign({
      reason: ({ context }) => `initial copy not complete within ${context.copyTimeout} ms`
    }),
    registerPvol: emit(({ context }) => ({
      type: 'pvol.register' as const,
      volume: context.pvol
    })),
    markRegistered: assign({ registered: true }),
    countAttempt: assign({ attempt: ({ context }) => context.attempt + 1 }),
    sendActivation: emit(({ context }) => ({
      type: 'activation.send' as const,
      attempt: context.attempt
    })),
    noteUnacknowledged: assign({
      reason: ({ context }) =>
        `activation unacknowledged after ${context.attempt} attempt(s) (${context.ackTimeout} ms each)`
    }),
    /** Undo the registration and the activation, newest first. */
    rollBackTables: enqueueActions(({ context, enqueue }) => {
      if (context.registered) {
        enqueue.emit({ type: 'pvol.unregister', volume: context.pvol });
        enqueue.assign({ registered: false });
      }
      if (context.attempt > 0) enqueue.emit({ type: 'activation.cancel' });
    }),
    requestDelete: emit(({ context }) => ({
      type: 'pair.delete' as const,
      volume: context.pvol
    })),
    noteDeleteFailed: assign({
      reason: ({ context, event }) =>
        `${context.reason}; the pair could not be deleted (${event.type === 'DELETE.FAILED' ? event.detail : 'no answer'})`
    }),
    announceInstalled: enqueueActions(({ context, enqueue }) => {
      const detail = `${context.group}: heartbeat mirror ${context.pvol} → ${context.svol} installed (pair PAIR, both volumes registered, standby watching)`;
      enqueue.emit({ type: 'alert', kind: 'installed', detail });
      enqueue.emit({ type: 'install.done', ok: true, reason: detail });
    }),
    announceFailed: enqueueActions(({ context, enqueue }) => {
      const detail = `${context.group}: ${context.reason}; rolled back, both status tables unchanged`;
      enqueue.emit({ type: 'alert', kind: 'install-failed', detail });
      enqueue.emit({ type: 'install.done', ok: false, reason: context.reason });
    })
  }
}).createMachine({
  id: 'install',
  context: ({ input }) => ({
    ...input,
    attempt: 0,
    created: false,
    registered: false,
    reason: ''
  }),
  initial: 'idle',
  states: {
    idle: { on: { START: 'creatingPair' } },
    creatingPair: {
      entry: 'requestCreate',
      on: {
        'CREATE.ACCEPTED': { target: 'copying', actions: 'markCreated' },
        // Nothing was done yet: nothing to roll back.
        'CREATE.REFUSED': { target: 'failed', actions: 'noteRefused' }
      },
      after: { commandTimeout: { target: 'rollingBack', actions: 'noteCreateUnanswered' } }
    },
    copying: {
      on: {
        'PAIR.STATE': [
          { guard: 'pairReady', target: 'registeringPvol' },
          { guard: 'copyFailed', target: 'rollingBack', actions: 'noteCopyFailed' }
        ]
      },
      after: { copyTimeout: { target: 'rollingBack', actions: 'noteCopyTimeout' } }
    },
    registeringPvol: {
      entry: ['registerPvol', 'markRegistered'],
      always: 'activating'
    },
    activating: {
      entry: ['countAttempt', 'sendActivation'],
      on: { 'ACTIVATION.ACK': 'installed' },
      after: {
        ackTimeout: [
          { guard: 'canRetry', target: 'activating', reenter: true },
          { target: 'rollingBack', actions: 'noteUnacknowledged' }
        ]
      }
    },
    rollingBack: {
      entry: 'rollBackTables',
      always: [{ guard: 'pairMayExist', target: 'deletingPair' }, { target: 'failed' }]
    },
    deletingPair: {
      entry: 'requestDelete',
      on: {
        'DELETE.DONE': 'failed',
        'DELETE.FAILED': { target: 'failed', actions: 'noteDeleteFailed' }
      },
      after: { commandTimeout: { target: 'failed', actions: 'noteDeleteFailed' } }
    },
    installed: { type: 'final', entry: 'announceInstalled' },
    failed: { type: 'final', entry: 'announceFailed' }
  }
});
