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
import { activePaths } from '../statechart/toStatechart';
import { classifyActor, describeState, type ActorInfo } from '../view/actors';
import { clock, esc, parseTime } from '../view/format';
import type { HelloMessage, ServerMessage, TableSample } from '../view/protocol';
import { addToSequence, createSequenceModel, type SequenceModel } from '../view/sequenceModel';
import { renderSequenceSvg } from '../view/sequenceSvg';
import { deriveTables } from '../view/statusTables';
import { addToTimeline, createTimelineModel, type TimelineModel } from '../view/timelineModel';
import { renderTimelineSvg } from '../view/timelineSvg';

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
  states: Map<string, { state: unknown; type: string; t: number }>;
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
  rows: new Map(),
  timeline: createTimelineModel(),
  sequence: createSequenceModel(),
  selected: null,
  requested: 0,
  pendingJump: null,
  local: false
};

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
    select(defaultActor());
    request(Math.max(10_000, r.simNow + 10_000));
    dirty = true;
    return;
  }
  // chunk
  if (msg.from !== r.lines.length) return;
  for (const line of msg.lines) r.lines.push(line);
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

function applyNext(): TraceLine | undefined {
  const line = r.lines[r.next];
  if (!line) return undefined;
  actorInfo(line.actor);
  if (line.state !== undefined)
    r.states.set(line.actor, { state: line.state, type: line.type, t: line.t });
  else if (!r.states.has(line.actor))
    r.states.set(line.actor, { state: undefined, type: line.type, t: line.t });
  else r.states.get(line.actor)!.type = line.type;
  addToTimeline(r.timeline, line);
  addToSequence(r.sequence, line);
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

function reset(): void {
  r.next = 0;
  r.nextTable = 0;
  r.simNow = 0;
  r.states.clear();
  r.rows.clear();
  r.timeline = createTimelineModel();
  r.sequence = createSequenceModel();
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
  if (target < r.simNow) reset();
  applyUntil(target);
  r.simNow = target;
  dirty = true;
}

function step(): void {
  r.playing = false;
  const line = r.next < r.lines.length ? applyNext() : undefined;
  if (line) r.simNow = Math.max(r.simNow, line.t);
  else request(r.simNow + 5000);
  dirty = true;
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

function stateClass(info: ActorInfo, state: unknown): string {
  const text = describeState(state);
  if (/crashed|down|failed|invalid|PSUE|partition\.(both|prod|standby)|cut/.test(text))
    return 'bad';
  if (/hung|warn|taking|fenc|PSUS|SSWS|confirming|starting/.test(text)) return 'warn';
  if (info.kind === 'program' && /running|valid/.test(text)) return 'good';
  return '';
}

function renderTopology(): void {
  const host = $('topology');
  if (topologyDirty) {
    topologyDirty = false;
    const all = [...r.actors.values()].filter((a) => a.kind !== 'scenario');
    const col = (site: string) => all.filter((a) => a.site === site && a.kind !== 'program');
    const card = (a: ActorInfo) => {
      const programs = all.filter((p) => p.kind === 'program' && p.host === a.id);
      const volumes =
        a.kind === 'storage' ? all.filter((v) => v.kind === 'volume' && v.site === a.site) : [];
      const chips = [...programs, ...volumes]
        .map(
          (p) =>
            `<span class="chip" data-actor="${esc(p.id)}" title="${esc(p.id)}">${esc(p.label)} <span class="state" data-state-of="${esc(p.id)}"></span></span>`
        )
        .join('');
      return `<div class="card" data-actor="${esc(a.id)}"><div class="id">${esc(a.label)}</div><div class="state" data-state-of="${esc(a.id)}"></div>${chips ? `<div class="chips">${chips}</div>` : ''}</div>`;
    };
    const order = (list: ActorInfo[]) =>
      list
        .filter((a) => a.kind !== 'volume')
        .sort((a, b) => kindRank(a) - kindRank(b) || a.id.localeCompare(b.id));
    host.innerHTML =
      `<div class="site"><h3>production</h3>${order(col('production')).map(card).join('')}</div>` +
      `<div class="site"><h3>between the sites</h3>${order(col('between')).map(card).join('')}</div>` +
      `<div class="site"><h3>standby</h3>${order(col('standby')).map(card).join('')}</div>`;
  }
  for (const el of host.querySelectorAll<HTMLElement>('[data-state-of]')) {
    const id = el.dataset.stateOf as string;
    const s = r.states.get(id);
    const text = s ? describeState(s.state) || s.type : '';
    if (el.textContent !== text) el.textContent = text;
    const box = el.closest<HTMLElement>('.card, .chip');
    if (box && box.dataset.actor === id) {
      const info = r.actors.get(id);
      const cls = info && s ? stateClass(info, s.state) : '';
      box.classList.toggle('bad', cls === 'bad');
      box.classList.toggle('warn', cls === 'warn');
      box.classList.toggle('good', cls === 'good');
      box.classList.toggle('selected', id === r.selected);
    }
  }
}

function kindRank(a: ActorInfo): number {
  return ['tiebreaker', 'host', 'group', 'network', 'storage', 'link', 'pair', 'other'].indexOf(
    a.kind
  );
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
    box.innerHTML = entry
      ? entry.svg.replace(/^[\s\S]*?(<svg)/, '$1')
      : '<p class="muted">No statechart for this actor (it is a stream, not a machine).</p>';
    box.dataset.machine = machine ?? '';
    const sel = $<HTMLSelectElement>('chart-actor');
    if (id && sel.value !== id) sel.value = id;
  }
  const s = id ? r.states.get(id) : undefined;
  $('chart-state').textContent = s
    ? `${machine ?? ''}Machine · ${describeState(s.state)}`
    : machine
      ? `${machine}Machine · not started yet`
      : '';
  if (!entry) return;
  const wanted = new Set(s ? activePaths(s.state).map((p) => `st:${p}`) : []);
  const current = new Set(activeEls.map((e) => e.id));
  if (wanted.size === current.size && [...wanted].every((w) => current.has(w))) return;
  for (const el of activeEls) el.classList.remove('active');
  activeEls = [];
  for (const w of wanted) {
    const el = document.getElementById(w);
    if (el && box.contains(el)) {
      el.classList.add('active');
      activeEls.push(el);
    }
  }
}

function renderTables(): void {
  const parts: string[] = [];
  const fmt = (v: number | null) => (v === null ? '—' : String(v));
  for (const [actor, rows] of [...r.rows.entries()].sort(
    (a, b) => siteRank(a[0]) - siteRank(b[0])
  )) {
    const info = r.actors.get(actor);
    parts.push(
      `<table data-actor="${esc(actor)}"><caption>${esc(actor)} — ${esc(info?.site ?? '')} ${esc(info?.label ?? '')}</caption>` +
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

function renderTimeline(): void {
  const box = $('timeline');
  const width = Math.max(600, box.clientWidth || 1000);
  box.innerHTML = renderTimelineSvg(r.timeline, {
    width,
    durationMs: Math.max(r.hello?.durationMs ?? 0, 1),
    cursor: r.simNow
  });
}

function renderSequence(): void {
  const box = $('sequence');
  const until = r.simNow;
  const all = r.sequence.messages.filter((m) => (m.recvAt ?? m.sentAt) <= until);
  let from = until - 4000;
  let shown = all.filter((m) => m.sentAt >= from);
  if (shown.length < 12) {
    shown = all.slice(-12);
    from = shown.length > 0 ? Math.min(...shown.map((m) => m.sentAt)) : until;
  }
  if (shown.length > 60) shown = shown.slice(-60);
  const notes = r.sequence.notes.filter((n) => n.t >= from && n.t <= until);
  box.innerHTML = renderSequenceSvg(shown, notes, {
    width: Math.max(420, box.clientWidth || 600),
    lifelines:
      r.sequence.lifelines.size > 0
        ? r.sequence.lifelines
        : ['prod-1', 'prod-storage', 'standby-storage', 'standby-1'],
    cursor: until
  });
  box.scrollTop = box.scrollHeight;
}

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
    const cls = l.type === 'alert' ? 'alert' : l.actor === 'scenario' ? 'fault' : '';
    rows.push(
      `<tr class="${cls}"><td class="t">${clock(l.t)}</td><td>${esc(l.actor)}</td><td>${esc(l.type)}</td><td>${esc(payload.length > 160 ? `${payload.slice(0, 160)}…` : payload)}</td><td>${esc(describeState(l.state))}</td></tr>`
    );
  }
  $('log').innerHTML = `<table>${rows.join('')}</table>`;
  $('log-count').textContent =
    `${r.next} of ${r.lines.length} events applied; showing the latest ${matched}`;
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
    const line = JSON.parse(row) as TraceLine;
    if (typeof line.t !== 'number' || typeof line.actor !== 'string')
      throw new Error('not a mirrorbeat trace');
    lines.push(line);
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
  dirty = true;
});
$('step').addEventListener('click', step);
$('restart').addEventListener('click', () => {
  r.playing = false;
  jump(0);
});
for (const b of document.querySelectorAll<HTMLButtonElement>('button.speed')) {
  b.addEventListener('click', () => {
    const v = b.dataset.speed;
    r.speed = v === 'max' ? 'max' : (Number(v) as Speed);
    r.playing = true;
    dirty = true;
  });
}
$('jump').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const t = parseTime($<HTMLInputElement>('jump-to').value);
  if (t === null) setStatus('jump: expected a time such as 95s, 2m or 1m30s');
  else jump(t);
});
$('timeline').addEventListener('click', (ev) => {
  const svg = $('timeline').querySelector('svg');
  if (!svg || !r.hello) return;
  const box = svg.getBoundingClientRect();
  const vb = svg.viewBox.baseVal;
  const x = ((ev.clientX - box.left) / box.width) * vb.width;
  const left = 64;
  const right = 16;
  const t = ((x - left) / (vb.width - left - right)) * r.hello.durationMs;
  if (t >= 0) jump(Math.round(t));
});
$('topology').addEventListener('click', (ev) => {
  const el = (ev.target as HTMLElement).closest<HTMLElement>('[data-actor]');
  if (el?.dataset.actor) select(el.dataset.actor);
});
$('chart-actor').addEventListener('change', () =>
  select($<HTMLSelectElement>('chart-actor').value)
);
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
  if ((ev.target as HTMLElement).tagName === 'INPUT') return;
  if (ev.key === ' ') {
    ev.preventDefault();
    $('play').click();
  } else if (ev.key === 'ArrowRight') step();
});

connect();
requestAnimationFrame(frame);
