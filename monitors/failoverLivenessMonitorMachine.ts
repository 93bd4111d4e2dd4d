/**
 * Invariant monitor: **a real production failure leads to failover or an operator alert within
 * the bound** (SPEC §3) — a liveness property, checked P-language style with a *hot* state.
 *
 * The monitor follows the group's hosts and the production array on its own. When production can
 * no longer serve (no production host up, or the production array failed) while the standby can
 * still watch (a standby host and the standby array up), it enters the hot state `failing`. It leaves it when the
 * standby reacts — production declared failed, or `operator-decision-required` — or when the
 * failure goes away first (a host resumes or recovers: nothing had to happen). Still hot after the
 * bound (monitors/livenessBound.ts, plus the allowance of any degradation seen) is a violation.
 * A standby host lost while hot starts the bound again (its local successor watches afresh).
 * After a declaration the group is handed over until a failback completes; after an operator
 * alert it waits until a heartbeat path is valid again (production is seen alive: a new failure
 * starts a new obligation). Only watches.
 */
import { assign, setup } from 'xstate';
import { at, finding, remember } from './monitorSupport';
import { degradeAllowance } from './livenessBound';
import type { HostCondition } from '../model/observation';
import type { FaultEntry } from '../model/scenario';
import type { MonitorContextBase, MonitorEvent } from './monitorEvents';

export interface FailoverLivenessMonitorInput {
  group: string;
  productionHosts: string[];
  standbyHosts: string[];
  /** The bound of the configuration (monitors/livenessBound.ts), ms. */
  bound: number;
  /** What an operator's method change adds while hot (monitors/livenessBound.ts), ms. */
  methodChange?: number;
}

export interface FailoverLivenessMonitorContext extends MonitorContextBase {
  productionHosts: string[];
  standbyHosts: string[];
  bound: number;
  methodChange: number;
  hosts: Record<string, HostCondition>;
  productionArrayUp: boolean;
  standbyArrayUp: boolean;
  /** Largest extra delay a degradation seen so far may add, ms. */
  allowance: number;
  /** When the current hot period began, and its bound. */
  hotSince: number | null;
  hotBound: number;
  /** Reactions seen (declarations and operator alerts). */
  reactions: number;
  /** Time of the last observation that may start a hot period. */
  lastAt: number;
}

const isUp = (context: FailoverLivenessMonitorContext, host: string) =>
  (context.hosts[host] ?? 'up') === 'up';

/** Production can no longer serve: no production host up, or the production array failed. */
function productionDown(context: FailoverLivenessMonitorContext): boolean {
  return !context.productionArrayUp || !context.productionHosts.some((h) => isUp(context, h));
}

/**
 * The standby can watch both paths and react: one of its hosts is up and its array is up (a
 * failed standby array hides the mirror heartbeat; what it held when it failed is read as new
 * when it returns, so the bound starts again then).
 */
function standbyAble(context: FailoverLivenessMonitorContext): boolean {
  return context.standbyArrayUp && context.standbyHosts.some((h) => isUp(context, h));
}

/** What a fault or operator action adds to the bound: a degradation, or a method change. */
function faultAllowance(context: FailoverLivenessMonitorContext, fault: FaultEntry): number {
  return fault.action === 'set-method' ? context.methodChange : degradeAllowance(fault);
}

export const failoverLivenessMonitorMachine = setup({
  types: {
    input: {} as FailoverLivenessMonitorInput,
    context: {} as FailoverLivenessMonitorContext,
    events: {} as MonitorEvent
  },
  delays: {
    /** How long the monitor may stay hot: the rest of the bound from the last observation. */
    livenessBound: ({ context }) =>
      Math.max(0, (context.hotSince ?? context.lastAt) + context.hotBound - context.lastAt)
  },
  guards: {
    /** A degradation seen while hot that allows more time than the bound in force. */
    widensBound: ({ context, event }) =>
      event.type === 'FAULT' &&
      context.bound + Math.max(context.allowance, faultAllowance(context, event.fault)) >
        context.hotBound,
    /**
     * The heartbeat pair back in PAIR while hot (a resync, by the operator or the cluster): the
     * standby judges its mirror path afresh from then (a whole timeout), which may end later than
     * the bound in force.
     */
    heartbeatPairBackLater: ({ context, event }) =>
      event.type === 'PAIR' &&
      event.pair === 'heartbeat' &&
      event.to === 'PAIR' &&
      context.hotSince !== null &&
      event.at - context.hotSince + context.bound + context.allowance > context.hotBound,
    failureToReactTo: ({ context }) => productionDown(context) && standbyAble(context),
    failureGoneOrUnwatched: ({ context }) => !productionDown(context) || !standbyAble(context),
    /** The standby's watch is disrupted: one of its hosts crashed or hung. */
    standbyMemberLost: ({ context, event }) =>
      event.type === 'HOST' && context.standbyHosts.includes(event.host) && event.state !== 'up',
    isOperatorAlert: ({ event }) =>
      event.type === 'ALERT' && event.alert.kind === 'operator-decision-required',
    isFailbackCompleted: ({ event }) =>
      event.type === 'ALERT' && event.alert.kind === 'failback-completed',
    heartbeatBack: ({ event }) =>
      (event.type === 'PATH' && event.status === 'valid') ||
      (event.type === 'VERDICT' && event.verdict === 'running')
  },
  actions: {
    recordHost: assign(({ context, event }) =>
      event.type === 'HOST'
        ? {
            hosts: { ...context.hosts, [event.host]: event.state },
            lastAt: event.at,
            evidence: remember(context.evidence, event)
          }
        : {}
    ),
    recordStorage: assign(({ context, event }) =>
      event.type === 'STORAGE'
        ? {
            ...(event.site === 'production'
              ? { productionArrayUp: event.up }
              : { standbyArrayUp: event.up }),
            lastAt: event.at,
            evidence: remember(context.evidence, event)
          }
        : {}
    ),
    recordFault: assign(({ context, event }) =>
      event.type === 'FAULT'
        ? {
            allowance: Math.max(context.allowance, faultAllowance(context, event.fault)),
            lastAt: event.at,
            evidence: remember(context.evidence, event)
          }
        : {}
    ),
    noteReaction: assign({
      reactions: ({ context }) => context.reactions + 1,
      lastAt: ({ event }) => event.at,
      evidence: ({ context, event }) => remember(context.evidence, event)
    }),
    noteEvidence: assign({
      lastAt: ({ event }) => event.at,
      evidence: ({ context, event }) => remember(context.evidence, event)
    }),
    markHot: assign({
      hotSince: ({ context }) => context.lastAt,
      hotBound: ({ context }) => context.bound + context.allowance
    }),
    /** The whole bound again from the heartbeat pair's return to PAIR; the count keeps its start. */
    restartFromResync: assign(({ context, event }) => ({
      hotBound: event.at - (context.hotSince ?? event.at) + context.bound + context.allowance,
      lastAt: event.at,
      evidence: remember(context.evidence, event)
    })),
    widenHot: assign({
      hotBound: ({ context }) => Math.max(context.hotBound, context.bound + context.allowance)
    }),
    markCold: assign({ hotSince: null }),
    recordViolation: assign(({ context }) => {
      const since = context.hotSince ?? 0;
      const atMs = since + context.hotBound;
      return {
        finding: finding(
          atMs,
          `${context.group}: production could not serve from ${at(since)} and the standby neither declared a failure nor asked the operator by ${at(atMs)} (bound ${at(context.hotBound)})`,
          context.evidence
        )
      };
    })
  }
}).createMachine({
  id: 'failoverLivenessMonitor',
  context: ({ input }) => ({
    group: input.group,
    productionHosts: input.productionHosts,
    standbyHosts: input.standbyHosts,
    bound: input.bound,
    methodChange: input.methodChange ?? 0,
    hosts: {},
    productionArrayUp: true,
    standbyArrayUp: true,
    allowance: 0,
    hotSince: null,
    hotBound: input.bound,
    reactions: 0,
    lastAt: 0,
    evidence: [],
    finding: null
  }),
  initial: 'watching',
  on: {
    HOST: { actions: 'recordHost' },
    STORAGE: { actions: 'recordStorage' },
    FAULT: { actions: 'recordFault' }
  },
  states: {
    /** Production serves (cold). */
    watching: {
      always: { guard: 'failureToReactTo', target: 'failing' },
      on: {
        DECLARED: { target: 'handedOver', actions: 'noteReaction' },
        ALERT: { guard: 'isOperatorAlert', target: 'awaitingOperator', actions: 'noteReaction' }
      }
    },
    /** Hot: production cannot serve and the standby has not reacted yet. */
    failing: {
      entry: 'markHot',
      always: { guard: 'failureGoneOrUnwatched', target: 'watching', actions: 'markCold' },
      initial: 'counting',
      states: {
        counting: {
          on: {
            // A degradation that begins while hot (an I/O error on the heartbeat volume, a
            // degraded link) delays the standby's verdict too: the bound in force grows by its
            // allowance; the count keeps its start.
            FAULT: {
              guard: 'widensBound',
              target: 'counting',
              reenter: true,
              actions: ['recordFault', 'widenHot']
            },
            PAIR: {
              guard: 'heartbeatPairBackLater',
              target: 'counting',
              reenter: true,
              actions: 'restartFromResync'
            }
          },
          after: {
            livenessBound: {
              target: '#failoverLivenessMonitor.violated',
              actions: 'recordViolation'
            }
          }
        }
      },
      on: {
        // A standby member lost mid-detection: the member that takes over locally starts its
        // watch afresh, so the bound (which allows for the local takeover) starts again.
        HOST: {
          guard: 'standbyMemberLost',
          target: 'failing',
          reenter: true,
          actions: 'recordHost'
        },
        DECLARED: { target: 'handedOver', actions: 'noteReaction' },
        ALERT: { guard: 'isOperatorAlert', target: 'awaitingOperator', actions: 'noteReaction' }
      }
    },
    /**
     * The operator was asked (site isolation, or method mirror blind to a site disaster);
     * obligations resume once a heartbeat is back.
     */
    awaitingOperator: {
      on: {
        PATH: { guard: 'heartbeatBack', target: 'watching', actions: 'noteEvidence' },
        VERDICT: { guard: 'heartbeatBack', target: 'watching', actions: 'noteEvidence' },
        DECLARED: { target: 'handedOver', actions: 'noteReaction' }
      }
    },
    /** The standby declared: the failover owns the group until a failback hands it back. */
    handedOver: {
      on: { ALERT: { guard: 'isFailbackCompleted', target: 'watching', actions: 'noteEvidence' } }
    },
    /** Violated: still hot after the bound. */
    violated: {}
  }
});
