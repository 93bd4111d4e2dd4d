/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The inspector page. It receives trace lines from the server (which computes the run ahead on
 * request) and replays them on its own simulated clock: `simNow` advances by real elapsed time ×
 * speed, and every line with `t ≤ simNow` is applied in trace order. Pausing, stepping one line,
 * jumping and changing speed only change which prefix of the (deterministic) trace is shown; they
 * never reach into the simulation.
 */
import type { NarrativeEntry } from '../../model/run';
import type { RunReport } from '../../model/scenario';
import type { StatusRow } from '../../model/statusTable';
import type { TraceLine } from '../../sim/createTrace';
import { activePaths, type Statechart } from '../statechart/toStatechart';
import { classifyActor, describeState, type ActorInfo } from '../view/actors';
import { clock, esc, parseTime } from '../view/format';
import type { HelloMessage, ServerMessage, TableSample } from '../view/protocol';
import { addToSequence, createSequenceModel, type SequenceModel } from '../view/sequenceModel';
import {
  SEQ_ROW_H,
  createSequenceIndex,
  orderLifelines,
  renderSequenceHeader,
  renderSequenceRows,
  rowOfTime,
  rowsUpTo,
  updateSequenceIndex,
  type SequenceIndex
} from '../view/sequenceSvg';
import { deriveTables } from '../view/statusTables';
import { addToTimeline, createTimelineModel, type TimelineModel } from '../view/timelineModel';
import { TIMELINE_LEFT, TIMELINE_RIGHT, renderTimelineSvg } from '../view/timelineSvg';
import { renderTopologySvg } from '../view/topologySvg';
import {
  applyToWorld,
  createWorldState,
  isDown,
  type ActorState,
  type WorldState
} from '../view/worldState';

type Speed = 1 | 10 | 100 | 'max';

interface Replay {
  hello: HelloMessage | null;
  lines: TraceLine[];
  tables: TableSample[];
  machines: Record<string, string>;
  upTo: number;
  done: boolean;
  report?: RunReport;
  narrative?: NarrativeEntry[];
  /** Index of the next line to apply. */
  next: number;
  nextTable: number;
  simNow: number;
  playing: boolean;
  speed: Speed;
  actors: Map<string, ActorInfo>;
  /** Every actor's state at `simNow` (the world's actors map). */
  states: Map<string, ActorState>;
  world: WorldState;
  /** The zoomed window of the timeline (null: the whole run). */
  view: { from: number; to: number } | null;
  /** The event shown in the detail viewer (line index). */
  detail: number | null;
  rows: Map<string, StatusRow[]>;
  timeline: TimelineModel;
  sequence: SequenceModel;
  selected: string | null;
  requested: number;
  pendingJump: number | null;
  local: boolean;
}

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

const r: Replay = {
  hello: null,
  lines: [],
  tables: [],
  machines: {},
  upTo: 0,
  done: false,
  next: 0,
  nextTable: 0,
  simNow: 0,
  playing: false,
  speed: 10,
  actors: new Map(),
  states: new Map(),
  world: createWorldState(),
  view: null,
  detail: null,
  rows: new Map(),
  timeline: createTimelineModel(),
  sequence: createSequenceModel(),
  selected: null,
  requested: 0,
  pendingJump: null,
  local: false
};
r.states = r.world.actors;

// Tests and curious users can read the replay state.
(window as unknown as { __mirrorbeat: Replay }).__mirrorbeat = r;

let socket: WebSocket | null = null;
let dirty = true;
let lastHeavy = 0;

function connect(): void {
  socket = new WebSocket(`ws://${location.host}/ws`);
  socket.onmessage = (ev) => onMessage(JSON.parse(String(ev.data)) as ServerMessage);
  socket.onclose = () => {
    if (!r.local) setStatus('disconnected from the server');
  };
}

function onMessage(msg: ServerMessage): void {
  if (msg.type === 'error') {
    setStatus(`server: ${msg.message}`);
    return;
  }
  if (msg.type === 'hello') {
    r.hello = msg;
    for (const a of msg.actors) {
      r.actors.set(a.id, a);
      addLogActor(a.id);
    }
    topologyDirty = true;
    $('scenario').textContent =
      `${msg.scenario}${msg.seed !== undefined ? ` · seed ${msg.seed}` : ''} · ${msg.source === 'file' ? 'trace file' : 'live run'}` +
      (msg.description ? ` — ${msg.description}` : '');
    $('tables-source').textContent =
      msg.tables === 'context' ? "(the programs' own context)" : '(rebuilt from the trace)';
    document.body.dataset.phase = 'ready';
    const wanted = readUrl();
    select(wanted.actor ?? defaultActor());
    if (wanted.t !== null) jump(wanted.t);
    request(Math.max(10_000, r.simNow + 10_000));
    dirty = true;
    return;
  }
  // chunk
  if (msg.from !== r.lines.length + skipped) return;
  for (const line of msg.lines) {
    if (isTraceLine(line)) r.lines.push(line);
    else skipped++;
  }
  for (const t of msg.tables) r.tables.push(t);
  Object.assign(r.machines, msg.machines);
  r.upTo = msg.upTo;
  r.done = msg.done;
  if (msg.report) r.report = msg.report;
  if (msg.narrative) r.narrative = msg.narrative;
  r.requested = Math.min(r.requested, r.upTo);
  if (r.pendingJump !== null && (r.upTo >= r.pendingJump || r.done)) {
    const t = r.pendingJump;
    r.pendingJump = null;
    jump(t);
  }
  dirty = true;
}

/** Lines that were not events (a trace header), skipped but counted for the chunk offsets. */
let skipped = 0;

/** A trace event line (a header line `{"type":"header",…}` has no actor or time). */
function isTraceLine(x: unknown): x is TraceLine {
  const l = x as Partial<TraceLine> | null;
  return (
    !!l && typeof l.t === 'number' && typeof l.actor === 'string' && typeof l.type === 'string'
  );
}

function request(until: number): void {
  if (r.local || r.done || !socket || socket.readyState !== WebSocket.OPEN) return;
  if (until <= r.requested) return;
  r.requested = until;
  socket.send(JSON.stringify({ type: 'need', until }));
}

// ---- applying lines ---------------------------------------------------------------------

function actorInfo(id: string): ActorInfo {
  let info = r.actors.get(id);
  if (!info) {
    info = classifyActor(id, Object.keys(r.hello?.statecharts ?? {}));
    r.actors.set(id, info);
    addLogActor(id);
    topologyDirty = true;
  }
  const confirmed = r.machines[id];
  if (confirmed && info.machine !== confirmed) info.machine = confirmed;
  return info;
}

/**
 * Going back in time: the actors' states, the tables and the last transitions are restored from
 * the nearest checkpoint (taken every few thousand lines) and replayed from there, so stepping
 * back at the end of a day-long trace is as quick as at its start. The timeline and sequence
 * models only ever grow (up to `modelUpTo` lines): their views draw what is at or before the
 * cursor, so a model ahead of the cursor shows the same as one rebuilt up to it.
 */
interface Checkpoint {
  next: number;
  nextTable: number;
  world: WorldState;
  rows: Map<string, StatusRow[]>;
  lastEvent: Map<string, { prev: unknown; type: string; index: number }>;
}
const CHECKPOINT_EVERY = 5000;
let checkpoints: Checkpoint[] = [];
let modelUpTo = 0;

function rewind(target: number): void {
  let cp: Checkpoint | undefined;
  for (let i = checkpoints.length - 1; i >= 0; i--) {
    if (checkpoints[i].next <= target) {
      cp = checkpoints[i];
      break;
    }
  }
  if (!cp) {
    reset(false);
  } else {
    r.next = cp.next;
    r.nextTable = cp.nextTable;
    r.world = structuredClone(cp.world);
    r.states = r.world.actors;
    r.rows = structuredClone(cp.rows);
    lastEvent.clear();
    for (const [k, v] of cp.lastEvent) lastEvent.set(k, { ...v });
  }
  while (r.next < target) applyNext();
  dirty = true;
}

function applyNext(): TraceLine | undefined {
  const line = r.lines[r.next];
  if (!line) return undefined;
  if (r.next % CHECKPOINT_EVERY === 0 && !checkpoints.some((c) => c.next === r.next)) {
    checkpoints.push({
      next: r.next,
      nextTable: r.nextTable,
      world: structuredClone(r.world),
      rows: structuredClone(r.rows),
      lastEvent: structuredClone(lastEvent)
    });
  }
  actorInfo(line.actor);
  const prev = r.states.get(line.actor)?.state;
  applyToWorld(r.world, line);
  if (line.state !== undefined && line.type !== 'xstate.stop')
    lastEvent.set(line.actor, { prev, type: line.type, index: r.next });
  if (r.next >= modelUpTo) {
    addToTimeline(r.timeline, line);
    addToSequence(r.sequence, line);
    modelUpTo = r.next + 1;
  }
  while (r.nextTable < r.tables.length && r.tables[r.nextTable].i <= r.next) {
    const s = r.tables[r.nextTable++];
    r.rows.set(s.actor, s.rows);
  }
  r.next++;
  dirty = true;
  return line;
}

/** Apply every received line with t ≤ `t` (at most `budget`). */
function applyUntil(t: number, budget = Number.POSITIVE_INFINITY): void {
  let n = 0;
  while (r.next < r.lines.length && r.lines[r.next].t <= t && n < budget) {
    applyNext();
    n++;
  }
}

/** Per actor: the state before its last transition, the event, its line (the last transition). */
const lastEvent = new Map<string, { prev: unknown; type: string; index: number }>();

/** Back to before the first line; `models` also forgets the timeline and sequence (a new trace). */
function reset(models = true): void {
  r.next = 0;
  r.nextTable = 0;
  r.simNow = 0;
  r.world = createWorldState();
  r.states = r.world.actors;
  lastEvent.clear();
  r.rows = new Map();
  if (models) {
    r.timeline = createTimelineModel();
    r.sequence = createSequenceModel();
    seqIndex = null;
    modelUpTo = 0;
    checkpoints = [];
  }
  dirty = true;
}

function jump(t: number): void {
  const target = Math.max(0, Math.min(t, r.hello?.durationMs ?? t));
  if (target > r.upTo && !r.done) {
    r.pendingJump = target;
    request(target);
    setStatus(`computing up to ${clock(target)}…`);
    return;
  }
  if (target < r.simNow) {
    // Back to the first line after `target`, then forward to it.
    let lo = 0;
    let hi = r.next;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (r.lines[m].t <= target) lo = m + 1;
      else hi = m;
    }
    rewind(lo);
  }
  applyUntil(target);
  r.simNow = target;
  dirty = true;
  updateUrl();
}

// ---- a URL for this moment and actor ---------------------------------------------------------

function updateUrl(): void {
  const params = new URLSearchParams();
  params.set('t', `${(r.simNow / 1000).toFixed(3)}s`);
  if (r.selected) params.set('actor', r.selected);
  const url = `${location.pathname}?${params.toString()}`;
  if (`${location.pathname}${location.search}` !== url) history.replaceState(null, '', url);
  const link = document.getElementById('link') as HTMLAnchorElement | null;
  if (link) link.href = url;
}

/** `?t=125.12s&actor=standby-1/receiver`: open at that time with that actor selected. */
function readUrl(): { t: number | null; actor: string | null } {
  const params = new URLSearchParams(location.search);
  const t = params.get('t');
  return { t: t === null ? null : parseTime(t), actor: params.get('actor') };
}

function step(): void {
  r.playing = false;
  const line = r.next < r.lines.length ? applyNext() : undefined;
  if (line) r.simNow = Math.max(r.simNow, line.t);
  else request(r.simNow + 5000);
  dirty = true;
  updateUrl();
}

/** Undo the last applied event: back to the state just before it. */
function stepBack(): void {
  r.playing = false;
  if (r.next === 0) return;
  rewind(r.next - 1);
  r.simNow = r.next > 0 ? r.lines[r.next - 1].t : 0;
  dirty = true;
  updateUrl();
}

// ---- the clock loop ---------------------------------------------------------------------

let lastFrame = performance.now();
function frame(now: number): void {
  const dt = Math.min(250, now - lastFrame);
  lastFrame = now;
  const end = r.hello?.durationMs ?? 0;
  if (r.playing && r.hello) {
    if (r.speed === 'max') {
      applyUntil(Number.POSITIVE_INFINITY, 20_000);
      r.simNow = r.next > 0 ? Math.max(r.simNow, r.lines[r.next - 1].t) : r.simNow;
      if (r.next >= r.lines.length) r.simNow = Math.max(r.simNow, r.upTo);
      request(r.upTo + 60_000);
    } else {
      const target = Math.min(r.simNow + dt * r.speed, r.done ? end : r.upTo);
      applyUntil(target);
      r.simNow = Math.max(r.simNow, target);
      request(r.simNow + Math.max(5000, r.speed * 3000));
    }
    if (r.done && r.next >= r.lines.length && r.simNow >= Math.min(end, r.upTo)) {
      r.playing = false;
      updateUrl();
    }
    dirty = true;
  }
  if (dirty) render(now);
  requestAnimationFrame(frame);
}

// ---- rendering --------------------------------------------------------------------------

let topologyDirty = true;
let chartActor: string | null = null;
let activeEls: Element[] = [];

function render(now: number): void {
  dirty = false;
  const end = r.hello?.durationMs ?? 0;
  const ended = r.done && r.next >= r.lines.length;
  $('clock').textContent = `${clock(r.simNow)} / ${clock(end)}`;
  document.body.dataset.phase = !r.hello
    ? 'connecting'
    : ended
      ? 'ended'
      : r.playing
        ? 'playing'
        : 'paused';
  document.body.dataset.simNow = String(r.simNow);
  $('play').textContent = r.playing ? '❚❚ pause' : '▶ play';
  for (const b of document.querySelectorAll<HTMLButtonElement>('button.speed')) {
    b.classList.toggle('on', String(r.speed) === b.dataset.speed);
  }
  renderTopology();
  renderStatechart();
  // The heavier views are redrawn a few times a second while playing.
  if (!r.playing || now - lastHeavy > 200) {
    lastHeavy = now;
    renderTables();
    renderTimeline();
    renderSequence();
    renderLog();
    renderStatus();
  } else {
    dirty = true;
  }
}

function renderTopology(): void {
  const box = $('topology');
  const width = Math.max(560, box.clientWidth || 860);
  const key = `${r.next}|${width}|${r.selected}|${r.actors.size}`;
  if (!topologyDirty && box.dataset.key === key) return;
  topologyDirty = false;
  box.dataset.key = key;
  const actors = [...r.actors.values()].filter((a) => a.kind !== 'scenario');
  box.innerHTML = renderTopologySvg(r.world, actors, { width, selected: r.selected });
}

// ---- the statechart panel: fit, zoom, pan, follow the active state ------------------------------

interface ChartView {
  x: number;
  y: number;
  w: number;
  h: number;
}
let chartBase: ChartView | null = null;
let chartView: ChartView | null = null;
let followKey = '';

function chartSvg(): SVGSVGElement | null {
  return $('statechart').querySelector('svg');
}

function setChartView(v: ChartView): void {
  const svg = chartSvg();
  if (!svg) return;
  chartView = v;
  svg.setAttribute('viewBox', `${v.x} ${v.y} ${v.w} ${v.h}`);
}

/** The view that shows the whole chart in the panel. */
function fitChart(): void {
  if (chartBase) setChartView({ ...chartBase });
}

function zoomChart(factor: number, cx?: number, cy?: number): void {
  if (!chartView || !chartBase) return;
  const v = chartView;
  const w = Math.min(chartBase.w * 1.5, Math.max(60, v.w / factor));
  const h = (w / v.w) * v.h;
  const px = cx ?? v.x + v.w / 2;
  const py = cy ?? v.y + v.h / 2;
  setChartView({ x: px - ((px - v.x) * w) / v.w, y: py - ((py - v.y) * h) / v.h, w, h });
}

/** Centre the view on `el` (in the SVG's user space), zooming in so that it is readable. */
function focusChart(el: SVGGraphicsElement): void {
  if (!chartBase || !chartView) return;
  const b = bboxInSvg(el);
  if (!b) return;
  const box = $('statechart');
  const aspect = (box.clientHeight || 400) / (box.clientWidth || 600);
  // Readable: at most 2.5 × the leaf, never more than the whole chart.
  let w = Math.min(chartBase.w, Math.max(b.width * 2.5, (box.clientWidth || 600) * 1.25));
  let h = w * aspect;
  if (h < b.height * 1.6) {
    h = b.height * 1.6;
    w = h / aspect;
  }
  setChartView({ x: b.x + b.width / 2 - w / 2, y: b.y + b.height / 2 - h / 2, w, h });
}

/** `el`'s bounding box in the outer SVG's user space (the view box's coordinates). */
function bboxInSvg(
  el: SVGGraphicsElement
): { x: number; y: number; width: number; height: number } | null {
  const svg = chartSvg();
  const a = svg?.getScreenCTM();
  const m = el.getScreenCTM();
  if (!svg || !a || !m) return null;
  const local = el.getBBox();
  const toSvg = a.inverse().multiply(m);
  const p0 = new DOMPoint(local.x, local.y).matrixTransform(toSvg);
  const p1 = new DOMPoint(local.x + local.width, local.y + local.height).matrixTransform(toSvg);
  return {
    x: Math.min(p0.x, p1.x),
    y: Math.min(p0.y, p1.y),
    width: Math.abs(p1.x - p0.x),
    height: Math.abs(p1.y - p0.y)
  };
}

function renderStatechart(): void {
  const id = r.selected;
  const box = $('statechart');
  const info = id ? actorInfo(id) : undefined;
  const machine = info?.machine;
  const entry = machine ? r.hello?.statecharts[machine] : undefined;
  if (chartActor !== id) {
    chartActor = id;
    activeEls = [];
    followKey = '';
    box.innerHTML = entry
      ? entry.svg.replace(/^[\s\S]*?(<svg)/, '$1')
      : '<p class="muted">No statechart for this actor (it is a stream, not a machine).</p>';
    box.dataset.machine = machine ?? '';
    const svg = chartSvg();
    chartBase = null;
    chartView = null;
    if (svg) {
      const vb = svg.viewBox.baseVal;
      chartBase = { x: vb.x, y: vb.y, w: vb.width, h: vb.height };
      // Fit the panel: the SVG fills the box, the view box decides what is shown.
      svg.setAttribute('width', '100%');
      svg.setAttribute('height', '100%');
      svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
      fitChart();
    }
    const sel = $<HTMLSelectElement>('chart-actor');
    if (id && sel.value !== id) sel.value = id;
  }
  const s = id ? r.states.get(id) : undefined;
  const host = info?.host ? r.states.get(info.host) : undefined;
  const stopped = !!s && (s.stopped || (info?.kind === 'program' && isDown(host)));
  box.classList.toggle('stopped', stopped);
  $('chart-state').textContent = s
    ? `${machine ?? ''}Machine · ${stopped ? `stopped${s.stopped ? '' : ` (host ${describeState(host?.state)})`} — last: ` : ''}${s.stopped ? describeState(previousState(id as string)) : describeState(s.state)}`
    : machine
      ? `${machine}Machine · not started yet`
      : '';
  if (!entry) return;
  const wanted = new Set(s && !s.stopped ? activePaths(s.state).map((p) => `st:${p}`) : []);
  const current = new Set(activeEls.map((e) => e.id));
  const same = wanted.size === current.size && [...wanted].every((w) => current.has(w));
  if (!same) {
    for (const el of activeEls) el.classList.remove('active', 'leaf');
    activeEls = [];
    for (const w of wanted) {
      const el = document.getElementById(w);
      if (el && box.contains(el)) {
        el.classList.add('active');
        activeEls.push(el);
      }
    }
    // Leaves: active states with no active descendant.
    for (const el of activeEls) {
      const path = el.id.slice(3);
      const isLeaf = ![...wanted].some((w) => w !== el.id && w.startsWith(`st:${path}.`));
      if (isLeaf && path !== '') el.classList.add('leaf');
    }
  }
  // The last transition taken.
  const last = id ? lastEvent.get(id) : undefined;
  const tr = last && !s?.stopped ? findTransition(entry.chart, last.prev, s?.state, last.type) : [];
  const trKey = `${id}|${last?.index ?? ''}`;
  if (box.dataset.lastKey !== trKey) {
    box.dataset.lastKey = trKey;
    for (const el of box.querySelectorAll('.last')) el.classList.remove('last');
    // A transition is its label node `tr:<i>` and its two halves `tr:<i>:in`, `tr:<i>:out<k>`.
    for (const i of tr) {
      for (const el of box.querySelectorAll(`[id="tr:${i}"], [id^="tr:${i}:"]`)) {
        el.classList.add('last');
      }
    }
    $('chart-last').textContent = last
      ? `last: ${last.type}${tr.length === 0 ? ' (no drawn transition)' : ''}`
      : '';
  }
  // Follow: bring the leaf the last transition entered into view, readable, when it changes.
  const targets = new Set(tr.flatMap((i) => entry.chart.transitions[i].targets));
  const leaves = [...box.querySelectorAll<SVGGraphicsElement>('.active.leaf')];
  const leaf =
    leaves.find((el) =>
      [...targets].some((p) => el.id === `st:${p}` || el.id.startsWith(`st:${p}.`))
    ) ?? leaves[0];
  for (const el of box.querySelectorAll('.focus')) if (el !== leaf) el.classList.remove('focus');
  leaf?.classList.add('focus');
  const key = `${id}|${leaf?.id ?? ''}`;
  if ($<HTMLInputElement>('chart-follow').checked && leaf && key !== followKey) {
    followKey = key;
    if (!leafVisible(leaf) || chartScale() < 0.75) focusChart(leaf);
  }
}

/** Screen pixels per SVG unit in the statechart panel now. */
function chartScale(): number {
  const box = $('statechart');
  if (!chartView) return 1;
  return Math.min(box.clientWidth / chartView.w, box.clientHeight / chartView.h);
}

/** True when `el` is entirely inside the statechart panel. */
function leafVisible(el: Element): boolean {
  const a = el.getBoundingClientRect();
  const b = $('statechart').getBoundingClientRect();
  return (
    a.width > 0 && a.left >= b.left && a.right <= b.right && a.top >= b.top && a.bottom <= b.bottom
  );
}

function previousState(id: string): unknown {
  for (let i = r.next - 1; i >= 0; i--) {
    const l = r.lines[i];
    if (l.actor === id && l.type !== 'xstate.stop' && l.state !== undefined) return l.state;
  }
  return undefined;
}

/**
 * The transitions (indexes into `chart.transitions`) that event `type` took from `prev` to `next`:
 * the trigger matches (an `after` delay by its name in `xstate.after.<delay>.…`), the source was
 * active before, and (for a targeted transition) a target is active after.
 */
function findTransition(chart: Statechart, prev: unknown, next: unknown, type: string): number[] {
  const before = new Set(activePaths(prev));
  const after = new Set(activePaths(next));
  const matches: { i: number; depth: number }[] = [];
  chart.transitions.forEach((t, i) => {
    const trig =
      t.kind === 'after'
        ? type.startsWith(`xstate.after.${t.trigger}.`)
        : t.kind === 'event' && t.trigger === type;
    if (!trig || !before.has(t.source)) return;
    if (t.targets.length > 0 && !t.targets.some((x) => after.has(x))) return;
    matches.push({ i, depth: t.source.split('.').length });
  });
  return matches.map((m) => m.i);
}

// ---- status tables: stale when their program stopped ---------------------------------------------

function renderTables(): void {
  const parts: string[] = [];
  const fmt = (v: number | null) => (v === null ? '—' : String(v));
  for (const [actor, rows] of [...r.rows.entries()].sort(
    (a, b) => siteRank(a[0]) - siteRank(b[0]) || a[0].localeCompare(b[0])
  )) {
    const info = r.actors.get(actor);
    const s = r.states.get(actor);
    const host = info?.host ? r.states.get(info.host) : undefined;
    const stale = !!s && (s.stopped || isDown(host));
    const why = stale
      ? s?.stopped
        ? `stale: the program stopped at ${clock(s.t)}`
        : `stale: ${info?.host} is ${describeState(host?.state)} since ${clock(host?.t ?? 0)}`
      : '';
    parts.push(
      `<table data-actor="${esc(actor)}"${stale ? ' class="stale"' : ''}><caption>${esc(actor)} — ${esc(info?.site ?? '')} ${esc(info?.label ?? '')}${stale ? ` <span class="stale-note">${esc(why)}</span>` : ''}</caption>` +
        '<tr><th>path</th><th>device address</th><th>role</th><th>enabled</th><th>last serial</th><th>last time</th><th>last change</th><th>status</th></tr>' +
        rows
          .map(
            (row) =>
              `<tr data-path="${esc(row.path)}"><td>${esc(row.path)}</td><td>${esc(row.device)}</td><td>${esc(row.role)}</td><td>${row.enabled ? 'yes' : 'no'}</td>` +
              `<td class="serial">${esc(fmt(row.lastSerial))}</td><td>${row.lastTime === null ? '—' : esc(clock(row.lastTime))}</td><td>${row.lastChange === null ? '—' : esc(clock(row.lastChange))}</td>` +
              `<td class="status-${esc(row.status)}" title="${esc(row.reason ?? '')}">${esc(row.status)}${row.warning ? ` ${esc(row.warning)}%` : ''}</td></tr>`
          )
          .join('') +
        '</table>'
    );
  }
  const html = parts.join('') || '<p class="muted">No heartbeat program has started yet.</p>';
  const box = $('tables');
  if (box.innerHTML !== html) box.innerHTML = html;
}

function siteRank(id: string): number {
  const site = r.actors.get(id)?.site;
  return site === 'production' ? 0 : site === 'standby' ? 2 : 1;
}

// ---- timeline: zoom with a brush ---------------------------------------------------------------

function renderTimeline(): void {
  const box = $('timeline');
  const width = Math.max(600, box.clientWidth || 1000);
  const duration = Math.max(r.hello?.durationMs ?? 0, 1);
  box.innerHTML = renderTimelineSvg(r.timeline, {
    width,
    durationMs: duration,
    cursor: r.simNow,
    from: r.view?.from,
    to: r.view?.to
  });
  $('zoom-out').hidden = r.view === null;
  $('zoom-range').textContent = r.view ? `${clock(r.view.from)} – ${clock(r.view.to)}` : '';
}

/** Simulated time at client x over the timeline (clamped to the window). */
function timelineTime(clientX: number): number | null {
  const svg = $('timeline').querySelector('svg');
  if (!svg || !r.hello) return null;
  const box = svg.getBoundingClientRect();
  const vb = svg.viewBox.baseVal;
  const x = ((clientX - box.left) / box.width) * vb.width;
  const from = r.view?.from ?? 0;
  const to = r.view?.to ?? Math.max(r.hello.durationMs, 1);
  const f = (x - TIMELINE_LEFT) / (vb.width - TIMELINE_LEFT - TIMELINE_RIGHT);
  if (f < -0.02) return null;
  return Math.round(from + Math.min(1, Math.max(0, f)) * (to - from));
}

// ---- sequence: the whole run, virtualised -------------------------------------------------------

let seqIndex: SequenceIndex | null = null;
let seqKey = '';
/** A moment the sequence is to be scrolled to at its next redraw. */
let seqScrollTo: number | null = null;

function renderSequence(): void {
  const scroller = $('sequence');
  const actor = $<HTMLSelectElement>('seq-actor').value;
  const topic = $<HTMLSelectElement>('seq-topic').value;
  const filterKey = `${actor}|${topic}`;
  if (!seqIndex || seqKey !== filterKey) {
    seqIndex = createSequenceIndex({ actor: actor || undefined, topic: topic || undefined });
    seqKey = filterKey;
  }
  updateSequenceIndex(seqIndex, r.sequence);
  refreshOptions($<HTMLSelectElement>('seq-topic'), [...r.sequence.topics].sort(), 'every kind');
  const lifelines = orderLifelines(
    r.sequence.lifelines.size > 0
      ? r.sequence.lifelines
      : ['prod-1', 'prod-storage', 'standby-storage', 'standby-1']
  );
  refreshOptions($<HTMLSelectElement>('seq-actor'), lifelines, 'every actor');
  const width = Math.max(480, scroller.clientWidth - 4 || 600);
  const head = renderSequenceHeader(lifelines, width);
  const headBox = $('sequence-head');
  if (headBox.innerHTML !== head) headBox.innerHTML = head;
  // What happened up to the cursor (the model may hold more after a step back).
  const rows = rowsUpTo(seqIndex, r.simNow);
  const spacer = $('sequence-spacer');
  spacer.style.height = `${rows * SEQ_ROW_H + 8}px`;
  if (seqScrollTo !== null && seqIndex.times.length > 0) {
    scroller.scrollTop = Math.max(0, rowOfTime(seqIndex, seqScrollTo) * SEQ_ROW_H - 60);
    seqScrollTo = null;
  } else if ($<HTMLInputElement>('seq-follow').checked && rows > 0) {
    // Keep the latest rows in view while the replay runs.
    const target = Math.max(0, rows * SEQ_ROW_H + 8 - scroller.clientHeight);
    if (Math.abs(scroller.scrollTop - target) > 2) scroller.scrollTop = target;
  }
  const first = Math.max(0, Math.floor(scroller.scrollTop / SEQ_ROW_H) - 5);
  const count = Math.ceil((scroller.clientHeight || 400) / SEQ_ROW_H) + 10;
  const last = Math.min(rows, first + count);
  const win = $('sequence-window');
  win.style.top = `${first * SEQ_ROW_H}px`;
  const svg = renderSequenceRows(seqIndex, lifelines, first, last, { width, cursor: r.simNow });
  const winKey = `${filterKey}|${first}|${last}|${rows}|${width}|${r.next}`;
  if (win.dataset.key !== winKey) {
    win.dataset.key = winKey;
    win.innerHTML = svg;
  }
  $('seq-count').textContent = `${seqIndex.messages.length} messages, ${rows} instants`;
}

/**
 * Scroll the sequence so that simulated time `t` is in view (and stop following). The scroll is
 * made by the next redraw, once the spacer is as tall as the rows up to the new cursor: scrolled
 * now, a jump forward would be clamped to the rows of the old cursor.
 */
function scrollSequenceTo(t: number): void {
  $<HTMLInputElement>('seq-follow').checked = false;
  seqScrollTo = t;
  dirty = true;
}

function refreshOptions(sel: HTMLSelectElement, values: string[], all: string): void {
  const have = [...sel.options].slice(1).map((o) => o.value);
  if (have.join('|') === values.join('|')) return;
  const cur = sel.value;
  sel.innerHTML =
    `<option value="">${esc(all)}</option>` +
    values.map((v) => `<option value="${esc(v)}">${esc(v)}</option>`).join('');
  sel.value = values.includes(cur) ? cur : '';
}

// ---- event log and the detail viewer ------------------------------------------------------------

function renderLog(): void {
  const actor = $<HTMLSelectElement>('log-actor').value;
  const type = $<HTMLInputElement>('log-type').value.trim().toLowerCase();
  const rows: string[] = [];
  let matched = 0;
  for (let i = r.next - 1; i >= 0 && rows.length < 250; i--) {
    const l = r.lines[i];
    if (actor && l.actor !== actor && !l.actor.startsWith(`${actor}/`)) continue;
    if (type && !l.type.toLowerCase().includes(type)) continue;
    matched++;
    const payload = l.payload === undefined ? '' : JSON.stringify(l.payload);
    const cls = `${l.type === 'alert' ? 'alert' : l.actor === 'scenario' ? 'fault' : l.type === 'xstate.stop' ? 'stop' : ''}${r.detail === i ? ' open' : ''}`;
    rows.push(
      `<tr class="${cls}" data-i="${i}"><td class="t">${clock(l.t)}</td><td>${esc(l.actor)}</td><td>${esc(l.type)}</td><td class="payload">${esc(payload)}</td><td>${esc(describeState(l.state))}</td></tr>`
    );
  }
  $('log').innerHTML = `<table>${rows.join('')}</table>`;
  $('log-count').textContent =
    `${r.next} of ${r.lines.length} events applied; showing the latest ${matched}`;
  renderDetail();
}

function renderDetail(): void {
  const box = $('detail');
  const i = r.detail;
  if (i === null || !r.lines[i]) {
    box.hidden = true;
    return;
  }
  const l = r.lines[i];
  const a = r.states.get(l.actor);
  const rows = r.rows.get(l.actor);
  const json = (v: unknown) => esc(JSON.stringify(v, null, 2) ?? 'undefined');
  box.hidden = false;
  box.innerHTML =
    `<h3>event ${i + 1}: ${esc(l.type)} <span class="muted">at ${clock(l.t)} on ${esc(l.actor)}</span> <button id="detail-close" title="close">✕</button></h3>` +
    `<details open><summary>payload</summary><pre>${json(l.payload ?? null)}</pre></details>` +
    `<details open><summary>resulting state</summary><pre>${json(l.state ?? null)}</pre></details>` +
    (a?.input
      ? `<details><summary>input (context at start)</summary><pre>${json(a.input)}</pre></details>`
      : '') +
    (rows ? `<details><summary>status table now</summary><pre>${json(rows)}</pre></details>` : '');
}

function renderStatus(): void {
  const rep = r.report;
  if (r.done && r.next >= r.lines.length && rep) {
    const f = rep.outcome.failover;
    setStatus(
      `end of run · failover ${f.happened ? `completed at ${clock(f.completedAtMs ?? 0)}` : 'did not happen'} · ` +
        `${rep.alerts.length} alerts · trace hash ${rep.traceHash}`
    );
  } else if (r.pendingJump === null) {
    setStatus(
      `${r.lines.length} events received, computed to ${clock(r.upTo)}${r.done ? ' (complete)' : ''}`
    );
  }
}

function setStatus(text: string): void {
  $('status').textContent = text;
}

// ---- actor selection ----------------------------------------------------------------------

function defaultActor(): string | null {
  const ids = [...r.actors.keys()];
  return (
    ids.find((id) => /\/receiver$/.test(id)) ?? ids.find((id) => r.actors.get(id)?.machine) ?? null
  );
}

function select(id: string | null): void {
  r.selected = id;
  if (id) actorInfo(id);
  refreshChartChoices();
  dirty = true;
}

function refreshChartChoices(): void {
  const sel = $<HTMLSelectElement>('chart-actor');
  const ids = [...r.actors.values()]
    .filter((a) => a.machine)
    .map((a) => a.id)
    .sort();
  const have = [...sel.options].map((o) => o.value);
  if (have.join('|') !== ids.join('|')) {
    sel.innerHTML = ids.map((id) => `<option value="${esc(id)}">${esc(id)}</option>`).join('');
  }
  if (r.selected) sel.value = r.selected;
}

function addLogActor(id: string): void {
  const sel = $<HTMLSelectElement>('log-actor');
  if ([...sel.options].some((o) => o.value === id)) return;
  const opt = document.createElement('option');
  opt.value = id;
  opt.textContent = id;
  sel.appendChild(opt);
  refreshChartChoices();
}

// ---- trace file replay in the page ----------------------------------------------------------

function loadLocalTrace(text: string, name: string): void {
  const lines: TraceLine[] = [];
  for (const row of text.split(/\r?\n/)) {
    if (row.trim() === '') continue;
    const value: unknown = JSON.parse(row);
    // A header line ({"type":"header",…}) describes the run; it is not an event.
    if ((value as { type?: unknown } | null)?.type === 'header' && lines.length === 0) continue;
    if (!isTraceLine(value)) throw new Error('not a mirrorbeat trace');
    lines.push(value);
  }
  r.local = true;
  socket?.close();
  const charts = r.hello?.statecharts ?? {};
  r.hello = {
    type: 'hello',
    source: 'file',
    scenario: name,
    durationMs: lines.length > 0 ? lines[lines.length - 1].t : 0,
    statecharts: charts,
    actors: [],
    tables: 'derived'
  };
  r.lines = lines;
  r.tables = deriveTables(lines);
  r.machines = {};
  r.upTo = r.hello.durationMs;
  r.done = true;
  r.report = undefined;
  r.actors.clear();
  $<HTMLSelectElement>('log-actor').innerHTML = '<option value="">all actors</option>';
  for (const l of lines) actorInfo(l.actor);
  topologyDirty = true;
  chartActor = null;
  $('scenario').textContent = `${name} · trace file (${lines.length} events)`;
  $('tables-source').textContent = '(rebuilt from the trace)';
  reset();
  select(defaultActor());
  r.playing = false;
}

// ---- wiring ---------------------------------------------------------------------------

$('play').addEventListener('click', () => {
  if (r.done && r.next >= r.lines.length) jump(0);
  r.playing = !r.playing;
  if (!r.playing) updateUrl();
  dirty = true;
});
$('step').addEventListener('click', step);
$('step-back').addEventListener('click', stepBack);
$('restart').addEventListener('click', () => {
  r.playing = false;
  jump(0);
});
for (const b of document.querySelectorAll<HTMLButtonElement>('button.speed')) {
  // A speed button sets the speed; play/pause stays with its own button.
  b.addEventListener('click', () => {
    const v = b.dataset.speed;
    r.speed = v === 'max' ? 'max' : (Number(v) as Speed);
    b.blur();
    dirty = true;
  });
}
$('jump').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const t = parseTime($<HTMLInputElement>('jump-to').value);
  if (t === null) setStatus('jump: expected a time such as 95s, 2m or 1m30s');
  else {
    // As a click on the timeline: every view shows that moment, the sequence included.
    jump(t);
    scrollSequenceTo(t);
  }
});

// Timeline: a click jumps, a drag zooms into the dragged window.
let brushFrom: { x: number; t: number } | null = null;
$('timeline').addEventListener('mousedown', (ev) => {
  const t = timelineTime(ev.clientX);
  if (t !== null) brushFrom = { x: ev.clientX, t };
  ev.preventDefault();
});
$('timeline').addEventListener('mousemove', (ev) => {
  const brush = $('brush');
  if (!brushFrom) {
    brush.hidden = true;
    return;
  }
  const box = $('timeline').getBoundingClientRect();
  const a = Math.min(brushFrom.x, ev.clientX) - box.left;
  const b = Math.max(brushFrom.x, ev.clientX) - box.left;
  brush.hidden = b - a < 4;
  brush.style.left = `${a}px`;
  brush.style.width = `${b - a}px`;
});
window.addEventListener('mouseup', (ev) => {
  if (!brushFrom) return;
  const start = brushFrom;
  brushFrom = null;
  $('brush').hidden = true;
  const t = timelineTime(ev.clientX);
  if (t === null) return;
  if (Math.abs(ev.clientX - start.x) < 4) {
    jump(t);
    scrollSequenceTo(t);
  } else {
    zoomTimeline(Math.min(start.t, t), Math.max(start.t, t));
  }
});
function zoomTimeline(from: number, to: number): void {
  r.view = to - from >= 50 ? { from, to } : null;
  dirty = true;
}
$('zoom-out').addEventListener('click', () => {
  r.view = null;
  dirty = true;
});
$('zoom-failover').addEventListener('click', () => {
  const f = r.timeline.failover;
  if (f.declaredAt === null) {
    setStatus('no failover yet to zoom into');
    return;
  }
  const end = f.completedAt ?? f.declaredAt + 5000;
  const margin = Math.max(500, (end - f.declaredAt) * 0.25);
  zoomTimeline(Math.max(0, f.declaredAt - margin), end + margin);
});

// Topology: click selects.
$('topology').addEventListener('click', (ev) => {
  const el = (ev.target as Element).closest<SVGElement | HTMLElement>('[data-actor]');
  const id = el?.getAttribute('data-actor');
  if (id) select(id);
});
$('chart-actor').addEventListener('change', () =>
  select($<HTMLSelectElement>('chart-actor').value)
);

// Statechart: wheel zooms around the pointer, drag pans, buttons fit and zoom.
const chartBox = $('statechart');
function chartPoint(ev: MouseEvent): { x: number; y: number } | null {
  const svg = chartSvg();
  const m = svg?.getScreenCTM();
  if (!svg || !m) return null;
  const p = new DOMPoint(ev.clientX, ev.clientY).matrixTransform(m.inverse());
  return { x: p.x, y: p.y };
}
chartBox.addEventListener(
  'wheel',
  (ev) => {
    ev.preventDefault();
    const p = chartPoint(ev);
    zoomChart(ev.deltaY < 0 ? 1.2 : 1 / 1.2, p?.x, p?.y);
  },
  { passive: false }
);
let panFrom: { x: number; y: number; view: ChartView } | null = null;
chartBox.addEventListener('mousedown', (ev) => {
  if (!chartView) return;
  panFrom = { x: ev.clientX, y: ev.clientY, view: { ...chartView } };
  ev.preventDefault();
});
window.addEventListener('mousemove', (ev) => {
  if (!panFrom) return;
  const box = chartBox.getBoundingClientRect();
  const scale = Math.max(panFrom.view.w / box.width, panFrom.view.h / box.height);
  setChartView({
    ...panFrom.view,
    x: panFrom.view.x - (ev.clientX - panFrom.x) * scale,
    y: panFrom.view.y - (ev.clientY - panFrom.y) * scale
  });
});
window.addEventListener('mouseup', () => (panFrom = null));
$('chart-fit').addEventListener('click', () => {
  $<HTMLInputElement>('chart-follow').checked = false;
  fitChart();
});
$('chart-in').addEventListener('click', () => zoomChart(1.4));
$('chart-out').addEventListener('click', () => zoomChart(1 / 1.4));
$('chart-active').addEventListener('click', () => {
  const leaf = chartBox.querySelector<SVGGraphicsElement>('.active.leaf');
  if (leaf) focusChart(leaf);
});
$('chart-follow').addEventListener('change', () => {
  followKey = '';
  dirty = true;
});

// Sequence: scrolling draws the rows in view; filters rebuild the index.
$('sequence').addEventListener('scroll', () => (dirty = true));
$('sequence').addEventListener('wheel', () => ($<HTMLInputElement>('seq-follow').checked = false));
for (const id of ['seq-actor', 'seq-topic', 'seq-follow']) {
  $(id).addEventListener('change', () => (dirty = true));
}

// Log: click a row to see its payload, state and context.
$('log').addEventListener('click', (ev) => {
  const tr = (ev.target as HTMLElement).closest<HTMLElement>('tr[data-i]');
  if (!tr) return;
  const i = Number(tr.dataset.i);
  r.detail = r.detail === i ? null : i;
  dirty = true;
});
$('detail').addEventListener('click', (ev) => {
  if ((ev.target as HTMLElement).id === 'detail-close') {
    r.detail = null;
    dirty = true;
  }
});
$('log-actor').addEventListener('change', () => (dirty = true));
$('log-type').addEventListener('input', () => (dirty = true));
$('trace-file').addEventListener('change', () => {
  const file = $<HTMLInputElement>('trace-file').files?.[0];
  if (!file) return;
  file
    .text()
    .then((text) => loadLocalTrace(text, file.name))
    .catch((error: unknown) =>
      setStatus(`trace file: ${error instanceof Error ? error.message : String(error)}`)
    );
});
document.addEventListener('keydown', (ev) => {
  const tag = (ev.target as HTMLElement).tagName;
  // Keys typed into a field, or space on a focused button (which clicks it), are theirs.
  if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') return;
  if (ev.key === ' ') {
    ev.preventDefault();
    $('play').click();
  } else if (ev.key === 'ArrowRight') step();
  else if (ev.key === 'ArrowLeft') stepBack();
});
window.addEventListener('resize', () => {
  topologyDirty = true;
  dirty = true;
});

connect();
requestAnimationFrame(frame);
