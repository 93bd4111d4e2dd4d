/**
 * Finding monitor: **no failover while production could serve** (SPEC §3 "false failover").
 *
 * It follows, on its own, whether the production site could serve the group — a production host
 * up with the application running and the production array up — and when the standby declares
 * production failed while it could, it records a false failover. Production asking for the
 * takeover itself is never false. This is a finding (the classic network-only design produces
 * one on every partition), not a safety violation: it never fails a run by itself; a scenario
 * that expects none says `expect.falseFailover: false`. Only watches.
 */
import { assign, setup } from 'xstate';
import { finding, remember } from './monitorSupport';
import type { HostCondition } from '../model/observation';
import type { MonitorContextBase, MonitorEvent } from './monitorEvents';

export interface FalseFailoverMonitorInput {
  group: string;
  productionHosts: string[];
}

export interface FalseFailoverMonitorContext extends MonitorContextBase {
  productionHosts: string[];
  hosts: Record<string, HostCondition>;
  appRunning: Record<string, boolean>;
  storageUp: boolean;
  /** Declarations seen (the first one decides). */
  declarations: number;
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
      return {
        declarations: context.declarations + 1,
        evidence,
        finding: finding(
          event.at,
          `${context.group}: failover declared by ${event.host} while production could serve (${servingHosts(context).join(', ')} up with the application running, production array up)`,
          evidence
        )
      };
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
    evidence: [],
    finding: null
  }),
  initial: 'watching',
  on: {
    HOST: { actions: 'recordHost' },
    APP: { actions: 'recordApp' },
    STORAGE: { actions: 'recordStorage' },
    FAULT: { actions: 'noteEvidence' }
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
