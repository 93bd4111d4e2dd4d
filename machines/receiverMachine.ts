/**
 * FIG. 7 — the heartbeat receiving program (101b) of the standby host group's active member.
 *
 * While watching it has its host poll the heartbeat S-VOL (never a cache) together with the pair
 * status every `pollInterval` (`hb.poll`), each read answered or failed within `ioTimeout`, and it
 * takes network heartbeats as they arrive. The host hands on only the answers that tell the
 * chart something: an unchanged block with an unchanged pair state decides nothing, and a new
 * serial on a valid path may wait until just before the path would age (it then carries `at`,
 * the instant it was read). A message is valid when it decodes, its
 * identifier is the expected one and its serial advanced. Each path is a region whose state IS the
 * row status: valid → warning at 50 / 75 / 90 % of `timeout` → invalid after `timeout` without a
 * valid new serial. Only the receiver's own clock is used; the message `time` is only displayed
 * and checked for skew.
 */
import { assign, emit, enqueueActions, setup } from 'xstate';
import { decodeHeartbeat } from '../model/heartbeatMessage';
import { createRow, type PathKind, type PathStatus, type StatusRow } from '../model/statusTable';
import type { PairState } from '../model/storageTypes';
import { nowOf } from './simTime';

export interface ReceiverInput {
  identifier: string;
  /** Heartbeat S-VOL (device address entry of the mirror row). */
  mirrorDevice: string;
  /** Network peer (the production host group). */
  networkPeer: string;
  mirror: boolean;
  network: boolean;
  timeout: number;
  pollInterval: number;
  ioTimeout: number;
  /** Skew between message time and own clock above which a `clock-skew` alert is raised. */
  skewAlert?: number;
  clockOffset?: number;
}

export interface ReceiverContext {
  identifier: string;
  timeout: number;
  pollInterval: number;
  ioTimeout: number;
  skewAlert: number;
  clockOffset: number;
  mirror: StatusRow;
  network: StatusRow;
  /** Heartbeat pair state as last read from the local array (null: unknown). */
  pairState: PairState | null;
  skewed: boolean;
  /**
   * The mirror row was re-enabled: the next block read is only its baseline. The volume may
   * hold a heartbeat written long ago (before the row was disabled), which is not a fresh one.
   */
  mirrorBaselinePending: boolean;
  readFailures: number;
}

export type ReceiverEvent =
  | { type: 'START' }
  | { type: 'STOP' }
  | { type: 'FREEZE' }
  | { type: 'RESUME' }
  | { type: 'SET.PATHS'; mirror: boolean; network: boolean }
  /** A read of the heartbeat block; `at` is when it was read, when handed on later than that. */
  | { type: 'READ.DONE'; data: unknown; pairState: PairState | null; at?: number }
  | { type: 'READ.FAILED'; error: string; pairState: PairState | null }
  /**
   * A network heartbeat; `at` is when it reached this host (receiver's clock) when it is handed
   * on later than that — a refresh of a valid path may wait until just before the path would age.
   */
  | { type: 'NET.HEARTBEAT'; data: unknown; at?: number }
  | { type: 'SKEW'; offset: number }
  /** A valid new serial on `path`, received at `at` (the row's last change). */
  | { type: 'ADVANCED'; path: PathKind; at: number }
  | { type: 'ENABLE'; path: PathKind }
  | { type: 'DISABLE'; path: PathKind }
  /** The heartbeat pair is back in PAIR after a suspension: the mirror path is judged afresh. */
  | { type: 'RESUMED'; path: PathKind }
  /** Tell the decision the pair state (after the mirror row's fresh start). */
  | { type: 'PAIR.ANNOUNCE' };

export type ReceiverEmitted =
  /** Poll the heartbeat S-VOL every `interval` (each read failed after `ioTimeout`), or stop. */
  | { type: 'hb.poll'; active: true; interval: number; ioTimeout: number }
  | { type: 'hb.poll'; active: false }
  | { type: 'path.status'; path: PathKind; status: PathStatus }
  | { type: 'pair.state'; state: PairState | null }
  | {
      type: 'alert';
      kind:
        | 'heartbeat-warning'
        | 'mirror-heartbeat-lost'
        | 'network-heartbeat-lost'
        | 'heartbeat-restored'
        | 'pair-suspended'
        | 'clock-skew';
      detail: string;
    };

type PathParams = { path: PathKind };

/** A heartbeat pair state in which the S-VOL is not kept up to date. */
function isOutOfPair(state: PairState | null): boolean {
  return state === 'PSUE' || state === 'PSUS' || state === 'COPY' || state === 'SSWS';
}

function messageOf(event: ReceiverEvent) {
  if (event.type === 'READ.DONE' || event.type === 'NET.HEARTBEAT') {
    return decodeHeartbeat(event.data);
  }
  return null;
}

function pathOf(event: ReceiverEvent): PathKind {
  return event.type === 'NET.HEARTBEAT' ? 'network' : 'mirror';
}

export const receiverMachine = setup({
  types: {
    input: {} as ReceiverInput,
    context: {} as ReceiverContext,
    events: {} as ReceiverEvent,
    emitted: {} as ReceiverEmitted
  },
  delays: {
    // Warnings at 50, 75 and 90 % of the timeout, invalid at 100 %; a path is valid from the
    // instant its last new serial arrived, even when that serial was handed on later.
    untilWarn50: ({ context, event, system }) =>
      event.type === 'ADVANCED'
        ? Math.max(0, event.at + context.timeout * 0.5 - nowOf(system))
        : context.timeout * 0.5,
    untilWarn75: ({ context }) => context.timeout * 0.25,
    untilWarn90: ({ context }) => context.timeout * 0.15,
    untilInvalid: ({ context }) => context.timeout * 0.1
  },
  guards: {
    pathEnabled: ({ context }, params: PathParams) => context[params.path].enabled,
    forPath: ({ event }, params: PathParams) =>
      'path' in event && (event as { path: PathKind }).path === params.path,
    isNewSerial: ({ context, event }) => {
      const msg = messageOf(event);
      if (!msg || msg.identifier !== context.identifier) return false;
      const path = pathOf(event);
      const row = context[path];
      if (!row.enabled || row.lastSerial === null) return row.enabled;
      // Every network message is a fresh send: a serial that went back is a restarted sender
      // that could not read its count back (mirror not installed), alive all the same. The
      // mirror block is re-read every poll, so there only an advance is news.
      return path === 'network' ? msg.serial !== row.lastSerial : msg.serial > row.lastSerial;
    },
    baselinePending: ({ context }) => context.mirrorBaselinePending,
    pairStateChanged: ({ context, event }) =>
      (event.type === 'READ.DONE' || event.type === 'READ.FAILED') &&
      event.pairState !== context.pairState,
    isForeign: ({ context, event }) => {
      const msg = messageOf(event);
      const data = (event as { data?: unknown }).data;
      if (data === undefined || data === null) return false;
      return msg === null || msg.identifier !== context.identifier;
    }
  },
  actions: {
    startPolling: emit(({ context }) => ({
      type: 'hb.poll' as const,
      active: true as const,
      interval: context.pollInterval,
      ioTimeout: context.ioTimeout
    })),
    stopPolling: emit({ type: 'hb.poll' as const, active: false as const }),
    countReadFailure: assign({
      readFailures: ({ context }) => context.readFailures + 1,
      mirror: ({ context, event }) =>
        event.type === 'READ.FAILED'
          ? { ...context.mirror, reason: `read failed: ${event.error}` }
          : context.mirror
    }),
    acceptMessage: enqueueActions(({ context, event, system, enqueue }) => {
      const msg = messageOf(event);
      if (!msg) return;
      const path = pathOf(event);
      const now =
        (event.type === 'NET.HEARTBEAT' || event.type === 'READ.DONE') && event.at !== undefined
          ? event.at
          : nowOf(system);
      enqueue.assign({
        [path]: {
          ...context[path],
          lastSerial: msg.serial,
          lastTime: msg.time,
          lastChange: now,
          reason: undefined
        }
      } as Partial<ReceiverContext>);
      enqueue.raise({ type: 'ADVANCED', path, at: now });
      const skew = msg.time - (now + context.clockOffset);
      if (Math.abs(skew) > context.skewAlert && !context.skewed) {
        enqueue.assign({ skewed: true });
        enqueue.emit({
          type: 'alert',
          kind: 'clock-skew',
          detail: `${path} heartbeat time differs from the standby clock by ${Math.round(skew)} ms (detection uses serials only)`
        });
      } else if (Math.abs(skew) <= context.skewAlert && context.skewed) {
        enqueue.assign({ skewed: false });
      }
    }),
    noteForeign: assign(({ context, event }) => {
      const path = pathOf(event);
      return {
        [path]: { ...context[path], reason: 'not the expected heartbeat (identifier or format)' }
      } as Partial<ReceiverContext>;
    }),
    notePairState: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'READ.DONE' && event.type !== 'READ.FAILED') return;
      if (event.pairState === context.pairState) return;
      enqueue.assign({ pairState: event.pairState });
      if (event.pairState === 'PAIR' && isOutOfPair(context.pairState)) {
        // Resynchronised: while suspended the mirror path could carry nothing, so its silence
        // then is no evidence. Its row starts afresh (a whole timeout to show a new serial)
        // before the decision hears the pair is PAIR again.
        enqueue.raise({ type: 'RESUMED', path: 'mirror' });
        enqueue.raise({ type: 'PAIR.ANNOUNCE' });
        return;
      }
      enqueue.emit({ type: 'pair.state', state: event.pairState });
      if (event.pairState === 'PSUE' || event.pairState === 'PSUS') {
        enqueue.emit({
          type: 'alert',
          kind: 'pair-suspended',
          detail: `heartbeat pair of ${context.mirror.device} is ${event.pairState}`
        });
      }
    }),
    announcePairState: emit(({ context }) => ({
      type: 'pair.state' as const,
      state: context.pairState
    })),
    setStatus: enqueueActions(
      (
        { context, enqueue, system },
        params: { path: PathKind; status: PathStatus; pct?: number }
      ) => {
        const row = context[params.path];
        if (row.status === params.status && row.warning === params.pct) return;
        const wasInvalid = row.status === 'invalid';
        enqueue.assign({
          [params.path]: { ...row, status: params.status, warning: params.pct }
        } as Partial<ReceiverContext>);
        const label = params.path === 'mirror' ? 'mirror' : 'network';
        const since = row.lastChange === null ? 'start' : `${nowOf(system) - row.lastChange} ms`;
        if (params.status === 'warning') {
          enqueue.emit({
            type: 'alert',
            kind: 'heartbeat-warning',
            detail: `${label} heartbeat from ${row.device}: no new serial for ${params.pct}% of the timeout (last serial ${row.lastSerial ?? 'none'}, ${since})`
          });
        } else if (params.status === 'invalid') {
          enqueue.emit({
            type: 'alert',
            kind: params.path === 'mirror' ? 'mirror-heartbeat-lost' : 'network-heartbeat-lost',
            detail: `${label} heartbeat from ${row.device} invalid: no new serial for ${context.timeout} ms (last serial ${row.lastSerial ?? 'none'}${row.reason ? `; ${row.reason}` : ''})`
          });
        } else if (params.status === 'valid' && wasInvalid) {
          enqueue.emit({
            type: 'alert',
            kind: 'heartbeat-restored',
            detail: `${label} heartbeat from ${row.device} valid again (serial ${row.lastSerial})`
          });
        }
        // After the alert, so the decision's verdict follows the evidence in the log.
        if (row.status !== params.status) {
          enqueue.emit({ type: 'path.status', path: params.path, status: params.status });
        }
      }
    ),
    rebaseline: assign(({ context, system }, params: PathParams) => {
      const row = context[params.path];
      return { [params.path]: { ...row, lastChange: nowOf(system) } } as Partial<ReceiverContext>;
    }),
    setPaths: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'SET.PATHS') return;
      for (const path of ['mirror', 'network'] as const) {
        const want = event[path];
        if (context[path].enabled === want) continue;
        enqueue.assign({ [path]: { ...context[path], enabled: want } } as Partial<ReceiverContext>);
        if (path === 'mirror') enqueue.assign({ mirrorBaselinePending: want });
        enqueue.raise({ type: want ? 'ENABLE' : 'DISABLE', path });
      }
    }),
    adoptBaseline: assign(({ context, event }) => {
      const msg = messageOf(event);
      const row = context.mirror;
      const serial =
        msg && msg.identifier === context.identifier
          ? Math.max(row.lastSerial ?? msg.serial, msg.serial)
          : row.lastSerial;
      return { mirrorBaselinePending: false, mirror: { ...row, lastSerial: serial } };
    }),
    setSkew: assign({
      clockOffset: ({ context, event }) =>
        event.type === 'SKEW' ? event.offset : context.clockOffset
    })
  }
}).createMachine({
  id: 'receiver',
  context: ({ input }) => ({
    identifier: input.identifier,
    timeout: input.timeout,
    pollInterval: input.pollInterval,
    ioTimeout: input.ioTimeout,
    skewAlert: input.skewAlert ?? 2000,
    clockOffset: input.clockOffset ?? 0,
    mirror: createRow('mirror', input.mirrorDevice, 'receive', input.mirror),
    network: createRow('network', input.networkPeer, 'receive', input.network),
    pairState: null,
    skewed: false,
    mirrorBaselinePending: false,
    readFailures: 0
  }),
  initial: 'stopped',
  on: {
    'SET.PATHS': { actions: 'setPaths' },
    SKEW: { actions: 'setSkew' },
    'PAIR.ANNOUNCE': { actions: 'announcePairState' }
  },
  states: {
    stopped: { on: { START: 'on' } },
    on: {
      initial: 'watching',
      on: { STOP: 'stopped', FREEZE: 'frozen' },
      states: {
        watching: {
          type: 'parallel',
          entry: 'startPolling',
          exit: 'stopPolling',
          on: {
            'NET.HEARTBEAT': [
              { guard: 'isNewSerial', actions: 'acceptMessage' },
              { guard: 'isForeign', actions: 'noteForeign' }
            ],
            'READ.DONE': [
              { guard: 'baselinePending', actions: ['notePairState', 'adoptBaseline'] },
              { guard: 'isNewSerial', actions: ['notePairState', 'acceptMessage'] },
              { guard: 'isForeign', actions: ['notePairState', 'noteForeign'] },
              // The same block again: only a pair state change is news.
              { guard: 'pairStateChanged', actions: 'notePairState' }
            ],
            // A read the array failed, or left unanswered (then the pair state is unknown too:
            // keeping the last PAIR would read a partition as death).
            'READ.FAILED': { actions: ['notePairState', 'countReadFailure'] }
          },
          states: {
            mirror: pathRegion('mirror'),
            network: pathRegion('network')
          }
        },
        hist: { type: 'history', history: 'deep' }
      }
    },
    frozen: { on: { RESUME: 'on.hist', STOP: 'stopped' } }
  }
});

/** The status statechart of one path: the row's status is the region's state. */
function pathRegion(path: PathKind) {
  const p = { path } as const;
  const advanced = { type: 'forPath', params: p } as const;
  /** Judged afresh from now (the pair was resynchronised): a whole timeout again. */
  const resumed = {
    guard: advanced,
    target: 'valid' as const,
    reenter: true,
    actions: { type: 'rebaseline', params: p } as const
  };
  return {
    initial: 'start' as const,
    states: {
      start: {
        always: [
          { guard: { type: 'pathEnabled', params: p } as const, target: 'valid' },
          { target: 'suspended' }
        ]
      },
      suspended: {
        entry: { type: 'setStatus', params: { path, status: 'suspended' } } as const,
        on: {
          ENABLE: {
            guard: advanced,
            target: 'valid',
            actions: { type: 'rebaseline', params: p } as const
          }
        }
      },
      valid: {
        // The host asks by tag whether a path is valid (cheaper than matching the state value).
        tags: [`${path}-valid` as const],
        entry: { type: 'setStatus', params: { path, status: 'valid' } } as const,
        on: {
          ADVANCED: { guard: advanced, target: 'valid', reenter: true },
          RESUMED: resumed,
          DISABLE: { guard: advanced, target: 'suspended' }
        },
        after: { untilWarn50: 'warn50' }
      },
      warn50: {
        entry: { type: 'setStatus', params: { path, status: 'warning', pct: 50 } } as const,
        on: {
          ADVANCED: { guard: advanced, target: 'valid' },
          RESUMED: resumed,
          DISABLE: { guard: advanced, target: 'suspended' }
        },
        after: { untilWarn75: 'warn75' }
      },
      warn75: {
        entry: { type: 'setStatus', params: { path, status: 'warning', pct: 75 } } as const,
        on: {
          ADVANCED: { guard: advanced, target: 'valid' },
          RESUMED: resumed,
          DISABLE: { guard: advanced, target: 'suspended' }
        },
        after: { untilWarn90: 'warn90' }
      },
      warn90: {
        entry: { type: 'setStatus', params: { path, status: 'warning', pct: 90 } } as const,
        on: {
          ADVANCED: { guard: advanced, target: 'valid' },
          RESUMED: resumed,
          DISABLE: { guard: advanced, target: 'suspended' }
        },
        after: { untilInvalid: 'invalid' }
      },
      invalid: {
        entry: { type: 'setStatus', params: { path, status: 'invalid' } } as const,
        on: {
          ADVANCED: { guard: advanced, target: 'valid' },
          RESUMED: resumed,
          DISABLE: { guard: advanced, target: 'suspended' }
        }
      }
    }
  };
}
