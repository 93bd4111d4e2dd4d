/**
 * One site's heartbeat status table (FIG. 2) as far as the lifecycle changes it: is this site's
 * heartbeat volume registered to the device address entry, and which rows are enabled — the
 * sender's at production, the receiver's at the standby. It is each site's half of the
 * two-site lifecycle flows, driven only by what reaches this host:
 *
 * - FIG. 4 install / FIG. 5 de-install: production's own install or de-install statechart
 *   registers or unregisters the P-VOL (`REGISTER`/`UNREGISTER`); at the standby the activation
 *   message registers the S-VOL and is acknowledged (`ACTIVATE`), the deactivation message
 *   unregisters it and is acknowledged (`DEACTIVATE`), a cancelled install unregisters it
 *   (`CANCEL`), and a heartbeat pair found SMPL unregisters it (an install rolled back while its
 *   cancel message was lost);
 * - lifecycle changes do not overlap: the standby refuses a deactivation (`deactivate.refused`,
 *   production's de-install aborts) while a change of its own is in progress (a FIG. 8 method
 *   change: it may be about to narrow to the mirror) or while the mirror is the only row it
 *   watches — production cannot know either, the standby owns the method;
 * - FIG. 8 method change: the standby's own method statechart sets the receiver's rows
 *   (`SET.PATHS`); at production the `hb-paths` message sets the sender's rows and is
 *   acknowledged (`SET.PATHS` with `ackTo`).
 *
 * The rows wanted by the checking method are kept apart from the registration: a mirror row is
 * enabled only while the volume is registered.
 *
 * @example
 * ```ts
 * const table = createActor(statusTableMachine, { input: { site: 'standby', volume: 'standby-hb',
 *   registered: true, mirror: true, network: true } });
 * table.on('table.changed', (e) => receiver.send({ type: 'SET.PATHS', mirror: e.mirror, network: e.network }));
 * table.start();
 * table.send({ type: 'DEACTIVATE', from: 'prod-1', flow: 'prod-1/uninstall-1' }); // → unregistered, ack
 * ```
 */
import { assign, emit, enqueueActions, setup } from 'xstate';
import type { PathStep } from '../model/controlMessage';
import type { PairState, SiteId } from '../model/storageTypes';

/** Input of {@link statusTableMachine}. */
export interface StatusTableInput {
  site: SiteId;
  /** This site's heartbeat volume (P-VOL at production, S-VOL at the standby). */
  volume: string;
  registered: boolean;
  /** Rows the checking method wants. */
  mirror: boolean;
  network: boolean;
}

/** Context of {@link statusTableMachine}. */
export type StatusTableContext = StatusTableInput;

/** Events of {@link statusTableMachine}. */
export type StatusTableEvent =
  | { type: 'REGISTER' }
  | { type: 'UNREGISTER' }
  | { type: 'ACTIVATE'; from: string; flow: string }
  /** `busy`: the lifecycle change in progress at this host, if any (the deactivation is refused). */
  | { type: 'DEACTIVATE'; from: string; flow: string; busy?: string }
  | { type: 'CANCEL' }
  | { type: 'PAIR.STATE'; state: PairState | null }
  | {
      type: 'SET.PATHS';
      mirror: boolean;
      network: boolean;
      ack?: { to: string; flow: string; step: PathStep };
    };

/** What {@link statusTableMachine} tells its host. */
export type StatusTableEmitted =
  /** The enabled rows changed (or were set again): apply them to the programs. */
  | { type: 'table.changed'; registered: boolean; mirror: boolean; network: boolean }
  | { type: 'activate.ack'; to: string; flow: string }
  | { type: 'deactivate.ack'; to: string; flow: string }
  | { type: 'deactivate.refused'; to: string; flow: string; reason: string }
  | { type: 'paths.ack'; to: string; flow: string; step: PathStep }
  | { type: 'note'; text: string };

const rows = (c: StatusTableContext) =>
  [c.registered && c.mirror ? 'mirror' : '', c.network ? 'network' : '']
    .filter(Boolean)
    .join(' + ') || 'no path';

/** The FIG. 2 status table statechart of one site. */
export const statusTableMachine = setup({
  types: {
    input: {} as StatusTableInput,
    context: {} as StatusTableContext,
    events: {} as StatusTableEvent,
    emitted: {} as StatusTableEmitted
  },
  guards: {
    startsRegistered: ({ context }) => context.registered,
    deactivationConflicts: ({ context, event }) =>
      event.type === 'DEACTIVATE' && (Boolean(event.busy) || (context.mirror && !context.network)),
    pairDeleted: ({ event }) => event.type === 'PAIR.STATE' && event.state === 'SMPL'
  },
  actions: {
    markRegistered: assign({ registered: true }),
    markUnregistered: assign({ registered: false }),
    setPaths: assign({
      mirror: ({ context, event }) => (event.type === 'SET.PATHS' ? event.mirror : context.mirror),
      network: ({ context, event }) =>
        event.type === 'SET.PATHS' ? event.network : context.network
    }),
    announce: enqueueActions(({ context, enqueue }) => {
      enqueue.emit({
        type: 'table.changed',
        registered: context.registered,
        mirror: context.registered && context.mirror,
        network: context.network
      });
    }),
    noteRegistration: emit(({ context }) => ({
      type: 'note' as const,
      text: `${context.volume} ${context.registered ? 'registered to' : 'removed from'} the device address entry (mirror row ${context.registered && context.mirror ? 'enabled' : 'disabled'})`
    })),
    notePaths: emit(({ context }) => ({
      type: 'note' as const,
      text:
        context.site === 'production'
          ? `heartbeat sender writes ${rows(context)}`
          : `watches ${rows(context)}`
    })),
    notePairDeleted: emit(({ context }) => ({
      type: 'note' as const,
      text: `heartbeat pair of ${context.volume} is SMPL: ${context.volume} unregistered`
    })),
    ackActivate: emit(({ event }) => ({
      type: 'activate.ack' as const,
      to: event.type === 'ACTIVATE' ? event.from : '',
      flow: event.type === 'ACTIVATE' ? event.flow : ''
    })),
    ackDeactivate: emit(({ event }) => ({
      type: 'deactivate.ack' as const,
      to: event.type === 'DEACTIVATE' ? event.from : '',
      flow: event.type === 'DEACTIVATE' ? event.flow : ''
    })),
    refuseDeactivate: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'DEACTIVATE') return;
      const reason = event.busy
        ? event.busy
        : 'the mirror is the only heartbeat path the standby watches (checking method mirror)';
      enqueue.emit({ type: 'note', text: `deactivation of ${context.volume} refused: ${reason}` });
      enqueue.emit({ type: 'deactivate.refused', to: event.from, flow: event.flow, reason });
    }),
    ackPaths: enqueueActions(({ event, enqueue }) => {
      if (event.type !== 'SET.PATHS' || !event.ack) return;
      enqueue.emit({ type: 'paths.ack', ...event.ack });
    })
  }
}).createMachine({
  id: 'statusTable',
  context: ({ input }) => ({ ...input }),
  initial: 'booting',
  on: {
    'SET.PATHS': { actions: ['setPaths', 'notePaths', 'announce', 'ackPaths'] }
  },
  states: {
    booting: {
      always: [{ guard: 'startsRegistered', target: 'registered' }, { target: 'unregistered' }]
    },
    unregistered: {
      on: {
        REGISTER: {
          target: 'registered',
          actions: ['markRegistered', 'noteRegistration', 'announce']
        },
        ACTIVATE: {
          target: 'registered',
          actions: ['markRegistered', 'noteRegistration', 'announce', 'ackActivate']
        },
        // Nothing registered: acknowledge so production's de-install goes on.
        DEACTIVATE: { actions: 'ackDeactivate' }
      }
    },
    registered: {
      on: {
        UNREGISTER: {
          target: 'unregistered',
          actions: ['markUnregistered', 'noteRegistration', 'announce']
        },
        ACTIVATE: { actions: 'ackActivate' },
        DEACTIVATE: [
          { guard: 'deactivationConflicts', actions: 'refuseDeactivate' },
          {
            target: 'unregistered',
            actions: ['markUnregistered', 'noteRegistration', 'announce', 'ackDeactivate']
          }
        ],
        CANCEL: {
          target: 'unregistered',
          actions: ['markUnregistered', 'noteRegistration', 'announce']
        },
        'PAIR.STATE': {
          guard: 'pairDeleted',
          target: 'unregistered',
          actions: ['markUnregistered', 'notePairDeleted', 'announce']
        }
      }
    }
  }
});
