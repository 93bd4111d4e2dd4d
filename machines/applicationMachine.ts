/**
 * The clustered application of a host group, run by the group's active member. Its writes to the
 * data volume are a bulk RxJS stream (not transitions); this statechart only decides what the
 * application does about their outcomes: writes rejected by fencing or I/O errors keep it up but
 * blocked, an array that stops answering fails it (production then asks the standby to take
 * over), and a write refused because the volume became read-only (the standby took over the pair)
 * stops it — the storage fenced it.
 */
import { assign, emit, setup } from 'xstate';

export interface ApplicationInput {
  group: string;
  site: string;
  startTime: number;
  /** A failed application is restarted after this long (and fails again while the array is silent). */
  restartDelay: number;
}

export interface ApplicationContext extends ApplicationInput {
  lastError: string | null;
  stoppedBecause: string | null;
  /** A failed application waits before restarting (production asked the standby to take over). */
  held: boolean;
}

export type ApplicationEvent =
  | { type: 'START' }
  | { type: 'STOP'; reason: string }
  | { type: 'WRITE.OK' }
  | { type: 'WRITE.FAILED'; error: string }
  | { type: 'FREEZE' }
  | { type: 'RESUME' }
  | { type: 'HOLD' }
  | { type: 'RELEASE' };

export type ApplicationEmitted =
  | { type: 'app.running' }
  | { type: 'app.failed'; detail: string }
  | { type: 'app.stopped'; reason: string }
  | { type: 'alert'; kind: 'self-fenced'; detail: string };

export const applicationMachine = setup({
  types: {
    input: {} as ApplicationInput,
    context: {} as ApplicationContext,
    events: {} as ApplicationEvent,
    emitted: {} as ApplicationEmitted
  },
  delays: {
    startTime: ({ context }) => context.startTime,
    restartDelay: ({ context }) => context.restartDelay
  },
  guards: {
    lostPrimary: ({ event }) => event.type === 'WRITE.FAILED' && event.error === 'read-only',
    arrayGone: ({ event }) => event.type === 'WRITE.FAILED' && event.error === 'timeout',
    notHeld: ({ context }) => !context.held
  },
  actions: {
    announceRunning: emit({ type: 'app.running' as const }),
    hold: assign({ held: true }),
    release: assign({ held: false }),
    recordError: assign({
      lastError: ({ context, event }) =>
        event.type === 'WRITE.FAILED' ? event.error : context.lastError
    }),
    clearError: assign({ lastError: null }),
    announceFailed: emit(({ context }) => ({
      type: 'app.failed' as const,
      detail: `${context.group} at ${context.site}: data volume does not answer (${context.lastError})`
    })),
    recordStop: assign({
      stoppedBecause: ({ event }) =>
        event.type === 'STOP'
          ? event.reason
          : event.type === 'WRITE.FAILED'
            ? `data volume became read-only (${event.error}): the standby took over the pair`
            : 'stopped'
    }),
    announceStopped: emit(({ context }) => ({
      type: 'app.stopped' as const,
      reason: context.stoppedBecause ?? 'stopped'
    }))
  }
}).createMachine({
  id: 'application',
  context: ({ input }) => ({ ...input, lastError: null, stoppedBecause: null, held: false }),
  on: { HOLD: { actions: 'hold' }, RELEASE: { actions: 'release' } },
  initial: 'stopped',
  states: {
    stopped: { on: { START: 'starting' } },
    starting: {
      on: { STOP: { target: 'stopped', actions: ['recordStop', 'announceStopped'] } },
      after: { startTime: { target: 'running', actions: 'announceRunning' } }
    },
    running: {
      initial: 'healthy',
      on: {
        STOP: { target: 'stopped', actions: ['recordStop', 'announceStopped'] },
        FREEZE: 'frozen'
      },
      states: {
        healthy: {
          on: {
            'WRITE.FAILED': [
              {
                guard: 'lostPrimary',
                target: '#application.stopped',
                actions: ['recordStop', 'announceStopped']
              },
              { guard: 'arrayGone', target: '#application.failed', actions: 'recordError' },
              { target: 'blocked', actions: 'recordError' }
            ]
          }
        },
        // Writes rejected (fence level data, I/O errors): the application is up but cannot write.
        blocked: {
          tags: ['blocked'],
          on: {
            'WRITE.OK': { target: 'healthy', actions: 'clearError' },
            'WRITE.FAILED': [
              {
                guard: 'lostPrimary',
                target: '#application.stopped',
                actions: ['recordStop', 'announceStopped']
              },
              { guard: 'arrayGone', target: '#application.failed', actions: 'recordError' },
              { actions: 'recordError' }
            ]
          }
        },
        hist: { type: 'history', history: 'deep' }
      }
    },
    frozen: { on: { RESUME: 'running.hist', STOP: 'stopped' } },
    failed: {
      entry: 'announceFailed',
      // Cluster software restarts a failed resource: when the array is back it runs again; while
      // it is not, every new failure repeats production's takeover request. Not while held: a
      // production that asked for a takeover nobody has answered may already be superseded.
      initial: 'waiting',
      states: {
        waiting: { after: { restartDelay: 'due' } },
        due: { always: { guard: 'notHeld', target: '#application.starting' } }
      },
      on: {
        STOP: { target: 'stopped', actions: ['recordStop', 'announceStopped'] },
        START: 'starting'
      }
    }
  }
});
