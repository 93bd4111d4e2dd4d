/**
 * What this host's group does at its site for one application group, as this host alone knows
 * it: serving (production's normal role, the standby's after a failover), monitoring (the
 * standby's normal role) or idle — and why: fenced at the standby's request, self-fenced, stood
 * down because the other site took the data volume over, the quorum lease lost, or handed over
 * for a failback. It replaces any record shared by the two sites: each site's role changes only
 * on what reaches this host (a message, an answer of its own array, one of its own programs).
 *
 * On start it asks its own array whose the data volume is (`role.probe`, pairvolchk): a host
 * that boots after the other site took over stands down (production) or serves (standby).
 * Production's side of the failover protocol lives here: a fence is obeyed and acknowledged, an
 * unfence releases only a fence, a self-fence is released only by the self-fence program, a
 * failed application asks the standby to take over only while serving. The standby's side: a
 * self-fenced production asking to rejoin is answered from what this host is doing (watching:
 * yes; declared, taking over or serving: no).
 *
 * @example
 * ```ts
 * const role = createActor(roleMachine, {
 *   input: { group: 'app', site: 'production', restarted: false, probeRetry: 1000 }
 * });
 * role.on('role.serve', () => startSenderAndApp());
 * role.start();
 * role.send({ type: 'START' });                          // emits role.probe
 * role.send({ type: 'PROBE.ANSWER', owner: 'this-site' }); // → serving
 * role.send({ type: 'FENCE', from: 'standby-1' });        // → idle.fenced, emits fence.ack
 * ```
 */
import { assign, emit, enqueueActions, setup } from 'xstate';
import type { SiteId } from '../model/storageTypes';

/** Input of {@link roleMachine}. */
export interface RoleInput {
  group: string;
  site: SiteId;
  /** This host has crashed and restarted since the run began. */
  restarted: boolean;
  /** How long a standby whose array did not answer the probe waits before asking again. */
  probeRetry: number;
}

/** Context of {@link roleMachine}. */
export interface RoleContext extends RoleInput {
  /** Why the host last stopped serving (empty while it serves). */
  reason: string;
}

/** Whose the data volume is, as this host's own array answered (or `unknown`: no answer). */
export type VolumeOwner = 'this-site' | 'other-site' | 'unknown';

/** Events of {@link roleMachine}. */
export type RoleEvent =
  /** The host wired the role's outputs: begin (ask the array whose the data volume is). */
  | { type: 'START' }
  | { type: 'PROBE.ANSWER'; owner: VolumeOwner; detail?: string }
  /** The standby asks production to fence itself. */
  | { type: 'FENCE'; from: string }
  /** The standby's failover did not happen. */
  | { type: 'UNFENCE'; from: string }
  /** This host's self-fence program cut it off from the standby. */
  | { type: 'SELF.FENCE'; reason: string }
  /** The self-fence program heard the standby again and it did not take over. */
  | { type: 'SELF.UNFENCE' }
  /** The application found the data volume taken over by the other site. */
  | { type: 'STAND.DOWN'; detail: string }
  /** The third-site tiebreaker gave the lease to the other site. */
  | { type: 'LEASE.LOST'; holder: string }
  /** The application failed at this host. */
  | { type: 'APP.FAILED'; detail: string }
  /** The application stopped by itself (its data volume is no longer writable here). */
  | { type: 'APP.STOPPED'; reason: string }
  /** Standby: the failure decision declared production failed. */
  | { type: 'DECLARED' }
  /** Standby: the failover starts the application here. */
  | { type: 'TAKE.OVER' }
  /** Standby: the failover gave up; the decision judges again. */
  | { type: 'FAILOVER.RETRY' }
  /** Standby: a self-fenced production asks whether it may serve again. */
  | { type: 'REJOIN.REQUEST'; from: string }
  /** Failback, standby: the application is stopped to hand it back. */
  | { type: 'HAND.OVER' }
  /** Failback, standby: the switch back was refused, the application runs here again. */
  | { type: 'HAND.BACK' }
  /** Failback, standby: production serves again; back to monitoring with fresh programs. */
  | { type: 'MONITOR' }
  /** Failback, production: the data volume is ours again; serve. */
  | { type: 'SERVE' };

/** What {@link roleMachine} asks of the host. */
export type RoleEmitted =
  /** Ask the own array whose the data volume is. */
  | { type: 'role.probe' }
  /** Start what serving runs at this site (sender, application; reverse watch). */
  | { type: 'role.serve' }
  /** Start what monitoring runs (receiver, decision, failover; reverse sender). */
  | { type: 'role.monitor'; restarted: boolean }
  /**
   * Stop serving: stop the application and the heartbeat, cancel a takeover request. `keepWatch`:
   * self-fenced, so the watch over the standby goes on (it decides when to ask to rejoin).
   */
  | { type: 'role.stop'; reason: string; keepWatch: boolean }
  | { type: 'fence.ack'; to: string }
  /** Standby: serving a volume it took over before a restart, it fences production again. */
  | { type: 'fence.reassert' }
  | { type: 'unfence.send' }
  | { type: 'takeover.request'; reason: string }
  | { type: 'rejoin.answer'; to: string; ok: boolean }
  | { type: 'note'; text: string }
  | {
      type: 'alert';
      kind: 'self-fenced' | 'takeover-requested';
      detail: string;
    };

/** The per-site role statechart of one host for one application group. */
export const roleMachine = setup({
  types: {
    input: {} as RoleInput,
    context: {} as RoleContext,
    events: {} as RoleEvent,
    emitted: {} as RoleEmitted
  },
  delays: {
    probeRetry: ({ context }) => context.probeRetry
  },
  guards: {
    atProduction: ({ context }) => context.site === 'production',
    atStandby: ({ context }) => context.site === 'standby',
    ours: ({ event }) => event.type === 'PROBE.ANSWER' && event.owner === 'this-site',
    theirs: ({ event }) => event.type === 'PROBE.ANSWER' && event.owner === 'other-site',
    unknown: ({ event }) => event.type === 'PROBE.ANSWER' && event.owner === 'unknown',
    unknownAtStandby: ({ context, event }) =>
      context.site === 'standby' && event.type === 'PROBE.ANSWER' && event.owner === 'unknown'
  },
  actions: {
    probe: emit({ type: 'role.probe' as const }),
    reassertFence: enqueueActions(({ context, enqueue }) => {
      if (context.site === 'standby') enqueue.emit({ type: 'fence.reassert' as const });
    }),
    serve: emit({ type: 'role.serve' as const }),
    monitor: emit(({ context }) => ({
      type: 'role.monitor' as const,
      restarted: context.restarted
    })),
    voidOldFence: enqueueActions(({ context, enqueue }) => {
      // A restarted standby member has no failover in progress: whatever fence it asked of
      // production before it crashed is void (production ignores this unless so fenced).
      if (!context.restarted) return;
      enqueue.emit({ type: 'unfence.send' });
      enqueue.assign({ restarted: false });
    }),
    clearReason: assign({ reason: '' }),
    stopServing: enqueueActions(({ event, enqueue }) => {
      const reason =
        event.type === 'FENCE'
          ? `fenced at the request of ${event.from}`
          : event.type === 'SELF.FENCE'
            ? `self-fenced: ${event.reason}`
            : event.type === 'STAND.DOWN'
              ? event.detail
              : event.type === 'LEASE.LOST'
                ? 'lost the quorum lease'
                : event.type === 'HAND.OVER'
                  ? 'failback: planned switch back'
                  : event.type === 'PROBE.ANSWER'
                    ? (event.detail ?? 'the data volume belongs to the other site')
                    : event.type === 'APP.STOPPED'
                      ? `the application stopped: ${event.reason}`
                      : 'stopped';
      enqueue.assign({ reason });
      enqueue.emit({ type: 'role.stop', reason, keepWatch: event.type === 'SELF.FENCE' });
    }),
    ackFence: emit(({ event }) => ({
      type: 'fence.ack' as const,
      to: event.type === 'FENCE' ? event.from : ''
    })),
    alertLeaseLost: emit(({ context, event }) => ({
      type: 'alert' as const,
      kind: 'self-fenced' as const,
      detail: `${context.group}: quorum lease held by ${event.type === 'LEASE.LOST' ? event.holder : '?'}; stopping the application`
    })),
    askTakeover: enqueueActions(({ event, enqueue }) => {
      if (event.type !== 'APP.FAILED') return;
      enqueue.emit({
        type: 'alert',
        kind: 'takeover-requested',
        detail: `${event.detail}; asking the standby group to take over`
      });
      enqueue.emit({ type: 'takeover.request', reason: event.detail });
    }),
    askTakeoverSilentArray: enqueueActions(({ context, enqueue }) => {
      const detail = `${context.group} at production: its array does not answer (restarted host)`;
      enqueue.emit({
        type: 'alert',
        kind: 'takeover-requested',
        detail: `${detail}; asking the standby group to take over`
      });
      enqueue.emit({ type: 'takeover.request', reason: detail });
    }),
    noteReleased: emit(({ event }) => ({
      type: 'note' as const,
      text: `released from the fence by ${event.type === 'UNFENCE' ? event.from : '?'}: resumes serving`
    })),
    noteRejoined: emit({
      type: 'note' as const,
      text: 'the standby did not take over: resumes serving'
    }),
    noteAlreadyIdle: emit({
      type: 'note' as const,
      text: 'cut off from the standby, already not serving'
    }),
    rejoinYes: emit(({ event }) => ({
      type: 'rejoin.answer' as const,
      to: event.type === 'REJOIN.REQUEST' ? event.from : '',
      ok: true
    })),
    rejoinNo: emit(({ event }) => ({
      type: 'rejoin.answer' as const,
      to: event.type === 'REJOIN.REQUEST' ? event.from : '',
      ok: false
    }))
  }
}).createMachine({
  id: 'role',
  context: ({ input }) => ({ ...input, reason: '' }),
  initial: 'off',
  states: {
    off: { on: { START: 'probing' } },
    probing: {
      initial: 'asking',
      states: {
        asking: { entry: 'probe' },
        // A host that cannot tell whose the volume is (its array is silent) neither serves nor
        // watches: it asks again until its array answers.
        waiting: { after: { probeRetry: 'asking' } }
      },
      on: {
        // The standby asks for a fence before this host knows whose the volume is: obey.
        FENCE: { target: 'idle.fenced', actions: ['stopServing', 'ackFence'] },
        'PROBE.ANSWER': [
          { guard: 'ours', target: 'serving', actions: 'reassertFence' },
          { guard: 'unknownAtStandby', target: '.waiting' },
          // Production's array is silent: it cannot serve, nor tell whether the standby took the
          // volume over while it was down. It asks the standby to take over and asks its array
          // again (it serves only on an answer that the volume is its own).
          { guard: 'unknown', target: '.waiting', actions: 'askTakeoverSilentArray' },
          // The standby watches unless the volume is its own (it took it over before a crash).
          { guard: 'atStandby', target: 'monitoring' },
          { guard: 'theirs', target: 'idle.stoodDown', actions: 'stopServing' },
          { target: 'serving' }
        ]
      }
    },
    serving: {
      entry: ['clearReason', 'serve'],
      on: {
        // Failback at production: serve again with fresh programs.
        SERVE: { target: 'serving', reenter: true },
        'APP.STOPPED': { target: 'idle.stoodDown', actions: 'stopServing' },
        FENCE: { target: 'idle.fenced', actions: ['stopServing', 'ackFence'] },
        'SELF.FENCE': { target: 'idle.selfFenced', actions: 'stopServing' },
        'STAND.DOWN': { target: 'idle.stoodDown', actions: 'stopServing' },
        'LEASE.LOST': { target: 'idle.leaseLost', actions: ['alertLeaseLost', 'stopServing'] },
        'APP.FAILED': { guard: 'atProduction', actions: 'askTakeover' },
        'REJOIN.REQUEST': { actions: 'rejoinNo' },
        'HAND.OVER': { target: 'idle.handedOver', actions: 'stopServing' }
      }
    },
    monitoring: {
      entry: ['monitor', 'voidOldFence'],
      initial: 'watching',
      on: {
        'TAKE.OVER': '#role.serving',
        'STAND.DOWN': { target: '#role.idle.stoodDown', actions: 'stopServing' }
      },
      states: {
        watching: {
          on: {
            DECLARED: 'declared',
            'REJOIN.REQUEST': { actions: 'rejoinYes' }
          }
        },
        declared: {
          on: {
            'FAILOVER.RETRY': 'watching',
            'REJOIN.REQUEST': { actions: 'rejoinNo' }
          }
        }
      }
    },
    idle: {
      initial: 'stoodDown',
      on: {
        // Already stopped: acknowledge again so the standby stops asking.
        FENCE: { actions: 'ackFence' },
        'SELF.FENCE': { actions: 'noteAlreadyIdle' },
        'REJOIN.REQUEST': { actions: 'rejoinNo' },
        SERVE: '#role.serving'
      },
      states: {
        fenced: {
          on: { UNFENCE: { target: '#role.serving', actions: 'noteReleased' } }
        },
        selfFenced: {
          on: { 'SELF.UNFENCE': { target: '#role.serving', actions: 'noteRejoined' } }
        },
        stoodDown: {},
        leaseLost: {},
        handedOver: {
          on: { 'HAND.BACK': '#role.serving', MONITOR: '#role.monitoring' }
        }
      }
    }
  }
});
