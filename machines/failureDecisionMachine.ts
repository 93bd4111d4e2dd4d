/**
 * The failure decision of the standby host group (SPEC §1.8): network heartbeat × mirror heartbeat
 * × heartbeat pair state → a verdict. Only `failureDeclared` leads to failover; a partitioned
 * network, a replication outage or a faulty heartbeat writer only raise alerts, and site isolation
 * (both channels silent and the pair suspended — a dead site looks exactly like a cut-off one)
 * follows `onSiteIsolation`: `manual` asks an operator, `automatic` takes over (after
 * `selfFenceAfter` when production self-fences), `tiebreaker` asks a third-site quorum actor.
 *
 * With bidirectional heartbeats production fences itself `selfFenceAfter` after it lost every
 * channel to the standby. A verdict "production failed" that rests on the network heartbeat alone
 * (method `network`, or the mirror row suspended: de-installed) cannot tell a dead production from
 * a cut-off one — only the mirror in PAIR could — so, as a watchdog-fenced cluster waits out the
 * other side's watchdog, the declaration waits `selfFenceWait` first.
 */
import { assign, emit, enqueueActions, setup } from 'xstate';
import type { Verdict } from '../model/verdict';
import type { CheckingMethod, SiteIsolationPolicy } from '../model/config';
import type { PathKind, PathStatus } from '../model/statusTable';
import { isSuspended, type PairState } from '../model/storageTypes';

export type { Verdict } from '../model/verdict';

export interface FailureDecisionInput {
  method: CheckingMethod;
  onSiteIsolation: SiteIsolationPolicy;
  /** When production self-fences (bidirectional heartbeats), wait at least this long. */
  selfFenceWait: number;
  /** Retry period of a denied tiebreaker request. */
  tiebreakerRetry: number;
  group: string;
}

export interface FailureDecisionContext extends FailureDecisionInput {
  network: PathStatus;
  mirror: PathStatus;
  pairState: PairState | null;
  verdict: Verdict;
  reason: string;
  /** The current declaration has been announced (a resumed host must not announce it again). */
  announced: boolean;
  /** The operator was asked about the current replication-down verdict (method mirror). */
  blindAsked: boolean;
}

export type FailureDecisionEvent =
  | { type: 'START' }
  | { type: 'STOP' }
  | { type: 'FREEZE' }
  | { type: 'RESUME' }
  | { type: 'PATH.STATUS'; path: PathKind; status: PathStatus }
  | { type: 'PAIR.STATE'; state: PairState | null }
  | { type: 'SET.METHOD'; method: CheckingMethod }
  | { type: 'TAKEOVER.REQUESTED'; reason: string }
  | { type: 'TIEBREAKER.GRANTED' }
  | { type: 'TIEBREAKER.DENIED'; holder: string }
  | { type: 'RESET' };

export type FailureDecisionEmitted =
  | { type: 'failure.declared'; verdict: Verdict; reason: string }
  | { type: 'tiebreaker.request' }
  | {
      type: 'alert';
      kind:
        | 'network-partitioned'
        | 'replication-down'
        | 'heartbeat-writer-fault'
        | 'operator-decision-required'
        | 'failure-declared';
      detail: string;
    };

/** Which paths count: the checking method, minus paths whose rows are suspended (disabled). */
function paths(ctx: FailureDecisionContext) {
  const net = ctx.method !== 'mirror' && ctx.network !== 'suspended';
  const mir = ctx.method !== 'network' && ctx.mirror !== 'suspended';
  return { net, mir };
}

/** Both channels dead and the pair suspended (or unknown). */
function isolated(c: FailureDecisionContext): boolean {
  const { net, mir } = paths(c);
  return (
    net && mir && c.network === 'invalid' && c.mirror === 'invalid' && isSuspended(c.pairState)
  );
}

/** "Production failed" on the network heartbeat alone (the mirror is not watched). */
function failedOnNetworkAlone(c: FailureDecisionContext): boolean {
  const { net, mir } = paths(c);
  return net && !mir && c.network === 'invalid';
}

/** `c` with the evidence of `event` (a path status, a pair state or the method) applied. */
function withEvidence(c: FailureDecisionContext, e: FailureDecisionEvent): FailureDecisionContext {
  if (e.type === 'PATH.STATUS') return { ...c, [e.path]: e.status };
  if (e.type === 'PAIR.STATE') return { ...c, pairState: e.state };
  if (e.type === 'SET.METHOD') return { ...c, method: e.method };
  return c;
}

export const failureDecisionMachine = setup({
  types: {
    input: {} as FailureDecisionInput,
    context: {} as FailureDecisionContext,
    events: {} as FailureDecisionEvent,
    emitted: {} as FailureDecisionEmitted
  },
  delays: {
    selfFenceWait: ({ context }) => context.selfFenceWait,
    tiebreakerRetry: ({ context }) => context.tiebreakerRetry
  },
  guards: {
    /** Both channels dead while the heartbeat pair is still PAIR: production is gone. */
    productionFailed: ({ context: c }) => {
      const { net, mir } = paths(c);
      if (net && mir)
        return c.network === 'invalid' && c.mirror === 'invalid' && c.pairState === 'PAIR';
      if (net) return c.network === 'invalid';
      if (mir) return c.mirror === 'invalid' && c.pairState === 'PAIR';
      return false;
    },
    /** Production failed by the network alone, and production may be fencing itself meanwhile. */
    mustAwaitSelfFence: ({ context: c }) => failedOnNetworkAlone(c) && c.selfFenceWait > 0,
    /** The evidence update in `event` leaves that verdict as it was (its wait carries on). */
    staysFailedOnNetworkAlone: ({ context, event }) =>
      failedOnNetworkAlone(withEvidence(context, event)),
    /** Both channels dead and the pair suspended: site isolated or site disaster. */
    siteIsolated: ({ context: c }) => isolated(c),
    /** The evidence update in `event` leaves the site isolated (then its waits carry on). */
    staysIsolated: ({ context, event }) => isolated(withEvidence(context, event)),
    // A partition (or a writer fault) is only called when the other path is fresh: while it is
    // merely aging (warning) both paths may be dying a few ms apart, as in a host crash.
    networkPartitioned: ({ context: c }) => {
      const { net, mir } = paths(c);
      return net && mir && c.network === 'invalid' && c.mirror === 'valid';
    },
    replicationDown: ({ context: c }) => {
      const { net, mir } = paths(c);
      return (
        mir && c.mirror === 'invalid' && isSuspended(c.pairState) && (!net || c.network === 'valid')
      );
    },
    writerFault: ({ context: c }) => {
      const { net, mir } = paths(c);
      return net && mir && c.network === 'valid' && c.mirror === 'invalid';
    },
    /** One path invalid, the other aging: wait for the evidence to settle. */
    suspect: ({ context: c }) => {
      const { net, mir } = paths(c);
      return (net && c.network === 'invalid') || (mir && c.mirror === 'invalid');
    },
    /** The network heartbeat counts (method `network` or `both`, its row not suspended). */
    networkWatched: ({ context: c }) => paths(c).net,
    isManual: ({ context }) => context.onSiteIsolation === 'manual',
    isTiebreaker: ({ context }) => context.onSiteIsolation === 'tiebreaker',
    mustWaitSelfFence: ({ context }) => context.selfFenceWait > 0
  },
  actions: {
    recordPath: assign(({ context, event }) =>
      event.type === 'PATH.STATUS' ? { ...context, [event.path]: event.status } : {}
    ),
    recordPair: assign({
      pairState: ({ context, event }) =>
        event.type === 'PAIR.STATE' ? event.state : context.pairState
    }),
    recordMethod: assign({
      method: ({ context, event }) => (event.type === 'SET.METHOD' ? event.method : context.method)
    }),
    enterVerdict: enqueueActions(({ context, enqueue }, params: { verdict: Verdict }) => {
      if (context.verdict === params.verdict) return;
      enqueue.assign({ verdict: params.verdict, blindAsked: false });
      const evidence = `network ${context.network}, mirror ${context.mirror}, heartbeat pair ${context.pairState ?? 'unknown'}`;
      const kinds: Partial<Record<Verdict, FailureDecisionEmitted & { type: 'alert' }>> = {
        'network-partitioned': {
          type: 'alert',
          kind: 'network-partitioned',
          detail: `network heartbeat lost but mirror heartbeat alive: network partitioned, no failover (${evidence})`
        },
        'replication-down': {
          type: 'alert',
          kind: 'replication-down',
          detail: `mirror heartbeat stale with the pair suspended: replication down, not a host failure (${evidence})`
        },
        'heartbeat-writer-fault': {
          type: 'alert',
          kind: 'heartbeat-writer-fault',
          detail: `mirror heartbeat stale while the pair is in PAIR and the network heartbeat is alive: heartbeat writer fault (${evidence})`
        }
      };
      const alert = kinds[params.verdict];
      if (alert) enqueue.emit(alert);
    }),
    askOperator: emit(({ context }) => ({
      type: 'alert' as const,
      kind: 'operator-decision-required' as const,
      detail: `${context.group}: both heartbeats lost and the heartbeat pair is ${context.pairState ?? 'unknown'} — site isolation or site disaster; operator decision required`
    })),
    // Once per replication-down verdict (every path report re-enters the state).
    askOperatorBlind: enqueueActions(({ context, enqueue }) => {
      if (context.blindAsked) return;
      enqueue.assign({ blindAsked: true });
      enqueue.emit({
        type: 'alert',
        kind: 'operator-decision-required',
        detail: `${context.group}: mirror heartbeat stale with the heartbeat pair ${context.pairState ?? 'unknown'} and no network heartbeat watched — a remote-link failure and a production site disaster look the same; no takeover, operator decision required`
      });
    }),
    askTiebreaker: emit({ type: 'tiebreaker.request' as const }),
    forgetDeclaration: assign({ announced: false }),
    declareFailure: enqueueActions(({ context, event, enqueue }) => {
      // Re-entered through history when a hung host resumes: already declared, say nothing.
      if (context.announced) return;
      const verdict: Verdict =
        event.type === 'TAKEOVER.REQUESTED'
          ? 'takeover-requested'
          : context.verdict === 'site-isolated'
            ? 'site-isolated'
            : 'production-failed';
      const evidence = `network ${context.network}, mirror ${context.mirror}, heartbeat pair ${context.pairState ?? 'unknown'}`;
      const reason =
        event.type === 'TAKEOVER.REQUESTED'
          ? `production requested takeover: ${event.reason}`
          : event.type === 'TIEBREAKER.GRANTED'
            ? `site isolation, tiebreaker granted takeover (${evidence})`
            : verdict === 'site-isolated'
              ? `site isolation, automatic takeover (${evidence})`
              : `production host group failed (${evidence})`;
      enqueue.assign({ verdict, reason, announced: true });
      enqueue.emit({ type: 'alert', kind: 'failure-declared', detail: reason });
      enqueue.emit({ type: 'failure.declared', verdict, reason });
    })
  }
}).createMachine({
  id: 'failureDecision',
  context: ({ input }) => ({
    ...input,
    network: input.method === 'mirror' ? 'suspended' : 'valid',
    mirror: input.method === 'network' ? 'suspended' : 'valid',
    pairState: 'PAIR',
    verdict: 'running',
    reason: '',
    announced: false,
    blindAsked: false
  }),
  initial: 'stopped',
  states: {
    stopped: { on: { START: 'on' } },
    on: {
      initial: 'evaluating',
      on: {
        STOP: { target: 'stopped', actions: 'forgetDeclaration' },
        FREEZE: 'frozen',
        'PATH.STATUS': { target: '.evaluating', actions: 'recordPath' },
        'PAIR.STATE': { target: '.evaluating', actions: 'recordPair' },
        'SET.METHOD': { target: '.evaluating', actions: 'recordMethod' },
        'TAKEOVER.REQUESTED': '.declared'
      },
      states: {
        evaluating: {
          always: [
            { guard: 'mustAwaitSelfFence', target: 'awaitingSelfFence' },
            { guard: 'productionFailed', target: 'declared' },
            { guard: 'siteIsolated', target: 'siteIsolated' },
            { guard: 'networkPartitioned', target: 'networkPartitioned' },
            { guard: 'replicationDown', target: 'replicationDown' },
            { guard: 'writerFault', target: 'writerFault' },
            { guard: 'suspect', target: 'suspect' },
            { target: 'running' }
          ]
        },
        running: { entry: { type: 'enterVerdict', params: { verdict: 'running' } } },
        // Network-only evidence with bidirectional heartbeats: production may be alive and cut
        // off, fencing itself within selfFenceWait; news that changes nothing keeps the wait.
        awaitingSelfFence: {
          entry: { type: 'enterVerdict', params: { verdict: 'suspect' } },
          on: {
            'PATH.STATUS': { guard: 'staysFailedOnNetworkAlone', actions: 'recordPath' },
            'PAIR.STATE': { guard: 'staysFailedOnNetworkAlone', actions: 'recordPair' },
            'SET.METHOD': { guard: 'staysFailedOnNetworkAlone', actions: 'recordMethod' }
          },
          after: { selfFenceWait: 'declared' }
        },
        suspect: { entry: { type: 'enterVerdict', params: { verdict: 'suspect' } } },
        networkPartitioned: {
          entry: { type: 'enterVerdict', params: { verdict: 'network-partitioned' } }
        },
        replicationDown: {
          entry: { type: 'enterVerdict', params: { verdict: 'replication-down' } },
          initial: 'weighing',
          states: {
            weighing: { always: [{ guard: 'networkWatched', target: 'productionAlive' }, 'blind'] },
            // The fresh network heartbeat says production lives: only the copy is down.
            productionAlive: {},
            // Method mirror: the same evidence as a dead production site (SPEC: not death, so
            // no takeover), but nothing says production lives — the operator must look.
            blind: { entry: 'askOperatorBlind' }
          }
        },
        writerFault: {
          entry: { type: 'enterVerdict', params: { verdict: 'heartbeat-writer-fault' } }
        },
        siteIsolated: {
          entry: { type: 'enterVerdict', params: { verdict: 'site-isolated' } },
          // News that changes nothing must not restart the self-fence wait or ask again.
          on: {
            'PATH.STATUS': { guard: 'staysIsolated', actions: 'recordPath' },
            'PAIR.STATE': { guard: 'staysIsolated', actions: 'recordPair' },
            'SET.METHOD': { guard: 'staysIsolated', actions: 'recordMethod' }
          },
          initial: 'choosing',
          states: {
            choosing: {
              always: [
                { guard: 'isManual', target: 'awaitingOperator' },
                { guard: 'isTiebreaker', target: 'askingTiebreaker' },
                { guard: 'mustWaitSelfFence', target: 'waitingSelfFence' },
                { target: '#failureDecision.on.declared' }
              ]
            },
            awaitingOperator: { entry: 'askOperator' },
            askingTiebreaker: {
              entry: 'askTiebreaker',
              on: {
                'TIEBREAKER.GRANTED': '#failureDecision.on.declared',
                'TIEBREAKER.DENIED': 'denied'
              }
            },
            denied: {
              entry: 'askOperator',
              after: { tiebreakerRetry: 'askingTiebreaker' }
            },
            // Production self-fences after selfFenceAfter without any channel to us: wait as long.
            waitingSelfFence: {
              after: { selfFenceWait: '#failureDecision.on.declared' }
            }
          }
        },
        declared: {
          entry: 'declareFailure',
          on: {
            // Once declared, the failover statechart owns what happens next.
            'PATH.STATUS': { actions: 'recordPath' },
            'PAIR.STATE': { actions: 'recordPair' },
            'SET.METHOD': { actions: 'recordMethod' },
            'TAKEOVER.REQUESTED': {},
            RESET: { target: 'evaluating', actions: 'forgetDeclaration' }
          }
        },
        hist: { type: 'history', history: 'deep' }
      }
    },
    frozen: { on: { RESUME: 'on.hist', STOP: { target: 'stopped', actions: 'forgetDeclaration' } } }
  }
});
