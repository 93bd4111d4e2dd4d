/**
 * FIG. 5 — de-installing the mirror volumes for heartbeat, run by the production host group for
 * one application group. The order is the reverse of FIG. 4, so that silence on the mirror is
 * never mistaken for a failure:
 *
 * 1. deactivation message over the network → the standby stops watching the mirror row (its
 *    receiver's row disabled, status `suspended`: the failure decision ignores the mirror path)
 *    and acknowledges;
 * 2. only then production stops writing (the sender's mirror row disabled);
 * 3. the heartbeat pair is deleted (→ SMPL).
 *
 * If the standby does not acknowledge after `attempts` tries (network down), refuses the
 * deactivation (a change of its own — a FIG. 8 method change — is in progress, or the mirror is
 * the only path it watches: lifecycle changes do not overlap) or the pair cannot be deleted, the
 * flow aborts cleanly: production writes again and the standby is asked to watch
 * again, so both tables are back as they were (`uninstall-aborted`). A de-install is refused up
 * front when the mirror is not installed or is the only heartbeat path (method `mirror`).
 */
import { assign, emit, enqueueActions, setup } from 'xstate';

/** Input of {@link uninstallMachine}. */
export interface UninstallInput {
  group: string;
  /** Heartbeat P-VOL at production. */
  pvol: string;
  /** Is the heartbeat mirror installed (registered at both sites)? */
  installed: boolean;
  /** Is the mirror the only heartbeat path (checking method `mirror`)? */
  mirrorOnly: boolean;
  /** Messages sent before giving up (deactivation, then re-activation on abort). */
  attempts: number;
  ackTimeout: number;
  commandTimeout: number;
}

/** Context of {@link uninstallMachine}. */
export interface UninstallContext extends UninstallInput {
  attempt: number;
  /** Production stopped writing the heartbeat P-VOL. */
  writerStopped: boolean;
  /** The standby confirmed the re-activation during an abort. */
  standbyConfirmed: boolean;
  reason: string;
}

/** Events of {@link uninstallMachine}. */
export type UninstallEvent =
  | { type: 'START' }
  | { type: 'DEACTIVATION.ACK' }
  | { type: 'DEACTIVATION.REFUSED'; reason: string }
  | { type: 'ACTIVATION.ACK' }
  | { type: 'DELETE.DONE' }
  | { type: 'DELETE.FAILED'; detail: string };

/** What {@link uninstallMachine} asks of the wiring, and its outcome. */
export type UninstallEmitted =
  | { type: 'deactivation.send'; attempt: number }
  | { type: 'pvol.unregister'; volume: string }
  | { type: 'pair.delete'; volume: string }
  | { type: 'pvol.register'; volume: string }
  | { type: 'activation.send'; attempt: number }
  | { type: 'uninstall.done'; ok: boolean; reason: string }
  | { type: 'alert'; kind: 'uninstalled' | 'uninstall-aborted'; detail: string };

/** The de-install statechart of FIG. 5 (one instance per de-install request). */
export const uninstallMachine = setup({
  types: {
    input: {} as UninstallInput,
    context: {} as UninstallContext,
    events: {} as UninstallEvent,
    emitted: {} as UninstallEmitted
  },
  delays: {
    ackTimeout: ({ context }) => context.ackTimeout,
    commandTimeout: ({ context }) => context.commandTimeout
  },
  guards: {
    notInstalled: ({ context }) => !context.installed,
    mirrorOnly: ({ context }) => context.mirrorOnly,
    canRetry: ({ context }) => context.attempt < context.attempts
  },
  actions: {
    noteNotInstalled: assign({ reason: 'the heartbeat mirror is not installed' }),
    noteMirrorOnly: assign({
      reason:
        'the checking method is mirror: the mirror is the only heartbeat path (set the method to network or both first)'
    }),
    countAttempt: assign({ attempt: ({ context }) => context.attempt + 1 }),
    resetAttempts: assign({ attempt: 0 }),
    sendDeactivation: emit(({ context }) => ({
      type: 'deactivation.send' as const,
      attempt: context.attempt
    })),
    noteUnacknowledged: assign({
      reason: ({ context }) =>
        `deactivation unacknowledged after ${context.attempt} attempt(s) (${context.ackTimeout} ms each)`
    }),
    noteRefused: assign({
      reason: ({ context, event }) =>
        `the standby refused the deactivation (${event.type === 'DEACTIVATION.REFUSED' ? event.reason : context.reason})`
    }),
    stopWriter: enqueueActions(({ context, enqueue }) => {
      enqueue.emit({ type: 'pvol.unregister', volume: context.pvol });
      enqueue.assign({ writerStopped: true });
    }),
    requestDelete: emit(({ context }) => ({ type: 'pair.delete' as const, volume: context.pvol })),
    noteDeleteFailed: assign({
      reason: ({ context, event }) =>
        `heartbeat pair ${context.pvol} could not be deleted (${event.type === 'DELETE.FAILED' ? event.detail : `no answer within ${context.commandTimeout} ms`})`
    }),
    /** Abort: production writes again before the standby is asked to watch again. */
    restartWriter: enqueueActions(({ context, enqueue }) => {
      if (!context.writerStopped) return;
      enqueue.emit({ type: 'pvol.register', volume: context.pvol });
      enqueue.assign({ writerStopped: false });
    }),
    sendReactivation: emit(({ context }) => ({
      type: 'activation.send' as const,
      attempt: context.attempt
    })),
    markConfirmed: assign({ standbyConfirmed: true }),
    announceUninstalled: enqueueActions(({ context, enqueue }) => {
      const detail = `${context.group}: heartbeat mirror ${context.pvol} de-installed (standby stopped watching, production stopped writing, pair deleted)`;
      enqueue.emit({ type: 'alert', kind: 'uninstalled', detail });
      enqueue.emit({ type: 'uninstall.done', ok: true, reason: detail });
    }),
    announceAborted: enqueueActions(({ context, enqueue }) => {
      const after =
        context.attempt === 0
          ? 'nothing was changed'
          : context.standbyConfirmed
            ? 'both status tables as they were (the standby confirmed it watches again)'
            : 'production writes as before; the standby was asked to watch again (unconfirmed: its row was disabled only if a deactivation reached it, and it re-enables it on hearing)';
      enqueue.emit({
        type: 'alert',
        kind: 'uninstall-aborted',
        detail: `${context.group}: ${context.reason}; ${after}`
      });
      enqueue.emit({ type: 'uninstall.done', ok: false, reason: context.reason });
    })
  }
}).createMachine({
  id: 'uninstall',
  context: ({ input }) => ({
    ...input,
    attempt: 0,
    writerStopped: false,
    standbyConfirmed: false,
    reason: ''
  }),
  initial: 'idle',
  states: {
    idle: { on: { START: 'checking' } },
    checking: {
      always: [
        { guard: 'notInstalled', target: 'aborted', actions: 'noteNotInstalled' },
        { guard: 'mirrorOnly', target: 'aborted', actions: 'noteMirrorOnly' },
        { target: 'deactivating' }
      ]
    },
    deactivating: {
      entry: ['countAttempt', 'sendDeactivation'],
      on: {
        'DEACTIVATION.ACK': 'stoppingWriter',
        // The writer still runs; an earlier attempt may have been taken: ask it to watch again.
        'DEACTIVATION.REFUSED': { target: 'restoring', actions: 'noteRefused' }
      },
      after: {
        ackTimeout: [
          { guard: 'canRetry', target: 'deactivating', reenter: true },
          { target: 'restoring', actions: 'noteUnacknowledged' }
        ]
      }
    },
    stoppingWriter: {
      entry: 'stopWriter',
      always: 'deletingPair'
    },
    deletingPair: {
      entry: 'requestDelete',
      on: {
        'DELETE.DONE': 'uninstalled',
        'DELETE.FAILED': { target: 'restoring', actions: 'noteDeleteFailed' }
      },
      after: { commandTimeout: { target: 'restoring', actions: 'noteDeleteFailed' } }
    },
    restoring: {
      entry: ['restartWriter', 'resetAttempts'],
      always: 'reactivating'
    },
    reactivating: {
      entry: ['countAttempt', 'sendReactivation'],
      on: { 'ACTIVATION.ACK': { target: 'aborted', actions: 'markConfirmed' } },
      after: {
        ackTimeout: [
          { guard: 'canRetry', target: 'reactivating', reenter: true },
          { target: 'aborted' }
        ]
      }
    },
    uninstalled: { type: 'final', entry: 'announceUninstalled' },
    aborted: { type: 'final', entry: 'announceAborted' }
  }
});
