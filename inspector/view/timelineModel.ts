/**
 * What the timeline chart shows, gathered from trace lines as they are replayed: the heartbeat
 * serial written at the P-VOL (sender's `WRITE.OK`), seen at the S-VOL (receiver's `READ.DONE`)
 * and seen over the network (`NET.HEARTBEAT`); the status of each path over time (the receiver's
 * `mirror` / `network` regions); faults, alerts and the failover.
 */
import { decodeHeartbeat } from '../../model/heartbeatMessage';
import type { TraceLine } from '../../sim/createTrace';

export interface SerialPoint {
  t: number;
  serial: number;
}

export type PathName = 'mirror' | 'network';

/** A stretch of time during which a path had one status. */
export interface StatusSpan {
  path: PathName;
  status: string;
  from: number;
  /** null: still in this status. */
  to: number | null;
}

export interface TimelineAlert {
  t: number;
  kind: string;
  source: string;
  detail: string;
}

export interface TimelineFault {
  t: number;
  action: string;
  target?: string;
  /** When it was reverted (null: not yet / never). */
  until: number | null;
  text: string;
}

export interface TimelineModel {
  pvol: SerialPoint[];
  svol: SerialPoint[];
  network: SerialPoint[];
  spans: StatusSpan[];
  alerts: TimelineAlert[];
  faults: TimelineFault[];
  failover: { declaredAt: number | null; startedAt: number | null; completedAt: number | null };
  /** Latest time seen. */
  lastT: number;
}

/** An empty model. */
export function createTimelineModel(): TimelineModel {
  return {
    pvol: [],
    svol: [],
    network: [],
    spans: [],
    alerts: [],
    faults: [],
    failover: { declaredAt: null, startedAt: null, completedAt: null },
    lastT: 0
  };
}

/** Status name of a receiver region state (`warn75` → `warning`). */
export function pathStatusOf(state: string): string {
  return state.startsWith('warn') ? 'warning' : state;
}

/** Add one trace line to `model` (lines must come in trace order). */
export function addToTimeline(model: TimelineModel, line: TraceLine): void {
  model.lastT = Math.max(model.lastT, line.t);
  const payload = (line.payload ?? {}) as Record<string, unknown>;
  const program = line.actor.slice(line.actor.lastIndexOf('/') + 1);
  if (program === 'sender' && line.type === 'WRITE.OK' && typeof payload.serial === 'number') {
    model.pvol.push({ t: line.t, serial: payload.serial });
  } else if (program === 'receiver') {
    if (line.type === 'READ.DONE' || line.type === 'NET.HEARTBEAT') {
      const msg = decodeHeartbeat(payload.data);
      if (msg)
        (line.type === 'READ.DONE' ? model.svol : model.network).push({
          t: line.t,
          serial: msg.serial
        });
    }
    const regions = regionsOf(line.state);
    for (const path of ['mirror', 'network'] as const) {
      const state = regions?.[path];
      if (typeof state !== 'string' || state === 'start') continue;
      setStatus(model, path, pathStatusOf(state), line.t);
    }
    if (line.type === 'xstate.stop' || (typeof line.state === 'string' && line.state !== 'on')) {
      for (const path of ['mirror', 'network'] as const) closeSpan(model, path, line.t);
    }
  } else if (line.type === 'alert') {
    const kind = String(payload.kind ?? 'alert');
    const detail = String(payload.detail ?? '');
    model.alerts.push({ t: line.t, kind, source: line.actor, detail });
    const f = model.failover;
    if (kind === 'failure-declared' && f.declaredAt === null) f.declaredAt = line.t;
    if (kind === 'failover-started' && f.startedAt === null) f.startedAt = line.t;
    if (kind === 'failover-completed' && f.completedAt === null) {
      f.completedAt = line.t;
      // The standby stops receiving once it serves: its rows end here.
      for (const path of ['mirror', 'network'] as const) closeSpan(model, path, line.t);
    }
  } else if (line.actor === 'scenario') {
    if (line.type === 'fault') {
      model.faults.push({
        t: line.t,
        action: String(payload.action ?? 'fault'),
        target: payload.target === undefined ? undefined : String(payload.target),
        until: null,
        text: [payload.action, payload.target].filter((x) => x !== undefined).join(' ')
      });
    } else if (line.type === 'revert') {
      const open = [...model.faults]
        .reverse()
        .find((f) => f.until === null && f.t === payload.at && f.action === payload.action);
      if (open) open.until = line.t;
    }
  }
}

/** The receiver's `{ on: { watching: { mirror, network } } }` regions, if present. */
function regionsOf(state: unknown): Record<string, unknown> | undefined {
  const on = (state as { on?: unknown } | undefined)?.on;
  const watching = (on as { watching?: unknown } | undefined)?.watching;
  return watching && typeof watching === 'object'
    ? (watching as Record<string, unknown>)
    : undefined;
}

function setStatus(model: TimelineModel, path: PathName, status: string, t: number): void {
  const open = lastOpen(model, path);
  if (open && open.status === status) return;
  if (open) open.to = t;
  model.spans.push({ path, status, from: t, to: null });
}

function closeSpan(model: TimelineModel, path: PathName, t: number): void {
  const open = lastOpen(model, path);
  if (open) open.to = t;
}

function lastOpen(model: TimelineModel, path: PathName): StatusSpan | undefined {
  for (let i = model.spans.length - 1; i >= 0; i--) {
    const s = model.spans[i];
    if (s.path === path) return s.to === null ? s : undefined;
  }
  return undefined;
}
