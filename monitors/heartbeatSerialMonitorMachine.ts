/**
 * Invariant monitor: **every heartbeat production sends advances its serial** (FIG. 3, SPEC
 * §1.2: the serial is a counter incremented on every send).
 *
 * The receivers judge a path by whether its serial advanced within the timeout: a sender whose
 * serial stops advancing while it runs looks, at the standby, exactly like a dead production, so a
 * failover it causes cannot be told from an inherent one by the rows or the paths. This monitor
 * watches the sender's output itself: per production host, sender run and path, each heartbeat
 * sent must carry a serial greater than the one before. A new sender run (after a crash or a role
 * change) starts afresh — it continues from its P-VOL's serial, or from 1 when it cannot read it,
 * which the receivers take as a restarted sender. Only watches.
 */
import { assign, setup } from 'xstate';
import type { PathKind } from '../model/statusTable';
import { finding, remember } from './monitorSupport';
import type { MonitorContextBase, MonitorEvent } from './monitorEvents';

export interface HeartbeatSerialMonitorInput {
  group: string;
}

export interface HeartbeatSerialMonitorContext extends MonitorContextBase {
  /** The last heartbeat sent, per `<host>/<path>`: its sender run and serial. */
  last: Record<string, { run: number; serial: number }>;
  /** Heartbeats checked so far. */
  sent: number;
}

type Sent = Extract<MonitorEvent, { type: 'HEARTBEAT_SENT' }>;

const keyOf = (host: string, path: PathKind) => `${host}/${path}`;

/** The previous heartbeat of the same sender run on the same path, if any. */
function previous(context: HeartbeatSerialMonitorContext, e: Sent) {
  const last = context.last[keyOf(e.host, e.path)];
  return last && last.run === e.run ? last : undefined;
}

export const heartbeatSerialMonitorMachine = setup({
  types: {
    input: {} as HeartbeatSerialMonitorInput,
    context: {} as HeartbeatSerialMonitorContext,
    events: {} as MonitorEvent
  },
  guards: {
    /** The heartbeat's serial did not advance past the sender run's previous one on that path. */
    serialStuck: ({ context, event }) => {
      if (event.type !== 'HEARTBEAT_SENT') return false;
      const last = previous(context, event);
      return last !== undefined && event.serial <= last.serial;
    }
  },
  actions: {
    record: assign(({ context, event }) => {
      if (event.type !== 'HEARTBEAT_SENT') return {};
      return {
        sent: context.sent + 1,
        last: {
          ...context.last,
          [keyOf(event.host, event.path)]: { run: event.run, serial: event.serial }
        }
      };
    }),
    noteEvidence: assign({ evidence: ({ context, event }) => remember(context.evidence, event) }),
    recordViolation: assign(({ context, event }) => {
      if (event.type !== 'HEARTBEAT_SENT') return {};
      const last = previous(context, event);
      const evidence = remember(context.evidence, event);
      return {
        sent: context.sent + 1,
        evidence,
        finding: finding(
          event.at,
          `${context.group}: ${event.host} sent a ${event.path} heartbeat with serial ${event.serial} after serial ${last?.serial ?? '?'} (the serial must advance on every send, FIG. 3)`,
          evidence
        )
      };
    })
  }
}).createMachine({
  id: 'heartbeatSerialMonitor',
  context: ({ input }) => ({
    group: input.group,
    last: {},
    sent: 0,
    evidence: [],
    finding: null
  }),
  initial: 'watching',
  on: {
    FAULT: { actions: 'noteEvidence' },
    HOST: { actions: 'noteEvidence' }
  },
  states: {
    watching: {
      on: {
        HEARTBEAT_SENT: [
          { guard: 'serialStuck', target: 'violated', actions: 'recordViolation' },
          { actions: 'record' }
        ]
      }
    },
    violated: {}
  }
});
