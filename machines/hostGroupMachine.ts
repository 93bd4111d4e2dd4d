/**
 * Local membership of one host group at one site: which member is active. When the active member
 * dies (or hangs) and another member is alive, the group fails over locally within
 * `localTakeover`, fencing a hung member first — the remote site must not fail over for that.
 */
import { assign, emit, enqueueActions, setup } from 'xstate';

export interface HostGroupInput {
  group: string;
  site: string;
  members: string[];
  localTakeover: number;
}

export interface HostGroupContext extends HostGroupInput {
  alive: Record<string, boolean>;
  active: string | null;
  /** Why the active member went away (`hang` members are fenced before the takeover). */
  downCause: 'crash' | 'hang' | null;
}

export type HostGroupEvent =
  | { type: 'MEMBER.DOWN'; host: string; cause: 'crash' | 'hang' }
  | { type: 'MEMBER.UP'; host: string };

export type HostGroupEmitted =
  | { type: 'group.promote'; host: string; previous: string | null }
  | { type: 'group.fenceMember'; host: string }
  | { type: 'alert'; kind: 'local-takeover'; detail: string };

export const hostGroupMachine = setup({
  types: {
    input: {} as HostGroupInput,
    context: {} as HostGroupContext,
    events: {} as HostGroupEvent,
    emitted: {} as HostGroupEmitted
  },
  delays: {
    localTakeover: ({ context }) => context.localTakeover
  },
  guards: {
    activeWentDown: ({ context, event }) =>
      event.type === 'MEMBER.DOWN' && event.host === context.active,
    activeCameBack: ({ context, event }) =>
      event.type === 'MEMBER.UP' && event.host === context.active,
    activeCameBackFromCrash: ({ context, event }) =>
      event.type === 'MEMBER.UP' && event.host === context.active && context.downCause === 'crash',
    anotherAlive: ({ context }) =>
      context.members.some((m) => m !== context.active && context.alive[m])
  },
  actions: {
    markDown: assign({
      alive: ({ context, event }) =>
        event.type === 'MEMBER.DOWN' ? { ...context.alive, [event.host]: false } : context.alive,
      downCause: ({ context, event }) =>
        event.type === 'MEMBER.DOWN' && event.host === context.active
          ? event.cause
          : context.downCause
    }),
    markUp: assign({
      alive: ({ context, event }) =>
        event.type === 'MEMBER.UP' ? { ...context.alive, [event.host]: true } : context.alive
    }),
    promoteNext: enqueueActions(({ context, enqueue }) => {
      const next = context.members.find((m) => m !== context.active && context.alive[m]);
      if (!next) return;
      const previous = context.active;
      if (previous && context.downCause === 'hang') {
        enqueue.emit({ type: 'group.fenceMember', host: previous });
      }
      enqueue.assign({ active: next, downCause: null });
      enqueue.emit({ type: 'group.promote', host: next, previous });
      enqueue.emit({
        type: 'alert',
        kind: 'local-takeover',
        detail: `${context.group} at ${context.site}: ${previous ?? 'no member'} → ${next} (local takeover)`
      });
    }),
    adoptReturning: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'MEMBER.UP') return;
      enqueue.assign({ active: event.host, downCause: null });
      enqueue.emit({ type: 'group.promote', host: event.host, previous: context.active });
    }),
    clearCause: assign({ downCause: null }),
    announceCurrent: emit(({ context }) => ({
      type: 'group.promote' as const,
      host: context.active ?? '',
      previous: null
    }))
  }
}).createMachine({
  id: 'hostGroup',
  context: ({ input }) => ({
    ...input,
    alive: Object.fromEntries(input.members.map((m) => [m, true])),
    active: input.members[0] ?? null,
    downCause: null
  }),
  initial: 'serving',
  states: {
    serving: {
      on: {
        'MEMBER.DOWN': [
          { guard: 'activeWentDown', target: 'takingOver', actions: 'markDown' },
          { actions: 'markDown' }
        ],
        'MEMBER.UP': { actions: 'markUp' }
      }
    },
    takingOver: {
      on: {
        'MEMBER.UP': [
          // The active member came back before the local takeover fired: after a short hang its
          // programs resume where they were; after a short crash they are gone and restart.
          {
            guard: 'activeCameBackFromCrash',
            target: 'serving',
            actions: ['markUp', 'adoptReturning']
          },
          { guard: 'activeCameBack', target: 'serving', actions: ['markUp', 'clearCause'] },
          { actions: 'markUp' }
        ],
        'MEMBER.DOWN': { actions: 'markDown' }
      },
      after: {
        localTakeover: [
          { guard: 'anotherAlive', target: 'serving', actions: 'promoteNext' },
          { target: 'noMember' }
        ]
      }
    },
    noMember: {
      on: {
        'MEMBER.UP': { target: 'serving', actions: ['markUp', 'adoptReturning'] },
        'MEMBER.DOWN': { actions: 'markDown' }
      }
    }
  }
});
