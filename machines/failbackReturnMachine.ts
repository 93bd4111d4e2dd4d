/**
 * Failback (SPEC §1.8), production's half: the standby's failback statechart
 * (machines/failbackMachine.ts) has stopped its application and asks production to switch back.
 * Production takes the data volume over from its own side (a swap-takeover on its array: in sync
 * mode every acknowledged write is on both volumes), waits for the quorum lease when a third-site
 * tiebreaker decides (the standby's lease runs out after its last renewal), starts its
 * application and answers `switch-back-done`. A refused takeover answers `switch-back-refused`
 * with `restart` (the volume is still the standby's: it runs the application again); a lease or
 * a start that does not come in time answers it without (the volume is production's now).
 *
 * @example
 * ```ts
 * const ret = createActor(failbackReturnMachine, { input: { group: 'app', dataVolume: 'prod-data',
 *   quorum: false, commandTimeout: 3000, quorumTimeout: 7000, quorumRetry: 1000, appTimeout: 4000 } });
 * ret.on('storage.takeover', (e) => array.command(e.volume, 'takeover'));
 * ret.start();
 * ret.send({ type: 'SWITCH.BACK', from: 'standby-1', flow: 'standby-1/failback-1' });
 * ```
 */
import { assign, emit, enqueueActions, setup } from 'xstate';

/** Input of {@link failbackReturnMachine}. */
export interface FailbackReturnInput {
  group: string;
  /** Production's data volume (the S-VOL while the standby serves). */
  dataVolume: string;
  /** A third-site tiebreaker holds the lease: wait for it before starting the application. */
  quorum: boolean;
  commandTimeout: number;
  quorumTimeout: number;
  /** How often to ask the tiebreaker again while the standby's lease runs out. */
  quorumRetry: number;
  appTimeout: number;
}

/** Context of {@link failbackReturnMachine}. */
export interface FailbackReturnContext extends FailbackReturnInput {
  /** Who asked, and for which flow (the answer goes back there). */
  from: string;
  flow: string;
  takeover: string;
  reason: string;
}

/** Events of {@link failbackReturnMachine}. */
export type FailbackReturnEvent =
  | { type: 'SWITCH.BACK'; from: string; flow: string }
  | { type: 'TAKEOVER.DONE'; kind: string }
  | { type: 'TAKEOVER.REFUSED'; detail: string }
  | { type: 'QUORUM.GRANTED' }
  | { type: 'APP.RUNNING' };

/** What {@link failbackReturnMachine} asks of its host. */
export type FailbackReturnEmitted =
  | { type: 'storage.takeover'; volume: string }
  | { type: 'quorum.request' }
  /** Serve again: fresh sender (it continues the serial read back from the P-VOL) and application. */
  | { type: 'production.serve' }
  | { type: 'switch.done'; to: string; flow: string; takeover: string }
  | { type: 'switch.refused'; to: string; flow: string; detail: string; restart: boolean };

/** Production's half of the failback (one instance per switch-back request). */
export const failbackReturnMachine = setup({
  types: {
    input: {} as FailbackReturnInput,
    context: {} as FailbackReturnContext,
    events: {} as FailbackReturnEvent,
    emitted: {} as FailbackReturnEmitted
  },
  delays: {
    commandTimeout: ({ context }) => context.commandTimeout,
    quorumTimeout: ({ context }) => context.quorumTimeout,
    quorumRetry: ({ context }) => context.quorumRetry,
    appTimeout: ({ context }) => context.appTimeout
  },
  guards: {
    needsQuorum: ({ context }) => context.quorum
  },
  actions: {
    recordAsker: assign({
      from: ({ context, event }) => (event.type === 'SWITCH.BACK' ? event.from : context.from),
      flow: ({ context, event }) => (event.type === 'SWITCH.BACK' ? event.flow : context.flow)
    }),
    takeOver: emit(({ context }) => ({
      type: 'storage.takeover' as const,
      volume: context.dataVolume
    })),
    recordTakeover: assign({
      takeover: ({ context, event }) =>
        event.type === 'TAKEOVER.DONE' ? event.kind : context.takeover
    }),
    askQuorum: emit({ type: 'quorum.request' as const }),
    serve: emit({ type: 'production.serve' as const }),
    answerDone: emit(({ context }) => ({
      type: 'switch.done' as const,
      to: context.from,
      flow: context.flow,
      takeover: context.takeover
    })),
    refuse: enqueueActions(({ context, event, enqueue }) => {
      const restart = event.type === 'TAKEOVER.REFUSED';
      const detail =
        event.type === 'TAKEOVER.REFUSED'
          ? `takeover refused at production: ${event.detail}`
          : context.reason;
      enqueue.emit({
        type: 'switch.refused',
        to: context.from,
        flow: context.flow,
        detail,
        restart
      });
    }),
    noteTakeoverSilent: assign({
      reason: ({ context }) =>
        `production's array did not answer within ${context.commandTimeout} ms`
    }),
    noteQuorumHeld: assign({
      reason: ({ context }) =>
        `the quorum lease did not come free within ${context.quorumTimeout} ms; the application runs nowhere: operator action required`
    }),
    noteStartFailed: assign({
      reason: ({ context }) =>
        `the application did not start at production within ${context.appTimeout} ms`
    })
  }
}).createMachine({
  id: 'failbackReturn',
  context: ({ input }) => ({ ...input, from: '', flow: '', takeover: '', reason: '' }),
  initial: 'idle',
  states: {
    idle: {
      on: { 'SWITCH.BACK': { target: 'takingOver', actions: 'recordAsker' } }
    },
    takingOver: {
      entry: 'takeOver',
      on: {
        'TAKEOVER.DONE': [
          { guard: 'needsQuorum', target: 'awaitingQuorum', actions: 'recordTakeover' },
          { target: 'starting', actions: 'recordTakeover' }
        ],
        'TAKEOVER.REFUSED': { target: 'idle', actions: 'refuse' }
      },
      after: { commandTimeout: { target: 'idle', actions: ['noteTakeoverSilent', 'refuse'] } }
    },
    awaitingQuorum: {
      initial: 'asking',
      on: { 'QUORUM.GRANTED': 'starting' },
      after: { quorumTimeout: { target: 'idle', actions: ['noteQuorumHeld', 'refuse'] } },
      states: {
        asking: {
          entry: 'askQuorum',
          after: { quorumRetry: { target: 'asking', reenter: true } }
        }
      }
    },
    starting: {
      entry: 'serve',
      on: { 'APP.RUNNING': { target: 'idle', actions: 'answerDone' } },
      after: { appTimeout: { target: 'idle', actions: ['noteStartFailed', 'refuse'] } }
    }
  }
});
