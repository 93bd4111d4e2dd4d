/**
 * Invariant monitor: **the decision judges by the configured checking method** (SPEC §1.7, §1.8).
 *
 * Under method `both` the standby fails over only when the network and the mirror heartbeat are
 * both invalid; under `mirror`, only on the mirror. So a declaration while any watched path is
 * valid (its row, as the declaring host's receiver reported it) **and** delivering (physically:
 * see pathDelivery.ts) is a violation — the decision failed over on less evidence than its method
 * requires (e.g. on a network-only loss under `both`). A declaration after every watched path was
 * lost to faults is inherent to the method (at most a false failover, a finding). Production
 * asking for the takeover itself is never judged. The method follows live `set-method` changes.
 * Only watches.
 */
import { assign, setup } from 'xstate';
import { describePaths, initialDelivery, trackDelivery, validDelivering } from './pathDelivery';
import type { PathDelivery, PathDeliveryInput } from './pathDelivery';
import { finding, remember } from './monitorSupport';
import type { MonitorContextBase, MonitorEvent } from './monitorEvents';

export interface MethodJudgementMonitorInput extends PathDeliveryInput {
  group: string;
}

export interface MethodJudgementMonitorContext extends MonitorContextBase {
  delivery: PathDelivery;
  /** Declarations judged so far. */
  declarations: number;
}

export const methodJudgementMonitorMachine = setup({
  types: {
    input: {} as MethodJudgementMonitorInput,
    context: {} as MethodJudgementMonitorContext,
    events: {} as MonitorEvent
  },
  guards: {
    /** A declaration (not production's own request) while a watched path is valid and delivering. */
    overrulesMethod: ({ context, event }) =>
      event.type === 'DECLARED' &&
      event.verdict !== 'takeover-requested' &&
      validDelivering(context.delivery, event.host).length > 0
  },
  actions: {
    track: assign(({ context, event }) => {
      const delivery = trackDelivery(context.delivery, event);
      const noted =
        event.type === 'FAULT' ||
        event.type === 'LINK' ||
        event.type === 'NETWORK' ||
        (event.type === 'PATH' && event.status !== 'warning');
      return { delivery, evidence: noted ? remember(context.evidence, event) : context.evidence };
    }),
    countDeclaration: assign({
      declarations: ({ context }) => context.declarations + 1,
      evidence: ({ context, event }) => remember(context.evidence, event)
    }),
    recordViolation: assign(({ context, event }) => {
      if (event.type !== 'DECLARED') return {};
      const evidence = remember(context.evidence, event);
      const paths = validDelivering(context.delivery, event.host);
      return {
        declarations: context.declarations + 1,
        evidence,
        finding: finding(
          event.at,
          `${context.group}: ${event.host} declared production failed (${event.verdict}) under method ${context.delivery.method} while ${paths.join(' and ')} still delivered valid heartbeats (${describePaths(context.delivery, event.host)})`,
          evidence
        )
      };
    })
  }
}).createMachine({
  id: 'methodJudgementMonitor',
  context: ({ input }) => ({
    group: input.group,
    delivery: initialDelivery(input),
    declarations: 0,
    evidence: [],
    finding: null
  }),
  initial: 'watching',
  on: {
    HOST: { actions: 'track' },
    STORAGE: { actions: 'track' },
    LINK: { actions: 'track' },
    NETWORK: { actions: 'track' },
    PAIR: { actions: 'track' },
    PATH: { actions: 'track' },
    FAULT: { actions: 'track' }
  },
  states: {
    watching: {
      on: {
        DECLARED: [
          { guard: 'overrulesMethod', target: 'violated', actions: 'recordViolation' },
          { actions: 'countDeclaration' }
        ]
      }
    },
    /** The first declaration against the method is recorded. */
    violated: {}
  }
});
