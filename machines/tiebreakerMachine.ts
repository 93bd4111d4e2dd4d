/**
 * Third-site quorum (tiebreaker): a lease that at most one site holds at a time, like a GAD quorum
 * disk or a booth ticket. The production group renews it while it serves; the standby group asks
 * for it on site isolation and gets it only when production's lease has run out. A site that is
 * refused a renewal must stop its application. So in any isolation exactly one side runs.
 */
import { assign, emit, setup } from 'xstate';

export interface TiebreakerInput {
  lease: number;
  holder: string | null;
}

export interface TiebreakerContext {
  lease: number;
  holder: string | null;
  grants: number;
}

export type TiebreakerEvent = { type: 'RENEW'; site: string } | { type: 'REQUEST'; site: string };

export type TiebreakerEmitted =
  { type: 'granted'; site: string } | { type: 'denied'; site: string; holder: string };

export const tiebreakerMachine = setup({
  types: {
    input: {} as TiebreakerInput,
    context: {} as TiebreakerContext,
    events: {} as TiebreakerEvent,
    emitted: {} as TiebreakerEmitted
  },
  delays: { lease: ({ context }) => context.lease },
  guards: {
    isHolder: ({ context, event }) => event.site === context.holder
  },
  actions: {
    take: assign({
      holder: ({ event }) => event.site,
      grants: ({ context }) => context.grants + 1
    }),
    grant: emit(({ event }) => ({ type: 'granted' as const, site: event.site })),
    deny: emit(({ context, event }) => ({
      type: 'denied' as const,
      site: event.site,
      holder: context.holder ?? 'none'
    })),
    release: assign({ holder: null })
  }
}).createMachine({
  id: 'tiebreaker',
  context: ({ input }) => ({ lease: input.lease, holder: input.holder, grants: 0 }),
  initial: 'held',
  states: {
    free: {
      on: {
        RENEW: { target: 'held', actions: ['take', 'grant'] },
        REQUEST: { target: 'held', actions: ['take', 'grant'] }
      }
    },
    held: {
      on: {
        RENEW: [
          { guard: 'isHolder', target: 'held', reenter: true, actions: 'grant' },
          { actions: 'deny' }
        ],
        REQUEST: [{ guard: 'isHolder', actions: 'grant' }, { actions: 'deny' }]
      },
      after: { lease: { target: 'free', actions: 'release' } }
    }
  }
});
