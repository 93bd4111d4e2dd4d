/**
 * A statechart as plain data, read from an XState v5 machine's state nodes: nested states (atomic,
 * compound, parallel, final, history), every transition with its event, named guard, named
 * actions and named delay, `always` transitions, entry/exit actions and invoked actors. It is what
 * the renderers (DOT, Mermaid, SVG) and the inspector page draw, and what `diagram --format json`
 * prints. Machines name every guard, action and delay in `setup()`, so every label is a name.
 */
import type { AnyStateMachine } from 'xstate';

/** One state of a {@link Statechart}. */
export interface ChartState {
  /** Dotted path from the root (`on.watching.mirror.valid`); the root is `''`. */
  path: string;
  key: string;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  /** Key of the initial child (compound states). */
  initial?: string;
  /** `shallow` or `deep` (history states). */
  history?: 'shallow' | 'deep';
  entry: string[];
  exit: string[];
  /** Invoked actors (their `src`). */
  invoke: string[];
  tags: string[];
  description?: string;
  children: ChartState[];
}

/** One transition of a {@link Statechart}. */
export interface ChartTransition {
  /** Path of the source state. */
  source: string;
  /** Paths of the target states; empty for a targetless (internal) transition. */
  targets: string[];
  /** `event`: on an event; `after`: a delayed transition; `always`: eventless. */
  kind: 'event' | 'after' | 'always';
  /** The event type (`READ.DONE`), the delay name (`pollInterval`) or `always`. */
  trigger: string;
  guard?: string;
  actions: string[];
  reenter: boolean;
}

/** A machine as plain data. */
export interface Statechart {
  /** The machine's name in `machines/` (`receiver` for `receiverMachine`). */
  name: string;
  /** The machine's own id. */
  id: string;
  root: ChartState;
  transitions: ChartTransition[];
}

type AnyNode = AnyStateMachine['root'];
type Labelled = { type?: unknown; params?: unknown; name?: string; guards?: unknown[] };

/** Read `machine` into a {@link Statechart} named `name`. */
export function toStatechart(name: string, machine: AnyStateMachine): Statechart {
  const rootId = machine.root.id;
  const pathOf = (node: AnyNode) => node.path.join('.');
  const transitions: ChartTransition[] = [];

  const visit = (node: AnyNode): ChartState => {
    const path = pathOf(node);
    const hasAfter = node.after.length > 0;
    const state: ChartState = {
      path,
      key: node.parent ? node.key : rootId,
      type: node.type,
      entry: node.entry.map((a) => actionName(a, hasAfter)).filter(isString),
      exit: node.exit.map((a) => actionName(a, hasAfter)).filter(isString),
      invoke: node.invoke.map((i) => String(typeof i.src === 'string' ? i.src : i.id)),
      tags: [...node.tags],
      children: []
    };
    if (node.type === 'compound') {
      const target = node.initial?.target?.[0];
      if (target) state.initial = target.key;
    }
    if (node.type === 'history' && node.history) state.history = node.history;
    if (node.description) state.description = node.description;

    for (const [eventType, list] of node.transitions) {
      for (const t of list) {
        const delay = (t as { delay?: unknown }).delay;
        const isAfter = eventType.startsWith('xstate.after.') && delay !== undefined;
        transitions.push(
          transitionOf(t, path, isAfter ? 'after' : 'event', isAfter ? delayName(delay) : eventType)
        );
      }
    }
    for (const t of node.always ?? []) transitions.push(transitionOf(t, path, 'always', 'always'));
    for (const child of Object.values(node.states) as AnyNode[]) {
      state.children.push(visit(child));
    }
    return state;
  };

  const transitionOf = (
    t: AnyNode['transitions'] extends Map<string, (infer T)[]> ? T : never,
    source: string,
    kind: ChartTransition['kind'],
    trigger: string
  ): ChartTransition => {
    const out: ChartTransition = {
      source,
      targets: (t.target ?? []).map((n) => pathOf(n as AnyNode)),
      kind,
      trigger,
      actions: t.actions.map((a) => actionName(a, false)).filter(isString),
      reenter: t.reenter
    };
    if (t.guard !== undefined) out.guard = guardName(t.guard);
    return out;
  };

  return { name, id: rootId, root: visit(machine.root), transitions };
}

/** Every state of `chart`, depth first (the root first). */
export function allStates(chart: Statechart): ChartState[] {
  const out: ChartState[] = [];
  const walk = (s: ChartState) => {
    out.push(s);
    s.children.forEach(walk);
  };
  walk(chart.root);
  return out;
}

/**
 * The paths of the states active in `value` (an XState state value), the root (`''`) included:
 * `{ on: { watching: { poll: 'waiting' } } }` → `'', 'on', 'on.watching', 'on.watching.poll',
 * 'on.watching.poll.waiting'`.
 */
export function activePaths(value: unknown): string[] {
  const out = [''];
  const walk = (v: unknown, prefix: string) => {
    if (typeof v === 'string') {
      out.push(prefix ? `${prefix}.${v}` : v);
    } else if (v && typeof v === 'object') {
      for (const [key, child] of Object.entries(v as Record<string, unknown>)) {
        const path = prefix ? `${prefix}.${key}` : key;
        out.push(path);
        walk(child, path);
      }
    }
  };
  walk(value, '');
  return out;
}

/** A one-line label: `READ.DONE [isNewSerial] / notePairState, acceptMessage`. */
export function transitionLabel(t: ChartTransition): string {
  let label = t.kind === 'after' ? `after ${t.trigger}` : t.trigger;
  if (t.guard) label += ` [${t.guard}]`;
  if (t.actions.length > 0) label += ` / ${t.actions.join(', ')}`;
  return label;
}

function actionName(action: unknown, hidesAfterTimers: boolean): string | undefined {
  if (typeof action === 'string') return action;
  if (!action) return undefined;
  const a = action as Labelled & { event?: { type?: unknown }; sendId?: unknown };
  const type = typeof a.type === 'string' ? a.type : undefined;
  if (typeof action === 'function' && type?.startsWith('xstate.')) {
    // `after` is sugar for a delayed raise on entry and its cancel on exit: the delayed
    // transition already says it.
    if (hidesAfterTimers && type === 'xstate.raise') {
      const ev = typeof a.event === 'object' ? String(a.event?.type ?? '') : '';
      if (ev.startsWith('xstate.after.')) return undefined;
    }
    if (hidesAfterTimers && type === 'xstate.cancel') {
      if (String(a.sendId ?? '').startsWith('xstate.after.')) return undefined;
    }
    const short = type.slice('xstate.'.length);
    const ev = typeof a.event === 'object' && a.event ? a.event.type : undefined;
    return typeof ev === 'string' ? `${short}(${ev})` : short;
  }
  if (type) return withParams(type, a.params);
  if (typeof action === 'function') return a.name || 'inline';
  return undefined;
}

function guardName(guard: unknown): string {
  if (typeof guard === 'string') return guard;
  const g = guard as Labelled;
  if (typeof guard === 'function' && Array.isArray(g.guards)) {
    const kind = String(g.type ?? g.name ?? 'guard').replace(/^xstate\./, '');
    return `${kind}(${g.guards.map(guardName).join(', ')})`;
  }
  if (g && typeof g.type === 'string') return withParams(g.type, g.params);
  if (typeof guard === 'function') return g.name || 'inline';
  return 'guard';
}

function delayName(delay: unknown): string {
  if (typeof delay === 'number') return `${delay}ms`;
  if (typeof delay === 'string') return delay;
  return 'delay';
}

function withParams(type: string, params: unknown): string {
  if (params === undefined || params === null) return type;
  if (typeof params !== 'object') return `${type}(${String(params)})`;
  const values = Object.values(params as Record<string, unknown>)
    .filter((v) => v !== undefined && typeof v !== 'function')
    .map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v)));
  return values.length > 0 ? `${type}(${values.join(', ')})` : type;
}

function isString(x: string | undefined): x is string {
  return typeof x === 'string';
}
