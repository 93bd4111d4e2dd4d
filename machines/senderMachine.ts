/**
 * FIG. 6 — the heartbeat sending program (101a) of the production host group's active member.
 *
 * Every `interval` it builds a heartbeat message (serial + 1, its own — possibly skewed — time,
 * the identifier) and, per the checking method, writes it to the heartbeat P-VOL (a write I/O,
 * the claims' "memory command") and/or sends it over the network. A failed or unanswered write
 * marks the mirror row of the status table and raises an alert; the network path keeps going.
 */
import { assign, emit, raise, setup } from 'xstate';
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
  | { type: 'WRITE.OK'; serial: number }
  | { type: 'WRITE.FAILED'; serial: number; error: string }
  | { type: 'SKEW'; offset: number }
  | { type: 'TICK' };

export type SenderEmitted =
  | { type: 'hb.readBack' }
  | { type: 'hb.write'; serial: number; data: string }
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
    mirrorEnabled: ({ context }) => context.mirror.enabled,
    networkEnabled: ({ context }) => context.network.enabled,
    mirrorWasFailing: ({ context }) => context.mirror.status === 'invalid'
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
    raiseTick: raise({ type: 'TICK' as const }),
    writeMirror: emit(({ context, system }) => ({
      type: 'hb.write' as const,
      serial: context.serial,
      data: encodeHeartbeat({
        serial: context.serial,
        time: nowOf(system) + context.clockOffset,
        identifier: context.identifier
      })
    })),
    sendNetwork: emit(({ context, system }) => ({
      type: 'hb.send' as const,
      serial: context.serial,
      data: encodeHeartbeat({
        serial: context.serial,
        time: nowOf(system) + context.clockOffset,
        identifier: context.identifier
      })
    })),
    recordNetworkSent: assign({
      network: ({ context, system }) => ({
        ...context.network,
        lastSerial: context.serial,
        lastTime: nowOf(system) + context.clockOffset,
        lastChange: nowOf(system),
        status: 'valid' as const
      })
    }),
    markMirrorWritten: assign({
      mirror: ({ context, system }) => ({
        ...context.mirror,
        lastSerial: context.serial,
        lastTime: nowOf(system) + context.clockOffset,
        lastChange: nowOf(system),
        status: 'valid' as const,
        reason: undefined
      })
    }),
    markMirrorFailed: assign({
      mirror: ({ context, event }) => ({
        ...context.mirror,
        status: 'invalid' as const,
        reason: event.type === 'WRITE.FAILED' ? event.error : 'write unanswered (I/O timeout)'
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
      initial: 'active',
      on: {
        STOP: 'stopped',
        FREEZE: 'frozen'
      },
      states: {
        active: {
          type: 'parallel',
          states: {
            clock: {
              initial: 'waiting',
              states: {
                waiting: {
                  after: {
                    interval: {
                      target: 'waiting',
                      reenter: true,
                      actions: ['nextSerial', 'raiseTick']
                    }
                  }
                }
              }
            },
            mirror: {
              initial: 'idle',
              states: {
                idle: {
                  on: {
                    TICK: { guard: 'mirrorEnabled', target: 'writing', actions: 'writeMirror' }
                  }
                },
                writing: {
                  on: {
                    TICK: { actions: 'countOverrun' },
                    'WRITE.OK': [
                      {
                        guard: 'mirrorWasFailing',
                        target: 'idle',
                        actions: ['markMirrorWritten', 'alertWriteRestored']
                      },
                      { target: 'idle', actions: 'markMirrorWritten' }
                    ],
                    'WRITE.FAILED': [
                      { guard: 'mirrorWasFailing', target: 'idle', actions: 'markMirrorFailed' },
                      { target: 'idle', actions: ['markMirrorFailed', 'alertWriteFailed'] }
                    ]
                  },
                  after: {
                    ioTimeout: [
                      { guard: 'mirrorWasFailing', target: 'idle', actions: 'markMirrorFailed' },
                      { target: 'idle', actions: ['markMirrorFailed', 'alertWriteFailed'] }
                    ]
                  }
                }
              }
            },
            network: {
              initial: 'idle',
              states: {
                idle: {
                  on: {
                    TICK: { guard: 'networkEnabled', actions: ['sendNetwork', 'recordNetworkSent'] }
                  }
                }
              }
            }
          }
        },
        hist: { type: 'history', history: 'deep' }
      }
    },
    frozen: {
      // A hung host runs nothing; on resume it carries on where it stopped (timers re-armed).
      // Its interval timer is overdue by then, so the next heartbeat goes out at once.
      on: {
        RESUME: { target: 'on.hist', actions: ['nextSerial', 'raiseTick'] },
        STOP: 'stopped'
      }
    }
  }
});
