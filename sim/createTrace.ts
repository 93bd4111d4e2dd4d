import type { InspectionEvent } from 'xstate';
import { isWorldRoot } from './worldRoot';

/** One line of the trace: one delivered event. */
export interface TraceLine {
  /** Simulated time in ms. */
  t: number;
  /** Stable actor id (never an XState session id). */
  actor: string;
  /** Event type. */
  type: string;
  /** Event payload (the event without its `type`), when it has one. */
  payload?: unknown;
  /** Resulting state value, for statechart actors. */
  state?: unknown;
}

/**
 * - `full`: lines are kept in memory and hashed (for the HTML report and tests);
 * - `hash`: lines are hashed and counted, not kept (the default for runs; `--trace` and the
 *   inspector stream each line, as it is serialized for the hash, to a sink — see
 *   {@link Trace.subscribe} — so memory stays bounded for any run length);
 * - `off`: only counted (benchmarks).
 */
export type TraceMode = 'full' | 'hash' | 'off';

export interface Trace {
  readonly mode: TraceMode;
  /** Number of lines recorded so far. */
  readonly count: number;
  /** Lines kept (only in `full` mode). */
  readonly lines: readonly TraceLine[];
  /** Record one delivered event. */
  record(line: TraceLine): void;
  /**
   * Record the line `{ t, actor, type, payload?, state? }` (the same as {@link Trace.record});
   * with only the hash to keep, its text is built without the line object.
   */
  recordFields(t: number, actor: string, type: string, payload?: unknown, state?: unknown): void;
  /** Stable hex hash of every line recorded so far. */
  hash(): string;
  /**
   * Subscribe to lines as they are recorded, each with its serialized JSON (exactly the text
   * hashed, the text a trace file holds); returns an unsubscribe function.
   */
  subscribe(listener: TraceListener): () => void;
  /**
   * An observer for XState's synchronous `inspect` option: records one line per processed event
   * (`@xstate.snapshot`) with the resulting state value.
   */
  inspector(now: () => number, stops?: StopLines): (event: InspectionEvent) => void;
}

/** Type of the line recording that an actor was stopped (its state is `stopped`). */
export const STOP_EVENT = 'xstate.stop';

/**
 * Which stops the inspector records as lines of their own (type {@link STOP_EVENT}, state
 * `stopped`): those of the actors `recorded` accepts, while `recording()` says so (a simulation's
 * teardown is not part of its run).
 */
export interface StopLines {
  recorded(ref: object): boolean;
  recording(): boolean;
}

/** What hears each recorded line: the line and its serialized JSON ({@link serializeLine}). */
export type TraceListener = (line: TraceLine, json: string) => void;

export interface TraceOptions {
  mode?: TraceMode;
}

/** Create a trace recorder. */
export function createTrace(options: TraceOptions = {}): Trace {
  const mode = options.mode ?? 'hash';
  const lines: TraceLine[] = [];
  const listeners = new Set<TraceListener>();
  let count = 0;
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;

  /** Hash `text` as the next characters of the current line. */
  const absorbText = (text: string) => {
    let a = h1;
    let b = h2;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      a = Math.imul(a ^ ch, 2654435761);
      b = Math.imul(b ^ ch, 1597334677);
    }
    h1 = a;
    h2 = b;
  };
  /** End the current line: a separator, so that ["ab","c"] and ["a","bc"] differ. */
  const endLine = () => {
    h1 = Math.imul(h1 ^ 10, 2654435761);
    h2 = Math.imul(h2 ^ 10, 1597334677);
  };
  const absorb = (text: string) => {
    absorbText(text);
    endLine();
  };

  const absorbLine = (line: TraceLine, key: string) => {
    absorb(key);
    if (mode === 'full') lines.push(line);
    if (listeners.size > 0) for (const l of listeners) l(line, key);
  };

  const record = (line: TraceLine) => {
    count++;
    if (mode === 'off') return;
    absorbLine(line, serializeLine(line));
  };

  // Quoted JSON of the actor ids and event types of stream-level lines (a small, fixed set).
  const quotedNames = new Map<string, string>();
  const quote = (name: string) => {
    let q = quotedNames.get(name);
    if (q === undefined) {
      q = JSON.stringify(name);
      if (quotedNames.size < 10_000) quotedNames.set(name, q);
    }
    return q;
  };
  /** Hash `JSON.stringify(o)` of a flat object (see {@link isFlat}) without building it. */
  const absorbFlat = (o: Record<string, FlatValue>) => {
    absorbText('{');
    let first = true;
    for (const key of Object.keys(o)) {
      const v = o[key];
      if (v === undefined) continue;
      absorbText(first ? quote(key) : `,${quote(key)}`);
      first = false;
      absorbText(':');
      if (typeof v === 'string') {
        absorbText('"');
        absorbText(v);
        absorbText('"');
      } else if (typeof v === 'number') absorbText(String(v));
      else absorbText(v ? 'true' : 'false');
    }
    absorbText('}');
  };

  // The text of the last line's time: lines at the same instant come in runs.
  let lastT = Number.NaN;
  let lastTText = 'null';
  const timeText = (t: number) => {
    if (t !== lastT) {
      lastT = t;
      lastTText = Number.isFinite(t) ? String(t) : 'null';
    }
    return lastTText;
  };
  const recordFields = (
    t: number,
    actor: string,
    type: string,
    payload?: unknown,
    state?: unknown
  ) => {
    if (mode === 'off' && listeners.size === 0) {
      count++;
      return;
    }
    if (mode === 'full' || listeners.size > 0 || mode === 'off') {
      const line: TraceLine = { t, actor, type };
      if (payload !== undefined) line.payload = payload;
      if (state !== undefined) line.state = state;
      record(line);
      return;
    }
    count++;
    // The line's JSON text, hashed piece by piece (the same characters as the whole text); a flat
    // payload is hashed as it is written, without its text.
    const flat = payload !== undefined && isFlat(payload);
    let p: string | undefined;
    let st: string | undefined;
    try {
      p = payload === undefined || flat ? undefined : JSON.stringify(payload);
      st = state === undefined ? undefined : JSON.stringify(state);
    } catch {
      // An actor reference or a cycle: the general path names actors by their stable id.
      absorb(serializeLine({ t, actor, type, payload, state }));
      return;
    }
    absorbText('{"t":');
    absorbText(timeText(t));
    absorbText(',"actor":');
    absorbText(quote(actor));
    absorbText(',"type":');
    absorbText(quote(type));
    if (flat) {
      absorbText(',"payload":');
      absorbFlat(payload as Record<string, FlatValue>);
    } else if (p !== undefined) {
      absorbText(',"payload":');
      absorbText(p);
    }
    if (st !== undefined) {
      absorbText(',"state":');
      absorbText(st);
    }
    absorbText('}');
    endLine();
  };

  const ids = new WeakMap<object, string>();
  const idOf = (ref: object) => {
    let id = ids.get(ref);
    if (id === undefined) {
      id = stableActorId(ref);
      ids.set(ref, id);
    }
    return id;
  };

  return {
    mode,
    get count() {
      return count;
    },
    lines,
    record,
    recordFields,
    hash() {
      let a = h1;
      let b = h2;
      a = Math.imul(a ^ (a >>> 16), 2246822507) ^ Math.imul(b ^ (b >>> 13), 3266489909);
      b = Math.imul(b ^ (b >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909);
      return hex(a) + hex(b) + hex(count);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    inspector(now, stops) {
      // Each actor's id as it appears in a line (quoted JSON), computed once per actor.
      const quoted = new WeakMap<object, string>();
      return (event: InspectionEvent) => {
        if (event.type !== '@xstate.snapshot') return;
        const snapshot = event.snapshot as { value?: unknown; status?: string };
        if (!snapshot) return;
        const ev = event.event as { type: string };
        if (ev.type.startsWith('xstate.stop')) {
          // An actor's stop is an event too (SPEC §4.4), at the instant it is processed, whatever
          // its logic (a statechart or not).
          const ref = event.actorRef as object;
          if (snapshot.status === 'stopped' && stops?.recording() && stops.recorded(ref)) {
            record({ t: now(), actor: idOf(ref), type: STOP_EVENT, state: 'stopped' });
          }
          return;
        }
        if (!('value' in snapshot)) return;
        count++;
        if (mode === 'off') return;
        const t = now();
        const ref = event.actorRef as object;
        if (mode === 'full' || listeners.size > 0) {
          const line: TraceLine = {
            t,
            actor: idOf(ref),
            type: ev.type,
            payload: payloadOf(ev),
            state: snapshot.value
          };
          absorbLine(line, serializeLine(line));
          return;
        }
        // Hash only: the line's JSON text built directly, without the line or payload objects.
        let actor = quoted.get(ref);
        if (actor === undefined) {
          actor = JSON.stringify(idOf(ref));
          quoted.set(ref, actor);
        }
        const text = compactLine(t, actor, ev, snapshot.value);
        if (text !== null) absorb(text);
        else
          absorb(
            serializeLine({
              t,
              actor: idOf(ref),
              type: ev.type,
              payload: payloadOf(ev),
              state: snapshot.value
            })
          );
      };
    }
  };
}

/**
 * The JSON text of the line `{ t, actor, type, payload, state }` of an inspected event — exactly
 * what {@link serializeLine} gives for it — built from `JSON.stringify(event)` (whose first key
 * is `type`) instead of a copy of the event without its type. Null when that shortcut does not
 * apply (the event's first key is not `type`, or it cannot be stringified as plain data).
 */
function compactLine(
  t: number,
  quotedActor: string,
  event: { type: string },
  state: unknown
): string | null {
  let first: string | undefined;
  let others = false;
  for (const key in event) {
    if (first === undefined) first = key;
    else {
      others = true;
      break;
    }
  }
  if (first !== 'type') return null;
  let json: string;
  let stateJson: string | undefined;
  try {
    json = JSON.stringify(event);
    stateJson = JSON.stringify(state);
  } catch {
    return null;
  }
  const typeJson = JSON.stringify(event.type);
  const head = `{"t":${JSON.stringify(t)},"actor":${quotedActor},"type":${typeJson}`;
  const tail = stateJson === undefined ? '}' : `,"state":${stateJson}}`;
  if (!others) return head + tail;
  // json is {"type":<typeJson>[,<rest>]}: the payload is {<rest>} ({} when nothing survived).
  const rest = json.slice(typeJson.length + 8, -1);
  return `${head},"payload":{${rest.startsWith(',') ? rest.slice(1) : rest}}${tail}`;
}

/** A value of a flat payload: written by JSON as itself (a string between quotes). */
type FlatValue = string | number | boolean | undefined;

/**
 * A plain object whose keys and string values JSON writes as themselves between quotes, whose
 * numbers are finite and whose other values are booleans or undefined: its JSON text can be
 * written (or hashed) directly, key by key.
 */
function isFlat(value: unknown): value is Record<string, FlatValue> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key of Object.keys(value)) {
    if (!isPlainString(key)) return false;
    const v = (value as Record<string, unknown>)[key];
    if (typeof v === 'string') {
      if (!isPlainString(v)) return false;
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) return false;
    } else if (typeof v !== 'boolean' && v !== undefined) return false;
  }
  return true;
}

/** A string JSON writes as itself between quotes: no quote, backslash, control character or surrogate. */
function isPlainString(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/** Serialize a trace line as one JSON line (stable key order). */
export function serializeLine(line: TraceLine): string {
  try {
    // Fast path: trace payloads are plain data (JSON drops functions by itself).
    return JSON.stringify(line);
  } catch {
    // An actor reference or a cycle somewhere: name actors by their stable id instead.
    return JSON.stringify(line, replacer);
  }
}

/**
 * The stable id of an actor: the explicit id of its root, then the invoke/spawn ids of its
 * ancestors, joined with `/` (XState's session ids depend on process history, so never use them).
 */
export function stableActorId(ref: unknown): string {
  const parts: string[] = [];
  let cur = ref as { id?: string; _parent?: unknown } | undefined;
  // The world root every simulated actor belongs to is not part of any actor's id.
  while (cur && !isWorldRoot(cur)) {
    parts.push(String(cur.id));
    cur = cur._parent as typeof cur;
  }
  return parts.reverse().join('/');
}

function payloadOf(event: { type: string }): unknown {
  let has = false;
  for (const key in event) {
    if (key !== 'type') {
      has = true;
      break;
    }
  }
  if (!has) return undefined;
  const { type: _type, ...rest } = event as Record<string, unknown>;
  return rest;
}

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'function') return undefined;
  if (value && typeof value === 'object' && 'sessionId' in (value as object)) {
    return `@actor:${stableActorId(value)}`;
  }
  return value;
}

function hex(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}
