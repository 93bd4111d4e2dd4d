/**
 * Finding monitor: **no failover while production could serve** (SPEC §3 "false failover").
 *
 * It follows, on its own, whether the production site could serve the group — a production host
 * up with the application running and the production array up — and when the standby declares
 * production failed while it could, it records a false failover. Production asking for the
 * takeover itself is never false. This is a finding (the classic network-only design produces
 * one on every partition), not a safety violation: it never fails a run by itself; a scenario
 * that expects none says `expect.falseFailover: false`.
 *
 * Each false failover is classified by its cause: `inherent` when every path the method watches
 * was lost to faults (nothing the decision could have known better), `path-delivering` when a
 * watched path was still valid and delivering — the decision overruled its method, which the
 * method-judgement monitor holds as a violation. Only watches.
 */
import { assign, setup } from 'xstate';
import { finding, remember } from './monitorSupport';
import type { HostCondition } from '../model/observation';
import type { MonitorContextBase, MonitorEvent } from './monitorEvents';
import {
  describePaths,
  initialDelivery,
  trackDelivery,
  validDelivering,
  type PathDelivery,
  type PathDeliveryInput
} from './pathDelivery';

export interface FalseFailoverMonitorInput extends Partial<PathDeliveryInput> {
  group: string;
  productionHosts: string[];
}

/** Why a false failover happened. */
export type FalseFailoverCause = 'inherent' | 'path-delivering';

export interface FalseFailoverMonitorContext extends MonitorContextBase {
  productionHosts: string[];
  hosts: Record<string, HostCondition>;
  appRunning: Record<string, boolean>;
  storageUp: boolean;
  /** Declarations seen (the first one decides). */
  declarations: number;
  /** The heartbeat paths, for the cause of a false failover. */
  delivery: PathDelivery;
  /** The cause of the false failover found (null: none). */
  cause: FalseFailoverCause | null;
}

/** Production hosts that could serve right now. */
function servingHosts(context: FalseFailoverMonitorContext): string[] {
  if (!context.storageUp) return [];
  return context.productionHosts.filter(
    (h) => (context.hosts[h] ?? 'up') === 'up' && context.appRunning[h] === true
  );
}

export const falseFailoverMonitorMachine = setup({
  types: {
    input: {} as FalseFailoverMonitorInput,
    context: {} as FalseFailoverMonitorContext,
    events: {} as MonitorEvent
  },
  guards: {
    productionCouldServe: ({ context, event }) =>
      event.type === 'DECLARED' &&
      event.verdict !== 'takeover-requested' &&
      servingHosts(context).length > 0,
    isFailbackCompleted: ({ event }) =>
      event.type === 'ALERT' && event.alert.kind === 'failback-completed'
  },
  actions: {
    recordHost: assign(({ context, event }) =>
      event.type === 'HOST' && context.productionHosts.includes(event.host)
        ? {
            hosts: { ...context.hosts, [event.host]: event.state },
            evidence: remember(context.evidence, event)
          }
        : {}
    ),
    recordApp: assign(({ context, event }) =>
      event.type === 'APP' && event.site === 'production'
        ? {
            appRunning: { ...context.appRunning, [event.host]: event.running },
            evidence: remember(context.evidence, event)
          }
        : {}
    ),
    recordStorage: assign(({ context, event }) =>
      event.type === 'STORAGE' && event.site === 'production'
        ? { storageUp: event.up, evidence: remember(context.evidence, event) }
        : {}
    ),
    noteEvidence: assign({ evidence: ({ context, event }) => remember(context.evidence, event) }),
    countDeclaration: assign({
      declarations: ({ context }) => context.declarations + 1,
      evidence: ({ context, event }) => remember(context.evidence, event)
    }),
    recordFinding: assign(({ context, event }) => {
      if (event.type !== 'DECLARED') return {};
      const evidence = remember(context.evidence, event);
      const cause: FalseFailoverCause =
        validDelivering(context.delivery, event.host).length > 0 ? 'path-delivering' : 'inherent';
      const why =
        cause === 'inherent'
          ? `inherent: no path method ${context.delivery.method} watches was both valid and delivering`
          : `a watched path was still delivering: the decision overruled method ${context.delivery.method}`;
      return {
        declarations: context.declarations + 1,
        evidence,
        cause,
        finding: finding(
          event.at,
          `${context.group}: failover declared by ${event.host} while production could serve (${servingHosts(context).join(', ')} up with the application running, production array up) — ${why} (${describePaths(context.delivery, event.host)})`,
          evidence
        )
      };
    }),
    trackPaths: assign({
      delivery: ({ context, event }) => trackDelivery(context.delivery, event)
    })
  }
}).createMachine({
  id: 'falseFailoverMonitor',
  context: ({ input }) => ({
    group: input.group,
    productionHosts: input.productionHosts,
    hosts: {},
    appRunning: {},
    storageUp: true,
    declarations: 0,
    delivery: initialDelivery({
      productionHosts: input.productionHosts,
      heartbeatVolumes: input.heartbeatVolumes ?? [],
      method: input.method ?? 'both',
      networkLoss: input.networkLoss ?? 0,
      linkLoss: input.linkLoss ?? 0
    }),
    cause: null,
    evidence: [],
    finding: null
  }),
  initial: 'watching',
  on: {
    HOST: { actions: ['recordHost', 'trackPaths'] },
    APP: { actions: 'recordApp' },
    STORAGE: { actions: ['recordStorage', 'trackPaths'] },
    FAULT: { actions: ['noteEvidence', 'trackPaths'] },
    LINK: { actions: 'trackPaths' },
    NETWORK: { actions: 'trackPaths' },
    PAIR: { actions: 'trackPaths' },
    PATH: { actions: 'trackPaths' }
  },
  states: {
    /** Production serves; waiting for a declaration. */
    watching: {
      on: {
        DECLARED: [
          { guard: 'productionCouldServe', target: 'falseFailover', actions: 'recordFinding' },
          { target: 'failedOver', actions: 'countDeclaration' }
        ]
      }
    },
    /** A justified failover; a failback hands the group back to production. */
    failedOver: {
      on: { ALERT: { guard: 'isFailbackCompleted', target: 'watching' } }
    },
    /** The finding is recorded (the first false failover of the run). */
    falseFailover: {}
  }
});
