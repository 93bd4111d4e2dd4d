/**
 * What the timeline chart shows, gathered from trace lines as they are replayed: the heartbeat
 * serial written at the P-VOL (sender's `WRITE.OK`), seen at the S-VOL (receiver's `READ.DONE`)
 * and seen over the network (`NET.HEARTBEAT`); the status of each path over time (the receiver's
 * `mirror` / `network` regions); faults, alerts and the failover.
 */
import { decodeHeartbeat } from '../../model/heartbeatMessage';
import type { TraceLine } from '../../sim/createTrace';
import { topState } from './worldState';

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

/** A stretch of time (`to` null: still going). */
export interface Span {
  from: number;
  to: number | null;
}

export type SiteName = 'production' | 'standby';

/** What the users see of a site: its application running, its writes acknowledged. */
export interface ServiceLanes {
  app: Span[];
  acks: Span[];
}

/** Acknowledged writes closer than this belong to one stretch of service (ms). */
export const ACK_GAP = 2000;

export interface TimelineModel {
  pvol: SerialPoint[];
  svol: SerialPoint[];
  network: SerialPoint[];
  spans: StatusSpan[];
  alerts: TimelineAlert[];
  faults: TimelineFault[];
  failover: { declaredAt: number | null; startedAt: number | null; completedAt: number | null };
  /** Per site: application running and writes acknowledged. */
  service: Record<SiteName, ServiceLanes>;
  /** When a series stopped being fed (its program stopped), null while it is. */
  seriesEnd: { pvol: number | null; svol: number | null; network: number | null };
  /** Internal: application actors running now, by site. */
  running: Record<SiteName, Set<string>>;
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
    service: { production: { app: [], acks: [] }, standby: { app: [], acks: [] } },
    seriesEnd: { pvol: null, svol: null, network: null },
    running: { production: new Set(), standby: new Set() },
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
  const slash = line.actor.lastIndexOf('/');
  const program = line.actor.slice(slash + 1);
  const owner = slash > 0 ? line.actor.slice(0, slash) : '';
  const site = siteOf(owner || line.actor);
  // The serial plot follows the first group's production → standby heartbeat (`prod-N` sends,
  // `standby-N` receives); other groups and the reverse heartbeat have their own tables.
  const mainGroup = /^(prod|standby)-\d+$/.test(owner);
  if (program === 'app' && site) {
    const set = model.running[site];
    const was = set.size > 0;
    const runs = line.type !== 'xstate.stop' && topState(line.state) === 'running';
    if (line.state !== undefined || line.type === 'xstate.stop') {
      if (runs) set.add(line.actor);
      else set.delete(line.actor);
    }
    if (set.size > 0 !== was) toggle(model.service[site].app, set.size > 0, line.t);
    return;
  }
  if (line.type === 'write-acked' && /-data$/.test(line.actor) && site) {
    const acks = model.service[site].acks;
    const last = acks[acks.length - 1];
    if (last && last.to !== null && line.t - last.to <= ACK_GAP) last.to = line.t;
    else acks.push({ from: line.t, to: line.t });
    return;
  }
  if (program === 'sender' && mainGroup && site === 'production') {
    if (line.type === 'WRITE.OK' && typeof payload.serial === 'number') {
      model.pvol.push({ t: line.t, serial: payload.serial });
      model.seriesEnd.pvol = null;
    } else if (line.type === 'xstate.stop') model.seriesEnd.pvol = line.t;
  } else if (program === 'receiver' && mainGroup && site === 'standby') {
    if (line.type === 'xstate.stop') {
      model.seriesEnd.svol = line.t;
      model.seriesEnd.network = line.t;
    } else if (line.type === 'xstate.init') {
      model.seriesEnd.svol = null;
      model.seriesEnd.network = null;
    }
    // A heartbeat handed on later carries when it came (`at`): its stream-level line showed it.
    if (
      (line.type === 'READ.DONE' || line.type === 'NET.HEARTBEAT') &&
      typeof payload.at !== 'number'
    ) {
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

function siteOf(id: string): SiteName | null {
  return /(^|[-/])prod/.test(id) ? 'production' : /(^|[-/])standby/.test(id) ? 'standby' : null;
}

function toggle(spans: Span[], on: boolean, t: number): void {
  const last = spans[spans.length - 1];
  if (on) {
    if (!last || last.to !== null) spans.push({ from: t, to: null });
  } else if (last && last.to === null) last.to = t;
}

/**
 * The stretches within `[0, until]` during which no site acknowledged writes (after the first
 * acknowledged write): the users' unavailability. As the run report counts it, an outage starts
 * when the last application that could serve stopped, if that came after the last write it
 * acknowledged (a write arriving in between would still have been acknowledged), and ends at
 * the next acknowledged write.
 */
export function unavailableSpans(model: TimelineModel, until: number): Span[] {
  const all = [...model.service.production.acks, ...model.service.standby.acks]
    .filter((s) => s.from <= until)
    .map((s) => ({ from: s.from, to: Math.min(s.to ?? until, until) }))
    .sort((a, b) => a.from - b.from);
  const apps = [...model.service.production.app, ...model.service.standby.app];
  const start = (covered: number, next: number) => {
    let from = covered;
    for (const a of apps) {
      if (a.from <= covered && a.to !== null && a.to > from && a.to < next) from = a.to;
    }
    return from;
  };
  const out: Span[] = [];
  let covered = all.length > 0 ? all[0].to : 0;
  for (const s of all.slice(1)) {
    if (s.from - covered > ACK_GAP) out.push({ from: start(covered, s.from), to: s.from });
    covered = Math.max(covered, s.to);
  }
  if (all.length > 0 && until - covered > ACK_GAP) {
    out.push({ from: start(covered, until), to: null });
  }
  return out;
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
