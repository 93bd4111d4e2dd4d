/**
 * **Availability is watched**: the application must not stay unable to write, with nothing in
 * force to explain it and nobody doing anything about it, for longer than a bound.
 *
 * The group is in an *outage* (the users' view, as the outcome accounting counts it) from the
 * first failed application write, or the first instant no site has a host up with the
 * application running on an up array, after the application first served; it ends with the next
 * write acknowledged to a host that serves. An outage is *unexplained* while no fault is in force
 * for the group as the observations show it — every host of the group up, both arrays up, the
 * remote link not down, the network not partitioned, no I/O error injected — and *unattended*
 * while no failover is under way (declared, neither completed nor refused) and no operator alert
 * is pending (`operator-decision-required` or `failover-refused` raised and no operator action
 * carried out since). A fenced P-VOL whose link came back but whose pair nobody resynced is the
 * classic case: every production write rejected, for good, with nothing telling anyone.
 *
 * Hot state `stuck`: an outage both unexplained and unattended. Still hot after the bound (the
 * convergence bound: a detection under way, then a whole failover) is reported. The same
 * statechart serves two monitors, by `mode`:
 * - `violation` judges once it is the system's business to write again: after every fault of the
 *   timeline is over and the world is whole (`HEALED`), or at any time when the configuration
 *   has `remoteCopy.autoResync` (cluster software is meant to resync a suspended pair);
 * - `finding` judges the rest — the timeline still running, no autoResync: a suspended pair
 *   waits for the operator's resync by design (fence level `data` trades availability for zero
 *   loss), and an operator may yet act — so it is a finding, never a failure.
 *
 * Fed only by the observation stream; only watches.
 */
import { assign, setup } from 'xstate';
import type { HostCondition } from '../model/observation';
import type { PairState, SiteId } from '../model/storageTypes';
import type { MonitorContextBase, MonitorEvent } from './monitorEvents';
import { at, finding, remember, withIoError } from './monitorSupport';

/** Which stretches a monitor judges (see the module comment). */
export type AvailabilityMode = 'violation' | 'finding';

export interface AvailabilityMonitorInput {
  group: string;
  productionHosts: string[];
  standbyHosts: string[];
  /** How long an unexplained, unattended outage may last, ms. */
  bound: number;
  mode: AvailabilityMode;
  /** The configuration has `remoteCopy.autoResync`. */
  autoResync: boolean;
}

export interface AvailabilityMonitorContext extends MonitorContextBase {
  productionHosts: string[];
  standbyHosts: string[];
  bound: number;
  mode: AvailabilityMode;
  autoResync: boolean;
  hosts: Record<string, HostCondition>;
  appRunning: Record<string, boolean>;
  arrayUp: Record<SiteId, boolean>;
  link: 'up' | 'degraded' | 'down';
  partition: string;
  /** Volumes with an injected I/O error in force. */
  ioErrors: string[];
  /** The application served once (outages count from then). */
  served: boolean;
  /** The group cannot write (see the module comment). */
  outage: boolean;
  outageSince: number | null;
  /** Why the outage began: the first failed write, or no site serving. */
  cause: string;
  /** A declaration neither completed nor refused yet. */
  failoverPending: boolean;
  /** An operator alert with no operator action since. */
  operatorAsked: boolean;
  /** Every fault of the timeline is over and the world whole (hub's `HEALED`). */
  healed: boolean;
  /** Last state of the group's data pair. */
  dataPair: PairState;
  /** Start of the current hot period. */
  since: number | null;
  lastAt: number;
}

/** Alerts that hand the decision to the operator. */
const OPERATOR_ALERTS = new Set(['operator-decision-required', 'failover-refused']);

const hostsOf = (c: AvailabilityMonitorContext) => [...c.productionHosts, ...c.standbyHosts];

/** Sites where a host is up with the application running on an up array. */
function serving(c: AvailabilityMonitorContext): boolean {
  const serves = (hosts: string[], site: SiteId) =>
    c.arrayUp[site] && hosts.some((h) => (c.hosts[h] ?? 'up') === 'up' && c.appRunning[h] === true);
  return serves(c.productionHosts, 'production') || serves(c.standbyHosts, 'standby');
}

/** What is in force for the group that could explain an outage (empty: nothing). */
export function faultsInForce(c: AvailabilityMonitorContext): string[] {
  const out: string[] = [];
  for (const h of hostsOf(c)) if ((c.hosts[h] ?? 'up') !== 'up') out.push(`${h} ${c.hosts[h]}`);
  for (const site of ['production', 'standby'] as const) {
    if (!c.arrayUp[site]) out.push(`${site} storage failed`);
  }
  if (c.link === 'down') out.push('remote link down');
  if (c.partition !== 'none') out.push(`network partitioned (${c.partition})`);
  for (const v of c.ioErrors) out.push(`I/O errors on ${v}`);
  return out;
}

/** Does this monitor judge the current stretch (see {@link AvailabilityMode})? */
function judges(c: AvailabilityMonitorContext): boolean {
  const systemsBusiness = c.healed || c.autoResync;
  return c.mode === 'violation' ? systemsBusiness : !systemsBusiness;
}

/** An unexplained, unattended outage this monitor judges. */
export function isStuck(c: AvailabilityMonitorContext): boolean {
  return (
    c.outage && !c.failoverPending && !c.operatorAsked && judges(c) && faultsInForce(c).length === 0
  );
}

/**
 * Whether the hub need hand `o` (an application write's outcome) to a monitor in `context`: an
 * acknowledgement only during an outage, a failure only outside one (the first one opens it).
 */
export function wantsWrite(context: AvailabilityMonitorContext, o: MonitorEvent): boolean {
  if (o.type === 'APP_WRITE_ACK') return context.outage;
  if (o.type === 'APP_WRITE_FAILED') return !context.outage;
  return true;
}

/** Outage bookkeeping after a change of hosts, applications or arrays. */
function reassess(
  c: AvailabilityMonitorContext,
  atMs: number
): Partial<AvailabilityMonitorContext> {
  const serves = serving(c);
  if (serves && !c.served) return { served: true };
  if (!serves && c.served && !c.outage) {
    return { outage: true, outageSince: atMs, cause: 'no site runs the application' };
  }
  return {};
}

export const availabilityMonitorMachine = setup({
  types: {
    input: {} as AvailabilityMonitorInput,
    context: {} as AvailabilityMonitorContext,
    events: {} as MonitorEvent
  },
  delays: {
    /** How long the monitor may stay hot. */
    availabilityBound: ({ context }) => context.bound
  },
  guards: {
    stuck: ({ context }) => isStuck(context),
    notStuck: ({ context }) => !isStuck(context)
  },
  actions: {
    observe: assign(({ context: c, event: o }): Partial<AvailabilityMonitorContext> => {
      const base = { lastAt: o.at };
      const keep = { ...base, evidence: remember(c.evidence, o) };
      switch (o.type) {
        case 'HOST': {
          const next = { ...c, hosts: { ...c.hosts, [o.host]: o.state } };
          return { ...keep, hosts: next.hosts, ...reassess(next, o.at) };
        }
        case 'APP': {
          const next = { ...c, appRunning: { ...c.appRunning, [o.host]: o.running } };
          return { ...keep, appRunning: next.appRunning, ...reassess(next, o.at) };
        }
        case 'STORAGE': {
          const next = { ...c, arrayUp: { ...c.arrayUp, [o.site]: o.up } };
          return { ...keep, arrayUp: next.arrayUp, ...reassess(next, o.at) };
        }
        case 'LINK':
          return { ...keep, link: o.state };
        case 'NETWORK':
          return { ...keep, partition: o.partition };
        case 'APP_WRITE_FAILED':
          if (!c.served || c.outage) return base;
          return {
            ...keep,
            outage: true,
            outageSince: o.at,
            cause: `writes fail at ${o.volume} (${o.error})`
          };
        case 'APP_WRITE_ACK': {
          const host = o.writer;
          const site: SiteId = c.productionHosts.includes(host) ? 'production' : 'standby';
          const serves =
            c.arrayUp[site] && (c.hosts[host] ?? 'up') === 'up' && c.appRunning[host] === true;
          if (!c.outage || !serves) return base;
          return { ...keep, outage: false, outageSince: null, cause: '' };
        }
        case 'DECLARED':
          return { ...keep, failoverPending: true };
        case 'FAILOVER_COMPLETED':
        case 'FAILOVER_REFUSED':
          return { ...keep, failoverPending: false };
        case 'ALERT':
          return OPERATOR_ALERTS.has(o.alert.kind) ? { ...keep, operatorAsked: true } : base;
        case 'FAULT': {
          const f = o.fault;
          const io: Partial<AvailabilityMonitorContext> = {};
          if (f.action === 'io-error' && f.target) {
            io.ioErrors = withIoError(c.ioErrors, f.target, o.phase);
          }
          const answered = o.operator && o.phase === 'apply' ? { operatorAsked: false } : {};
          return { ...keep, ...io, ...answered };
        }
        case 'PAIR':
          return o.pair === 'data' ? { ...keep, dataPair: o.to } : keep;
        case 'HEALED':
          return { ...keep, healed: true };
        default:
          return base;
      }
    }),
    markHot: assign({ since: ({ context }) => context.lastAt }),
    recordFinding: assign(({ context: c }) => {
      const since = c.since ?? c.lastAt;
      const why =
        c.mode === 'finding'
          ? 'while the timeline still ran (a resync by the operator was still possible)'
          : c.autoResync && !c.healed
            ? 'with remoteCopy.autoResync on'
            : 'after every fault was over';
      return {
        finding: finding(
          since + c.bound,
          `${c.group}: the application could not write from ${at(c.outageSince ?? since)} (${c.cause}; data pair ${c.dataPair}) and, with no fault in force, no failover under way and no operator alert pending, still could not at ${at(since + c.bound)}, ${why} (bound ${at(c.bound)})`,
          c.evidence
        )
      };
    })
  }
}).createMachine({
  id: 'availabilityMonitor',
  context: ({ input }) => ({
    group: input.group,
    productionHosts: input.productionHosts,
    standbyHosts: input.standbyHosts,
    bound: input.bound,
    mode: input.mode,
    autoResync: input.autoResync,
    hosts: {},
    appRunning: {},
    arrayUp: { production: true, standby: true },
    link: 'up',
    partition: 'none',
    ioErrors: [],
    served: false,
    outage: false,
    outageSince: null,
    cause: '',
    failoverPending: false,
    operatorAsked: false,
    healed: false,
    dataPair: 'PAIR',
    since: null,
    lastAt: 0,
    evidence: [],
    finding: null
  }),
  initial: 'watching',
  states: {
    /** No unexplained, unattended outage (or not one this monitor judges). */
    watching: {
      on: { '*': { actions: 'observe' } },
      always: { guard: 'stuck', target: 'stuck' }
    },
    /** Hot: the application cannot write, nothing explains it, nobody is acting. */
    stuck: {
      entry: 'markHot',
      on: { '*': { actions: 'observe' } },
      always: { guard: 'notStuck', target: 'watching' },
      after: { availabilityBound: { target: 'reported', actions: 'recordFinding' } }
    },
    /** Reported once; the monitor stops judging. */
    reported: {}
  }
});
