/**
 * FIG. 6 — the heartbeat sending program (101a) of the production host group's active member.
 *
 * Every `interval` it builds a heartbeat message (serial + 1, its own — possibly skewed — time,
 * the identifier) and, per the checking method, writes it to the heartbeat P-VOL (a write I/O,
 * the claims' "memory command") and/or sends it over the network. A failed or unanswered write
 * marks the mirror row of the status table and raises an alert; the network path keeps going.
 *
 * Its host carries each write out (`hb.write`): one at a time — a tick that finds the last write
 * still outstanding is an overrun, not a second write — and unanswered after `ioTimeout` means
 * failed. The host hands on only the answers that tell the chart something: every failure, and a
 * success after failures; a write that succeeds like the one before decides nothing.
 */
import { assign, emit, setup } from 'xstate';
import { encodeHeartbeat } from '../model/heartbeatMessage';
import { createRow, type StatusRow } from '../model/statusTable';
import { nowOf } from './simTime';

export interface SenderInput {
  identifier: string;
  /** Heartbeat P-VOL (device address entry of the mirror row). */
  mirrorDevice: string;
  /** Network peer (the standby host group) of the network row. */
  networkPeer: string;
  mirror: boolean;
  network: boolean;
  /** Host clock offset (skew), ms. */
  clockOffset?: number;
  interval: number;
  ioTimeout: number;
}

export interface SenderContext {
  identifier: string;
  interval: number;
  ioTimeout: number;
  serial: number;
  clockOffset: number;
  mirror: StatusRow;
  network: StatusRow;
  /** Ticks skipped because the previous mirror write had not completed. */
  overruns: number;
}

export type SenderEvent =
  | { type: 'START' }
  | { type: 'STOP' }
  | { type: 'FREEZE' }
  | { type: 'RESUME' }
  | { type: 'SET.PATHS'; mirror: boolean; network: boolean }
  | { type: 'READBACK.DONE'; serial: number | null }
  /** A heartbeat write acknowledged (handed on when the ones before had failed). */
  | { type: 'WRITE.OK'; serial: number }
  /** A heartbeat write failed, or went unanswered for `ioTimeout`. */
  | { type: 'WRITE.FAILED'; serial: number; error: string }
  /** The write of this tick was not issued: the previous one was still outstanding. */
  | { type: 'WRITE.OVERRUN'; serial: number }
  | { type: 'SKEW'; offset: number };

export type SenderEmitted =
  | { type: 'hb.readBack' }
  /** Write the heartbeat block; unanswered after `ioTimeout`, the write failed. */
  | { type: 'hb.write'; serial: number; data: string; ioTimeout: number }
  | { type: 'hb.send'; serial: number; data: string }
  | { type: 'alert'; kind: 'heartbeat-write-failed' | 'heartbeat-restored'; detail: string };

export const senderMachine = setup({
  types: {
    input: {} as SenderInput,
    context: {} as SenderContext,
    events: {} as SenderEvent,
    emitted: {} as SenderEmitted
  },
  delays: {
    interval: ({ context }) => context.interval,
    ioTimeout: ({ context }) => context.ioTimeout
  },
  guards: {
    mirrorWasFailing: ({ context }) => context.mirror.status === 'invalid',
    bothPaths: ({ context }) => context.mirror.enabled && context.network.enabled,
    mirrorPath: ({ context }) => context.mirror.enabled,
    networkPath: ({ context }) => context.network.enabled
  },
  actions: {
    requestReadBack: emit({ type: 'hb.readBack' as const }),
    adoptReadBack: assign({
      serial: ({ context, event }) =>
        event.type === 'READBACK.DONE' && event.serial !== null
          ? Math.max(context.serial, event.serial)
          : context.serial
    }),
    nextSerial: assign({ serial: ({ context }) => context.serial + 1 }),
    // One heartbeat (the serial already advanced) on each path of the checking method: the P-VOL
    // write (the memory command) and the network send, each recorded in its row of the table.
    // Plain actions on a transition chosen by which paths are on (no enqueued actions: a beat is
    // the sender's hot path); every action of a beat reads the same instant.
    writeMirror: emit(({ context, system }) => ({
      type: 'hb.write' as const,
      serial: context.serial,
      data: heartbeatOf(context, nowOf(system)),
      ioTimeout: context.ioTimeout
    })),
    sendNetwork: emit(({ context, system }) => ({
      type: 'hb.send' as const,
      serial: context.serial,
      data: heartbeatOf(context, nowOf(system))
    })),
    // The rows of the paths on record what was just sent (one assign for both).
    stampRows: assign(({ context, system }) => {
      const now = nowOf(system);
      const sent = {
        lastSerial: context.serial,
        lastTime: now + context.clockOffset,
        lastChange: now
      };
      return {
        mirror: context.mirror.enabled ? { ...context.mirror, ...sent } : context.mirror,
        network: context.network.enabled
          ? { ...context.network, ...sent, status: 'valid' as const }
          : context.network
      };
    }),
    markMirrorWritten: assign({
      mirror: ({ context }) => ({
        ...context.mirror,
        status: 'valid' as const,
        reason: undefined
      })
    }),
    markMirrorFailed: assign({
      mirror: ({ context, event }) => ({
        ...context.mirror,
        status: 'invalid' as const,
        reason: event.type === 'WRITE.FAILED' ? event.error : 'unknown'
      })
    }),
    alertWriteFailed: emit(({ context }) => ({
      type: 'alert' as const,
      kind: 'heartbeat-write-failed' as const,
      detail: `heartbeat write to ${context.mirror.device} failed: ${context.mirror.reason ?? 'unknown'}`
    })),
    alertWriteRestored: emit(({ context }) => ({
      type: 'alert' as const,
      kind: 'heartbeat-restored' as const,
      detail: `heartbeat writes to ${context.mirror.device} succeed again`
    })),
    countOverrun: assign({ overruns: ({ context }) => context.overruns + 1 }),
    setPaths: assign(({ context, event }) => {
      if (event.type !== 'SET.PATHS') return {};
      return {
        mirror: {
          ...context.mirror,
          enabled: event.mirror,
          status: event.mirror
            ? context.mirror.status === 'suspended'
              ? ('valid' as const)
              : context.mirror.status
            : ('suspended' as const)
        },
        network: {
          ...context.network,
          enabled: event.network,
          status: event.network ? ('valid' as const) : ('suspended' as const)
        }
      };
    }),
    setSkew: assign({
      clockOffset: ({ context, event }) =>
        event.type === 'SKEW' ? event.offset : context.clockOffset
    })
  }
}).createMachine({
  id: 'sender',
  context: ({ input }) => ({
    identifier: input.identifier,
    interval: input.interval,
    ioTimeout: input.ioTimeout,
    serial: 0,
    clockOffset: input.clockOffset ?? 0,
    mirror: createRow('mirror', input.mirrorDevice, 'send', input.mirror),
    network: createRow('network', input.networkPeer, 'send', input.network),
    overruns: 0
  }),
  initial: 'stopped',
  on: {
    'SET.PATHS': { actions: 'setPaths' },
    SKEW: { actions: 'setSkew' }
  },
  states: {
    stopped: {
      on: { START: 'starting' }
    },
    starting: {
      // A (new) active member continues the serial from what the P-VOL holds, so a local
      // takeover never makes the serial go backwards at the standby.
      entry: 'requestReadBack',
      on: {
        'READBACK.DONE': { target: 'on', actions: 'adoptReadBack' },
        STOP: 'stopped'
      },
      after: { ioTimeout: 'on' }
    },
    on: {
      initial: 'beating',
      on: {
        STOP: 'stopped',
        FREEZE: 'frozen'
      },
      states: {
        // Every interval one heartbeat (serial + 1) on each path of the checking method. The
        // host carries the writes out and hands on what decides: failures and recoveries, overruns.
        beating: {
          after: { interval: beat('beating') },
          on: {
            'WRITE.OK': {
              guard: 'mirrorWasFailing',
              actions: ['markMirrorWritten', 'alertWriteRestored']
            },
            'WRITE.FAILED': [
              { guard: 'mirrorWasFailing', actions: 'markMirrorFailed' },
              { actions: ['markMirrorFailed', 'alertWriteFailed'] }
            ],
            'WRITE.OVERRUN': { actions: 'countOverrun' }
          }
        },
        hist: { type: 'history', history: 'deep' }
      }
    },
    frozen: {
      // A hung host runs nothing; on resume it carries on where it stopped (timers re-armed).
      // Its interval timer is overdue by then, so the next heartbeat goes out at once.
      on: {
        RESUME: beat('on.hist'),
        STOP: 'stopped'
      }
    }
  }
});

/** The heartbeat message of this beat, at `now` on the sender's (possibly skewed) clock. */
function heartbeatOf(context: SenderContext, now: number): string {
  return encodeHeartbeat({
    serial: context.serial,
    time: now + context.clockOffset,
    identifier: context.identifier
  });
}

/**
 * One beat, then `target`: serial + 1, then a write to the P-VOL and/or a network send, per the
 * paths of the checking method (none: the serial still advances).
 */
function beat<const T extends string>(target: T) {
  // A beat in `beating` starts the interval again; one on resuming goes back where it was.
  const to = { target, reenter: target === 'beating' };
  return [
    {
      ...to,
      guard: 'bothPaths',
      actions: ['nextSerial', 'writeMirror', 'sendNetwork', 'stampRows']
    },
    { ...to, guard: 'mirrorPath', actions: ['nextSerial', 'writeMirror', 'stampRows'] },
    { ...to, guard: 'networkPath', actions: ['nextSerial', 'sendNetwork', 'stampRows'] },
    { ...to, actions: ['nextSerial'] }
  ] as const;
}
