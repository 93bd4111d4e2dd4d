/**
 * Exhaustive model check of the failure decision statechart with `xstate/graph`: every state the
 * decision can reach from its initial state under every ordering of its inputs — path statuses
 * (valid, warning, invalid, suspended for each path), the heartbeat pair state (PAIR, PSUE, PSUS,
 * unknown), live checking-method changes, production's takeover request, the tiebreaker's
 * answers, RESET, freezing and resuming (a hung host), and the firing of every timer — and,
 * on every transition, the properties below. The timing search (explore/exhaustiveSchedules.ts)
 * checks the whole world on a grid of fault timings; this checks the decision's logic on all
 * orders of its evidence, which no timing grid can enumerate.
 *
 * Properties (SPEC §1.8), with an oracle written from the table, not from the machine's guards:
 * - `table`: outside a declaration, the verdict is the one the table gives for the evidence;
 * - `declares`: when the table says production failed, the decision has declared;
 * - `evidence`: a declaration rests on both watched heartbeats invalid (or one, for a single
 *   method), on site isolation under a policy that may take over, or on production asking;
 * - `sticky`: once declared, only RESET, STOP or FREEZE leave `declared` (the failover owns the
 *   group), and a declaration is announced once (a resumed host does not announce it again);
 * - `frozen`: a frozen decision does not move but on RESUME or STOP.
 */
import { getAdjacencyMap, getStateNodes } from 'xstate/graph';
import type { AnyStateMachine, SnapshotFrom } from 'xstate';
import {
  failureDecisionMachine,
  type FailureDecisionContext,
  type FailureDecisionEvent,
  type FailureDecisionInput,
  type Verdict
} from '../machines/failureDecisionMachine';
import type { CheckingMethod, SiteIsolationPolicy } from '../model/config';
import type { PathStatus } from '../model/statusTable';
import type { PairState } from '../model/storageTypes';

/** A property of the model check. */
export type DecisionProperty = 'table' | 'declares' | 'evidence' | 'sticky' | 'frozen';

/** A transition that broke a property, with the shortest event path that reaches it. */
export interface DecisionViolation {
  property: DecisionProperty;
  detail: string;
  /** Events from the initial state, the offending one last. */
  path: string[];
}

/** What one model check covered and found. */
export interface DecisionModelResult {
  policy: string;
  method: CheckingMethod;
  states: number;
  transitions: number;
  violations: DecisionViolation[];
}

/** Options of {@link checkDecisionModel}. */
export interface DecisionModelOptions {
  onSiteIsolation: SiteIsolationPolicy;
  /** The self-fence wait under `automatic` (0: none). */
  selfFenceWait?: number;
  /** The method the decision starts with (default `both`). */
  method?: CheckingMethod;
  /** The statechart to check (default the real one; mutation checks pass a broken one). */
  logic?: AnyStateMachine;
}

type Snap = SnapshotFrom<typeof failureDecisionMachine>;
type Adjacency = Record<
  string,
  { state: Snap; transitions: Record<string, { event: FailureDecisionEvent; state: Snap }> }
>;

const STATUSES: readonly PathStatus[] = ['valid', 'warning', 'invalid', 'suspended'];
/** Pair states a receiver reports while its mirror row is enabled (null: the array is silent). */
const PAIRS: ReadonlyArray<PairState | null> = ['PAIR', 'PSUE', null];
const METHODS: readonly CheckingMethod[] = ['network', 'mirror', 'both'];

/** The concrete inputs of the traversal (events with a payload; timers are added per state). */
export const DECISION_EVENTS: readonly FailureDecisionEvent[] = [
  { type: 'START' },
  { type: 'STOP' },
  { type: 'FREEZE' },
  { type: 'RESUME' },
  { type: 'RESET' },
  ...(['network', 'mirror'] as const).flatMap((path) =>
    STATUSES.map((status) => ({ type: 'PATH.STATUS' as const, path, status }))
  ),
  ...PAIRS.map((state) => ({ type: 'PAIR.STATE' as const, state })),
  ...METHODS.map((method) => ({ type: 'SET.METHOD' as const, method })),
  { type: 'TAKEOVER.REQUESTED', reason: 'production asked' },
  { type: 'TIEBREAKER.GRANTED' },
  { type: 'TIEBREAKER.DENIED', holder: 'production' }
];

/**
 * The SPEC §1.8 verdict for the evidence in `c` (the oracle): the table for method `both`, the
 * network verdict alone for `network`, the mirror verdict with the pair state for `mirror`. A
 * path counts when the method watches it and its row is not suspended. While one path is invalid
 * and the other only aging (warning), the verdict is `suspect`: the evidence has not settled.
 */
export function specVerdict(c: FailureDecisionContext): Verdict {
  const net = c.method !== 'mirror' && c.network !== 'suspended';
  const mir = c.method !== 'network' && c.mirror !== 'suspended';
  const suspended = c.pairState !== 'PAIR';
  if (net && mir) {
    if (c.network === 'invalid' && c.mirror === 'invalid') {
      return suspended ? 'site-isolated' : 'production-failed';
    }
    if (c.network === 'invalid') return c.mirror === 'valid' ? 'network-partitioned' : 'suspect';
    if (c.mirror === 'invalid') {
      if (c.network !== 'valid') return 'suspect';
      return suspended ? 'replication-down' : 'heartbeat-writer-fault';
    }
    return 'running';
  }
  if (net) return c.network === 'invalid' ? 'production-failed' : 'running';
  if (mir && c.mirror === 'invalid') return suspended ? 'replication-down' : 'production-failed';
  return 'running';
}

const isDeclared = (s: Snap) => s.matches({ on: 'declared' });
/** The table's verdict rests on the network heartbeat alone (the mirror is not watched). */
const onNetworkAlone = (c: FailureDecisionContext) =>
  c.method !== 'mirror' &&
  c.network !== 'suspended' &&
  (c.method === 'network' || c.mirror === 'suspended');
const isFrozen = (s: Snap) => s.matches('frozen');

/** Check the decision statechart exhaustively under one isolation policy. */
export function checkDecisionModel(options: DecisionModelOptions): DecisionModelResult {
  const logic = (options.logic ?? failureDecisionMachine) as typeof failureDecisionMachine;
  const input: FailureDecisionInput = {
    method: options.method ?? 'both',
    onSiteIsolation: options.onSiteIsolation,
    selfFenceWait: options.selfFenceWait ?? 0,
    tiebreakerRetry: 5000,
    group: 'app'
  };
  // Every timer of the statechart, fired as an event in the states that arm it.
  const timers = new Set(
    getStateNodes(logic.root).flatMap((node) => node.after.map((t) => t.eventType))
  );
  const byType = new Map<string, FailureDecisionEvent[]>();
  for (const e of DECISION_EVENTS) byType.set(e.type, [...(byType.get(e.type) ?? []), e]);
  const eventsOf = (s: Snap): FailureDecisionEvent[] =>
    [...new Set(s._nodes.flatMap((n) => n.ownEvents))].flatMap((type) =>
      timers.has(type) ? [{ type } as unknown as FailureDecisionEvent] : (byType.get(type) ?? [])
    );

  // A state is its configuration, where its history points while frozen (outside `frozen` the
  // next FREEZE overwrites it), and the context that decides (not the declaration's wording).
  const serialize = (s: Snap) => {
    const c = s.context;
    const history = isFrozen(s)
      ? Object.entries(s.historyValue ?? {}).map(
          ([id, nodes]) => `${id}=${nodes.map((n) => n.id).join('+')}`
        )
      : [];
    return JSON.stringify([
      s.value,
      history,
      c.network,
      c.mirror,
      c.pairState,
      c.method,
      c.verdict,
      c.announced,
      c.blindAsked
    ]);
  };
  const adjacency = getAdjacencyMap(logic as AnyStateMachine, {
    input,
    events: eventsOf as (s: unknown) => FailureDecisionEvent[],
    serializeState: serialize as (s: unknown) => string
  }) as unknown as Adjacency;
  const keys = Object.keys(adjacency);

  // Shortest event path to every state (breadth first from the initial state, the first key).
  const parent = new Map<string, { from: string; event: string } | null>([[keys[0], null]]);
  const queue = [keys[0]];
  while (queue.length > 0) {
    const key = queue.shift()!;
    for (const [event, next] of Object.entries(adjacency[key].transitions)) {
      const to = serialize(next.state as Snap);
      if (parent.has(to)) continue;
      parent.set(to, { from: key, event });
      queue.push(to);
    }
  }
  const pathTo = (key: string): string[] => {
    const out: string[] = [];
    for (let p = parent.get(key); p; p = parent.get(p.from)) out.unshift(p.event);
    return out;
  };

  const violations: DecisionViolation[] = [];
  const seen = new Set<DecisionProperty>();
  const fail = (property: DecisionProperty, detail: string, from: string, event: string) => {
    // The first (shortest-found) counterexample of each property is enough to act on.
    if (seen.has(property)) return;
    seen.add(property);
    violations.push({ property, detail, path: [...pathTo(from), event] });
  };

  let transitions = 0;
  const mayTakeOverIsolated = options.onSiteIsolation !== 'manual';
  for (const key of keys) {
    const s = adjacency[key].state as Snap;
    for (const [event, next] of Object.entries(adjacency[key].transitions)) {
      transitions++;
      const t = next.state as Snap;
      const e = next.event as FailureDecisionEvent;
      const c = t.context;
      const oracle = specVerdict(c);
      const where = `${JSON.stringify(s.value)} --${event}--> ${JSON.stringify(t.value)} (network ${c.network}, mirror ${c.mirror}, pair ${c.pairState ?? 'unknown'}, method ${c.method})`;

      if (isFrozen(s) && e.type !== 'RESUME' && e.type !== 'STOP' && serialize(t) !== key) {
        fail('frozen', `a frozen decision moved: ${where}`, key, event);
      }
      if (isDeclared(s) && !['RESET', 'STOP', 'FREEZE'].includes(e.type) && !isDeclared(t)) {
        fail('sticky', `left declared on ${e.type}: ${where}`, key, event);
      }
      if (isDeclared(t) && !c.announced) {
        fail('sticky', `declared without announcing: ${where}`, key, event);
      }
      if (isDeclared(t) && !isDeclared(s) && !isFrozen(s)) {
        const grounded =
          e.type === 'TAKEOVER.REQUESTED' ||
          oracle === 'production-failed' ||
          (oracle === 'site-isolated' && mayTakeOverIsolated);
        if (!grounded) fail('evidence', `declared on ${oracle} evidence: ${where}`, key, event);
      }
      if (!t.matches('on') || isDeclared(t)) continue;
      if (oracle === 'production-failed') {
        // With bidirectional heartbeats a verdict on the network alone first waits for
        // production to have fenced itself (then it is declared by the wait's timer).
        const waits =
          (options.selfFenceWait ?? 0) > 0 &&
          onNetworkAlone(c) &&
          t.matches({ on: 'awaitingSelfFence' });
        if (!waits) {
          fail('declares', `production failed by the table but not declared: ${where}`, key, event);
        }
      } else if (c.verdict !== oracle) {
        fail('table', `verdict ${c.verdict}, the table says ${oracle}: ${where}`, key, event);
      }
    }
  }
  return {
    policy:
      options.onSiteIsolation === 'automatic' && (options.selfFenceWait ?? 0) > 0
        ? 'automatic, self-fence wait'
        : options.onSiteIsolation,
    method: input.method,
    states: keys.length,
    transitions,
    violations
  };
}

/** The policies every exhaustive exploration model-checks. */
export const MODEL_POLICIES: readonly DecisionModelOptions[] = [
  { onSiteIsolation: 'manual' },
  { onSiteIsolation: 'automatic' },
  { onSiteIsolation: 'automatic', selfFenceWait: 10_000 },
  { onSiteIsolation: 'tiebreaker' }
];
