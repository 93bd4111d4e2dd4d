/**
 * Two-phase monitor (TigerBeetle VOPR): **after every fault is over, the cluster converges** —
 * exactly one site runs the group's application — within the convergence bound.
 *
 * Before the world is whole again (`HEALED`: every host and array up, network healed, link
 * restored, no degradation or I/O error in force) it only follows the hosts and the application.
 * Then it enters the hot state `converging`; it becomes `converged` as soon as exactly one site
 * serves (a host up with the application running), and goes hot again if that stops being true.
 * Still hot after the bound is a violation: no site serves (the failover stalled, or production
 * was fenced for nothing) or both do. Split brain is the split-brain monitor's business. Only
 * watches.
 */
import { assign, setup } from 'xstate';
import type { SiteId } from '../model/storageTypes';
import { at, finding, remember } from './monitorSupport';
import type { HostCondition } from '../model/observation';
import type { MonitorContextBase, MonitorEvent } from './monitorEvents';

export interface ConvergenceMonitorInput {
  group: string;
  productionHosts: string[];
  standbyHosts: string[];
  /** How long the healed world may take to converge, ms. */
  bound: number;
}

export interface ConvergenceMonitorContext extends MonitorContextBase {
  productionHosts: string[];
  standbyHosts: string[];
  bound: number;
  hosts: Record<string, HostCondition>;
  appRunning: Record<string, boolean>;
  /** When the world was whole again (null: not yet). */
  healedAt: number | null;
  /** Start of the current hot period. */
  since: number | null;
  /** Time of the last observation. */
  lastAt: number;
}

/** Sites where a host is up with the application running. */
export function servingSites(context: ConvergenceMonitorContext): SiteId[] {
  const serves = (hosts: string[]) =>
    hosts.some((h) => (context.hosts[h] ?? 'up') === 'up' && context.appRunning[h] === true);
  const sites: SiteId[] = [];
  if (serves(context.productionHosts)) sites.push('production');
  if (serves(context.standbyHosts)) sites.push('standby');
  return sites;
}

export const convergenceMonitorMachine = setup({
  types: {
    input: {} as ConvergenceMonitorInput,
    context: {} as ConvergenceMonitorContext,
    events: {} as MonitorEvent
  },
  delays: {
    /** How long the monitor may stay hot. */
    convergenceBound: ({ context }) => context.bound
  },
  guards: {
    exactlyOneSiteServes: ({ context }) => servingSites(context).length === 1,
    notExactlyOneSiteServes: ({ context }) => servingSites(context).length !== 1
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
    recordApp: assign(({ context, event }) =>
      event.type === 'APP'
        ? {
            appRunning: { ...context.appRunning, [event.host]: event.running },
            lastAt: event.at,
            evidence: remember(context.evidence, event)
          }
        : {}
    ),
    noteEvidence: assign(({ context, event }) => ({
      lastAt: event.at,
      evidence: remember(context.evidence, event)
    })),
    markHealed: assign(({ context, event }) => ({
      healedAt: event.at,
      lastAt: event.at,
      evidence: remember(context.evidence, event)
    })),
    markHot: assign({ since: ({ context }) => context.lastAt }),
    recordViolation: assign(({ context }) => {
      const since = context.since ?? context.lastAt;
      const sites = servingSites(context);
      const what =
        sites.length === 0 ? 'no site runs the application' : 'both sites run the application';
      return {
        finding: finding(
          since + context.bound,
          `${context.group}: the world was whole again at ${at(context.healedAt ?? since)} but ${what} from ${at(since)} to ${at(since + context.bound)} (bound ${at(context.bound)})`,
          context.evidence
        )
      };
    })
  }
}).createMachine({
  id: 'convergenceMonitor',
  context: ({ input }) => ({
    group: input.group,
    productionHosts: input.productionHosts,
    standbyHosts: input.standbyHosts,
    bound: input.bound,
    hosts: {},
    appRunning: {},
    healedAt: null,
    since: null,
    lastAt: 0,
    evidence: [],
    finding: null
  }),
  initial: 'faulty',
  on: {
    HOST: { actions: 'recordHost' },
    APP: { actions: 'recordApp' },
    FAULT: { actions: 'noteEvidence' },
    DECLARED: { actions: 'noteEvidence' },
    TAKEOVER: { actions: 'noteEvidence' }
  },
  states: {
    /** Faults may still be in force: nothing is required yet. */
    faulty: {
      on: { HEALED: { target: 'converging', actions: 'markHealed' } }
    },
    /** Hot: whole again, but not exactly one site serves. */
    converging: {
      entry: 'markHot',
      always: { guard: 'exactlyOneSiteServes', target: 'converged' },
      after: { convergenceBound: { target: 'violated', actions: 'recordViolation' } }
    },
    /** Exactly one site serves. */
    converged: {
      always: { guard: 'notExactlyOneSiteServes', target: 'converging' }
    },
    /** Still hot after the bound. */
    violated: {}
  }
});
