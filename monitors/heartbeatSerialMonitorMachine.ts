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

/**
 * The last heartbeat sent, per `<host>/<path>`: its sender run and serial (the monitor's ledger,
 * mutable: the monitor hub may record the heartbeats in it itself and send the statechart only
 * the ones whose serial is stuck).
 */
export type SerialLedger = Map<string, { run: number; serial: number }>;

export interface HeartbeatSerialMonitorInput {
  group: string;
  /** The ledger, when the hub keeps it; by default the monitor's own. */
  ledger?: SerialLedger;
}

export interface HeartbeatSerialMonitorContext extends MonitorContextBase {
  last: SerialLedger;
}

type Sent = Extract<MonitorEvent, { type: 'HEARTBEAT_SENT' }>;

const keyOf = (host: string, path: PathKind) => `${host}/${path}`;

/** The previous heartbeat of the same sender run on the same path, if any. */
function previous(ledger: SerialLedger, e: Sent) {
  const last = ledger.get(keyOf(e.host, e.path));
  return last && last.run === e.run ? last : undefined;
}

/** Is the serial of `e` stuck: not past the previous one of its sender run on its path? */
export function serialStuck(ledger: SerialLedger, e: Sent): boolean {
  const last = previous(ledger, e);
  return last !== undefined && e.serial <= last.serial;
}

/** Record `e` as the last heartbeat of its sender on its path. */
export function recordSerial(ledger: SerialLedger, e: Sent): void {
  ledger.set(keyOf(e.host, e.path), { run: e.run, serial: e.serial });
}

export const heartbeatSerialMonitorMachine = setup({
  types: {
    input: {} as HeartbeatSerialMonitorInput,
    context: {} as HeartbeatSerialMonitorContext,
    events: {} as MonitorEvent
  },
  guards: {
    /** The heartbeat's serial did not advance past the sender run's previous one on that path. */
    serialStuck: ({ context, event }) =>
      event.type === 'HEARTBEAT_SENT' && serialStuck(context.last, event)
  },
  actions: {
    /** The ledger is mutable: the heartbeat is recorded in place. */
    record: assign(({ context, event }) => {
      if (event.type === 'HEARTBEAT_SENT') recordSerial(context.last, event);
      return {};
    }),
    noteEvidence: assign({ evidence: ({ context, event }) => remember(context.evidence, event) }),
    recordViolation: assign(({ context, event }) => {
      if (event.type !== 'HEARTBEAT_SENT') return {};
      const last = previous(context.last, event);
      const evidence = remember(context.evidence, event);
      return {
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
    last: input.ledger ?? new Map(),
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
