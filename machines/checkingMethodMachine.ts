/**
 * FIG. 8 — setting the heartbeat checking method (`network`, `mirror` or `both`) of one
 * application group, live, without ever opening a window for a false failover. Run by the
 * standby host group (it owns the receiver and the failure decision); the sender is reached by
 * acknowledged network messages.
 *
 * `mirror` and `both` need the heartbeat mirror installed (FIG. 4), else the change is refused.
 * A change is a handshake in which every path the standby watches is always a path production
 * writes:
 *
 * 1. the standby widens: its receiver watches the union of the old and new paths (new rows start
 *    with a full timeout) and its failure decision judges by the union;
 * 2. the sender switches: it starts the new paths (keeping the old ones until the standby has
 *    narrowed) and acknowledges;
 * 3. the new paths get a full timeout (`proveTime`) to prove themselves (be `valid`);
 * 4. the standby narrows: its receiver drops the old paths and the failure decision gets the new
 *    method;
 * 5. the sender drops the old paths and acknowledges → `method-changed`.
 *
 * An unacknowledged switch or a new path that does not prove itself rolls the standby (and, best
 * effort, the sender) back to the old method → `method-refused`.
 */
import { assign, emit, enqueueActions, setup } from 'xstate';
import type { CheckingMethod } from '../model/config';
import type { PathKind, PathStatus } from '../model/statusTable';

/** Which paths a checking method uses. */
export interface PathSet {
  mirror: boolean;
  network: boolean;
}

/** The paths of `method`. */
export function pathsOf(method: CheckingMethod): PathSet {
  return { mirror: method !== 'network', network: method !== 'mirror' };
}

/** The checking method that uses exactly `paths` (`network` when none). */
export function methodOf(paths: PathSet): CheckingMethod {
  if (paths.mirror && paths.network) return 'both';
  return paths.mirror ? 'mirror' : 'network';
}

/** Input of {@link checkingMethodMachine}. */
export interface CheckingMethodInput {
  group: string;
  /** Method in force. */
  from: CheckingMethod;
  /** Method asked for. */
  to: CheckingMethod;
  /** Is the heartbeat mirror installed (FIG. 4)? */
  mirrorInstalled: boolean;
  /** Messages to the sender before giving up. */
  attempts: number;
  ackTimeout: number;
  /** How long new paths have to prove themselves (a full heartbeat timeout). */
  proveTime: number;
}

/** Context of {@link checkingMethodMachine}. */
export interface CheckingMethodContext extends CheckingMethodInput {
  attempt: number;
  /** Last status the standby's receiver reported for each path during the change. */
  status: Record<PathKind, PathStatus | null>;
  /** The sender acknowledged dropping the old paths. */
  senderNarrowed: boolean;
  reason: string;
}

/** Handshake step a sender acknowledgement answers. */
export type MethodStep = 'widen' | 'narrow' | 'restore';

/** Events of {@link checkingMethodMachine}. */
export type CheckingMethodEvent =
  | { type: 'START' }
  | { type: 'SENDER.ACK'; step: MethodStep }
  | { type: 'PATH.STATUS'; path: PathKind; status: PathStatus };

/** What {@link checkingMethodMachine} asks of the wiring, and its outcome. */
export type CheckingMethodEmitted =
  /** Standby side: receiver rows to watch and the failure decision's method. */
  | { type: 'standby.setPaths'; mirror: boolean; network: boolean; method: CheckingMethod }
  /** Production side (over the network): the sender's rows. */
  | { type: 'sender.setPaths'; mirror: boolean; network: boolean; step: MethodStep }
  | { type: 'method.done'; ok: boolean; method: CheckingMethod; reason: string }
  | { type: 'alert'; kind: 'method-changed' | 'method-refused'; detail: string };

type StepParams = { step: MethodStep };

const union = (a: CheckingMethod, b: CheckingMethod): PathSet => {
  const pa = pathsOf(a);
  const pb = pathsOf(b);
  return { mirror: pa.mirror || pb.mirror, network: pa.network || pb.network };
};

/** Paths of `to` that `from` does not use. */
const newPaths = (from: CheckingMethod, to: CheckingMethod): PathKind[] => {
  const pf = pathsOf(from);
  const pt = pathsOf(to);
  return (['mirror', 'network'] as const).filter((p) => pt[p] && !pf[p]);
};

/** The checking-method statechart of FIG. 8 (one instance per change request). */
export const checkingMethodMachine = setup({
  types: {
    input: {} as CheckingMethodInput,
    context: {} as CheckingMethodContext,
    events: {} as CheckingMethodEvent,
    emitted: {} as CheckingMethodEmitted
  },
  delays: {
    ackTimeout: ({ context }) => context.ackTimeout,
    proveTime: ({ context }) => context.proveTime
  },
  guards: {
    unchanged: ({ context }) => context.from === context.to,
    needsMissingMirror: ({ context }) => context.to !== 'network' && !context.mirrorInstalled,
    canRetry: ({ context }) => context.attempt < context.attempts,
    ackFor: ({ event }, params: StepParams) =>
      event.type === 'SENDER.ACK' && event.step === params.step,
    newPathsProven: ({ context }) =>
      newPaths(context.from, context.to).every((p) => context.status[p] === 'valid')
  },
  actions: {
    noteMirrorMissing: assign({
      reason: ({ context }) =>
        `method ${context.to} needs the heartbeat mirror installed (FIG. 4); it is not`
    }),
    countAttempt: assign({ attempt: ({ context }) => context.attempt + 1 }),
    resetAttempts: assign({ attempt: 0 }),
    recordStatus: assign({
      status: ({ context, event }) =>
        event.type === 'PATH.STATUS'
          ? { ...context.status, [event.path]: event.status }
          : context.status
    }),
    widenStandby: emit(({ context }) => ({
      type: 'standby.setPaths' as const,
      ...union(context.from, context.to),
      method: methodOf(union(context.from, context.to))
    })),
    widenSender: emit(({ context }) => ({
      type: 'sender.setPaths' as const,
      ...union(context.from, context.to),
      step: 'widen' as const
    })),
    narrowStandby: emit(({ context }) => ({
      type: 'standby.setPaths' as const,
      ...pathsOf(context.to),
      method: context.to
    })),
    narrowSender: emit(({ context }) => ({
      type: 'sender.setPaths' as const,
      ...pathsOf(context.to),
      step: 'narrow' as const
    })),
    markSenderNarrowed: assign({ senderNarrowed: true }),
    noteSenderUnacknowledged: assign({
      reason: ({ context }) =>
        `production did not acknowledge the switch after ${context.attempt} attempt(s) (${context.ackTimeout} ms each)`
    }),
    noteNotProven: assign({
      reason: ({ context }) => {
        const failing = newPaths(context.from, context.to)
          .filter((p) => context.status[p] !== 'valid')
          .map((p) => `${p} ${context.status[p] ?? 'not reported'}`);
        return `new path(s) did not prove themselves within ${context.proveTime} ms (${failing.join(', ')})`;
      }
    }),
    /** Back to the old method: the standby narrows first, then (best effort) the sender. */
    restoreOld: enqueueActions(({ context, enqueue }) => {
      enqueue.emit({
        type: 'standby.setPaths',
        ...pathsOf(context.from),
        method: context.from
      });
      enqueue.emit({ type: 'sender.setPaths', ...pathsOf(context.from), step: 'restore' });
    }),
    announceChanged: enqueueActions(({ context, enqueue }) => {
      const note = context.senderNarrowed
        ? ''
        : ' (the sender did not confirm dropping the old path(s); it keeps writing them, which is harmless)';
      enqueue.emit({
        type: 'alert',
        kind: 'method-changed',
        detail: `${context.group}: heartbeat checking method ${context.from} → ${context.to}${note}`
      });
      enqueue.emit({ type: 'method.done', ok: true, method: context.to, reason: '' });
    }),
    announceUnchanged: emit(({ context }) => ({
      type: 'method.done' as const,
      ok: true,
      method: context.to,
      reason: `method ${context.to} already in force`
    })),
    announceRefused: enqueueActions(({ context, enqueue }) => {
      enqueue.emit({
        type: 'alert',
        kind: 'method-refused',
        detail: `${context.group}: ${context.from} → ${context.to} refused: ${context.reason}; method ${context.from} stays in force`
      });
      enqueue.emit({
        type: 'method.done',
        ok: false,
        method: context.from,
        reason: context.reason
      });
    })
  }
}).createMachine({
  id: 'checkingMethod',
  context: ({ input }) => ({
    ...input,
    attempt: 0,
    status: { mirror: null, network: null },
    senderNarrowed: false,
    reason: ''
  }),
  initial: 'idle',
  on: { 'PATH.STATUS': { actions: 'recordStatus' } },
  states: {
    idle: { on: { START: 'checking' } },
    checking: {
      always: [
        { guard: 'unchanged', target: 'unchanged' },
        { guard: 'needsMissingMirror', target: 'refused', actions: 'noteMirrorMissing' },
        { target: 'widening' }
      ]
    },
    widening: {
      entry: 'widenStandby',
      always: 'switchingSender'
    },
    switchingSender: {
      entry: ['countAttempt', 'widenSender'],
      on: {
        'SENDER.ACK': {
          guard: { type: 'ackFor', params: { step: 'widen' } },
          target: 'proving',
          actions: 'resetAttempts'
        }
      },
      after: {
        ackTimeout: [
          { guard: 'canRetry', target: 'switchingSender', reenter: true },
          { target: 'rollingBack', actions: 'noteSenderUnacknowledged' }
        ]
      }
    },
    proving: {
      after: {
        proveTime: [
          { guard: 'newPathsProven', target: 'narrowing' },
          { target: 'rollingBack', actions: 'noteNotProven' }
        ]
      }
    },
    narrowing: {
      entry: 'narrowStandby',
      always: 'narrowingSender'
    },
    narrowingSender: {
      entry: ['countAttempt', 'narrowSender'],
      on: {
        'SENDER.ACK': {
          guard: { type: 'ackFor', params: { step: 'narrow' } },
          target: 'changed',
          actions: 'markSenderNarrowed'
        }
      },
      after: {
        ackTimeout: [
          { guard: 'canRetry', target: 'narrowingSender', reenter: true },
          { target: 'changed' }
        ]
      }
    },
    rollingBack: {
      entry: 'restoreOld',
      always: 'refused'
    },
    unchanged: { type: 'final', entry: 'announceUnchanged' },
    changed: { type: 'final', entry: 'announceChanged' },
    refused: { type: 'final', entry: 'announceRefused' }
  }
});
