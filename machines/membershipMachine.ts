/**
 * One member's view of its host group at its site (SPEC §1.1): which member is the group's
 * active member. Members find a dead member by their own local heartbeats — a peer silent for
 * the local timeout is `PEER.SILENT` — never by being told. When the active member falls silent,
 * the next member alive in rank order waits `promoteDelay`, fences the silent member (power
 * fencing: it may only be hung) and becomes active; the others follow whoever claims to be
 * active in its heartbeats. A member that restarts after a crash first listens (`joining`) and
 * follows the active member it hears; if it hears none, the first member alive in rank order
 * takes the role.
 *
 * @example
 * ```ts
 * const view = createActor(membershipMachine, {
 *   input: { self: 'prod-2', group: 'app', site: 'production', members: ['prod-1', 'prod-2'],
 *            restarted: false, promoteDelay: 1000, joinWait: 1000 } });
 * view.on('member.promote', () => startPrograms());
 * view.start();
 * view.send({ type: 'START' });
 * view.send({ type: 'PEER.SILENT', peer: 'prod-1' }); // after promoteDelay: promote, fence prod-1
 * ```
 */
import { assign, emit, enqueueActions, setup } from 'xstate';

/** Input of {@link membershipMachine}. */
export interface MembershipInput {
  /** This member. */
  self: string;
  group: string;
  site: string;
  /** Every member of the group at this site, in rank order. */
  members: string[];
  /** This member restarted after a crash: it listens before it takes any role. */
  restarted: boolean;
  /** After the active member falls silent, how long the successor waits before taking over. */
  promoteDelay: number;
  /** How long a restarted member listens for the active member. */
  joinWait: number;
}

/** Context of {@link membershipMachine}. */
export interface MembershipContext extends MembershipInput {
  /** Members heard within the local timeout (this member counts as alive). */
  alive: Record<string, boolean>;
  /** The member this member believes is active. */
  active: string | null;
}

/** Events of {@link membershipMachine}. */
export type MembershipEvent =
  /** The host wired the view's outputs: take the first role. */
  | { type: 'START' }
  /** A peer's local heartbeat after silence, or a change of the member it names as active. */
  | { type: 'PEER.HEARD'; peer: string; active: string | null }
  /** A peer's local heartbeats stopped for the local timeout. */
  | { type: 'PEER.SILENT'; peer: string };

/** What {@link membershipMachine} asks of its host. */
export type MembershipEmitted =
  /** This member is now the group's active member. */
  | { type: 'member.promote'; previous: string | null }
  /** This member is not (or no longer) the active member. */
  | { type: 'member.follow'; active: string | null }
  /** Power-fence a silent member before taking its role (it may only be hung). */
  | { type: 'member.fence'; host: string }
  | { type: 'alert'; kind: 'local-takeover'; detail: string };

/** The first member alive in rank order, other than `except`. */
function successor(context: MembershipContext, except: string | null): string | null {
  return context.members.find((m) => m !== except && context.alive[m]) ?? null;
}

/** One member's statechart of its host group's local membership. */
export const membershipMachine = setup({
  types: {
    input: {} as MembershipInput,
    context: {} as MembershipContext,
    events: {} as MembershipEvent,
    emitted: {} as MembershipEmitted
  },
  delays: {
    promoteDelay: ({ context }) => context.promoteDelay,
    joinWait: ({ context }) => context.joinWait
  },
  guards: {
    restarted: ({ context }) => context.restarted,
    selfActive: ({ context }) => context.active === context.self,
    activeWentSilent: ({ context, event }) =>
      event.type === 'PEER.SILENT' && event.peer === context.active,
    selfIsSuccessor: ({ context }) => successor(context, context.active) === context.self,
    selfFirstAlive: ({ context }) => successor(context, null) === context.self,
    peerClaimsActive: ({ event }) => event.type === 'PEER.HEARD' && event.active === event.peer,
    /**
     * The active member that fell silent is heard again still claiming the role (it was only
     * hung). One that restarted claims nothing: it lost the role with its memory.
     */
    successorCameBack: ({ context, event }) =>
      event.type === 'PEER.HEARD' && event.peer === context.active && event.active === event.peer
  },
  actions: {
    markHeard: assign({
      alive: ({ context, event }) =>
        event.type === 'PEER.HEARD' ? { ...context.alive, [event.peer]: true } : context.alive
    }),
    markSilent: assign({
      alive: ({ context, event }) =>
        event.type === 'PEER.SILENT' ? { ...context.alive, [event.peer]: false } : context.alive
    }),
    followClaimant: enqueueActions(({ event, enqueue }) => {
      if (event.type !== 'PEER.HEARD') return;
      enqueue.assign({ active: event.peer });
      enqueue.emit({ type: 'member.follow', active: event.peer });
    }),
    announceFollow: emit(({ context }) => ({
      type: 'member.follow' as const,
      active: context.active
    })),
    promoteSelf: enqueueActions(({ context, enqueue }) => {
      const previous = context.active;
      // Every member not heard may only be hung: power-fence it before taking the role.
      for (const m of context.members) {
        if (m !== context.self && (m === previous || !context.alive[m])) {
          enqueue.emit({ type: 'member.fence', host: m });
        }
      }
      enqueue.assign({ active: context.self });
      enqueue.emit({ type: 'member.promote', previous });
      enqueue.emit({
        type: 'alert',
        kind: 'local-takeover',
        detail: `${context.group} at ${context.site}: ${previous ?? 'no member'} → ${context.self} (local takeover)`
      });
    }),
    announcePromote: emit({ type: 'member.promote' as const, previous: null })
  }
}).createMachine({
  id: 'membership',
  context: ({ input }) => ({
    ...input,
    // A restarted member counts as alive only itself until it hears the others.
    alive: Object.fromEntries(input.members.map((m) => [m, !input.restarted || m === input.self])),
    active: input.restarted ? null : (input.members[0] ?? null)
  }),
  initial: 'off',
  states: {
    off: { on: { START: 'booting' } },
    booting: {
      always: [
        { guard: 'restarted', target: 'joining' },
        { guard: 'selfActive', target: 'active', actions: 'announcePromote' },
        { target: 'following', actions: 'announceFollow' }
      ]
    },
    joining: {
      on: {
        'PEER.HEARD': [
          {
            guard: 'peerClaimsActive',
            target: 'following',
            actions: ['markHeard', 'followClaimant']
          },
          { actions: 'markHeard' }
        ],
        'PEER.SILENT': { actions: 'markSilent' }
      },
      after: {
        joinWait: [
          { guard: 'selfFirstAlive', target: 'active', actions: 'promoteSelf' },
          { target: 'following', actions: 'announceFollow' }
        ]
      }
    },
    following: {
      on: {
        'PEER.HEARD': [
          { guard: 'peerClaimsActive', actions: ['markHeard', 'followClaimant'] },
          { actions: 'markHeard' }
        ],
        'PEER.SILENT': [
          {
            guard: 'activeWentSilent',
            target: 'succeeding',
            actions: 'markSilent'
          },
          { actions: 'markSilent' }
        ]
      }
    },
    /** The active member fell silent: its successor in rank order takes over after a wait. */
    succeeding: {
      always: { guard: 'selfIsSuccessor', target: 'promoting' },
      on: {
        'PEER.HEARD': [
          {
            guard: 'peerClaimsActive',
            target: 'following',
            actions: ['markHeard', 'followClaimant']
          },
          { guard: 'successorCameBack', target: 'following', actions: 'markHeard' },
          { actions: 'markHeard' }
        ],
        'PEER.SILENT': { actions: 'markSilent' }
      }
    },
    promoting: {
      on: {
        // The active member was only hung briefly and is heard again: nothing to take over.
        'PEER.HEARD': [
          { guard: 'successorCameBack', target: 'following', actions: 'markHeard' },
          {
            guard: 'peerClaimsActive',
            target: 'following',
            actions: ['markHeard', 'followClaimant']
          },
          { actions: 'markHeard' }
        ],
        'PEER.SILENT': { actions: 'markSilent' }
      },
      after: { promoteDelay: { target: 'active', actions: 'promoteSelf' } }
    },
    active: {
      on: {
        'PEER.HEARD': { actions: 'markHeard' },
        'PEER.SILENT': { actions: 'markSilent' }
      }
    }
  }
});
