/**
 * The sequence (Lamport) diagram as SVG strings: one lifeline per host and storage subsystem
 * (production left, standby right), time downwards. Rows are the distinct instants at which
 * something happened, so idle time takes no room; each row is labelled with its simulated time.
 * For a whole run the rows are indexed once ({@link createSequenceIndex}, extended as the replay
 * advances) and only the rows in view are drawn ({@link renderSequenceRows}), so a day-long run
 * scrolls as lightly as a minute. Notes (faults, alerts, pair changes) are sized to their text
 * and kept inside the drawing, never clipped.
 */
import { classifyActor } from './actors';
import { clock, esc } from './format';
import type { SeqMessage, SeqNote, SequenceModel } from './sequenceModel';

export interface SequenceOptions {
  width: number;
  lifelines: Iterable<string>;
  /** Mark the message at or before this time as the latest (the replay cursor). */
  cursor?: number;
}

const KIND_COLORS: Record<SeqMessage['kind'], string> = {
  network: '#ea580c',
  write: '#2563eb',
  copy: '#2563eb',
  ack: '#64748b',
  read: '#059669',
  storage: '#b45309'
};

export const SEQ_ROW_H = 17;
export const SEQ_LEFT = 78;
const SEQ_RIGHT = 30;

/** Order lifelines: production hosts, production storage, standby storage, standby hosts. */
export function orderLifelines(ids: Iterable<string>): string[] {
  const rank = (id: string) => {
    const info = classifyActor(id);
    const storage = info.kind === 'storage';
    if (info.site === 'production') return storage ? 1 : 0;
    if (info.site === 'standby') return storage ? 2 : 3;
    return 1.5;
  };
  return [...new Set(ids)].sort(
    (a, b) => rank(a) - rank(b) || a.localeCompare(b, 'en', { numeric: true })
  );
}

/** What the diagram shows: only messages touching `actor` (a lifeline), only `topic`. */
export interface SequenceFilter {
  actor?: string;
  topic?: string;
}

/** Messages and notes chosen by a filter, and the distinct instants (rows) they occupy. */
export interface SequenceIndex {
  filter: SequenceFilter;
  messages: SeqMessage[];
  /** Notes with the instant they are drawn at: notes of one instant get a row each. */
  notes: { note: SeqNote; t: number }[];
  /** Sorted distinct instants. */
  times: number[];
  /** How much of the model has been read. */
  readMessages: number;
  readNotes: number;
}

export function createSequenceIndex(filter: SequenceFilter = {}): SequenceIndex {
  return { filter, messages: [], notes: [], times: [], readMessages: 0, readNotes: 0 };
}

function addTime(times: number[], t: number): void {
  const n = times.length;
  if (n === 0 || times[n - 1] < t) {
    times.push(t);
    return;
  }
  const i = lowerBound(times, t);
  if (times[i] !== t) times.splice(i, 0, t);
}

function lowerBound(list: number[], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (list[m] < t) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/** Read what `model` gained since the last call into `index`. */
export function updateSequenceIndex(
  index: SequenceIndex,
  model: Pick<SequenceModel, 'messages' | 'notes'>
): void {
  const { actor, topic } = index.filter;
  for (; index.readMessages < model.messages.length; index.readMessages++) {
    const m = model.messages[index.readMessages];
    if (actor && m.from !== actor && m.to !== actor) continue;
    if (topic && m.topic !== topic) continue;
    index.messages.push(m);
    addTime(index.times, m.sentAt);
    if (m.recvAt !== null) addTime(index.times, m.recvAt);
    else addTime(index.times, m.sentAt + 0.5);
  }
  for (; index.readNotes < model.notes.length; index.readNotes++) {
    const n = model.notes[index.readNotes];
    if (actor && n.on !== actor && n.on !== '*' && !n.across?.includes(actor)) continue;
    if (topic && topic !== (n.kind === 'alert' ? 'alert' : n.kind)) continue;
    // A note gets a row of its own just after its instant (several notes: one row each), so it
    // never sits on a message's label.
    const prev = index.notes[index.notes.length - 1];
    const t = prev && Math.floor(prev.t) === n.t ? prev.t + 0.001 : n.t + 0.001;
    index.notes.push({ note: n, t });
    addTime(index.times, t);
  }
}

/** The row of instant `t` (the first row at or after it). */
export function rowOfTime(index: SequenceIndex, t: number): number {
  return Math.min(index.times.length - 1, lowerBound(index.times, t));
}

/** How many rows hold instants up to simulated time `t` (ms, the replay cursor). */
export function rowsUpTo(index: SequenceIndex, t: number): number {
  return lowerBound(index.times, Math.floor(t) + 1);
}

/** The lifeline header: one box per lifeline. */
export function renderSequenceHeader(lifelines: string[], width: number): string {
  const W = Math.max(360, Math.round(width));
  const xOf = lifelineX(lifelines, W);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="sequence-head" viewBox="0 0 ${W} 28" width="${W}" height="28" font-family="Helvetica,Arial,sans-serif" font-size="11">`,
    `<rect x="0" y="0" width="${W}" height="28" fill="#ffffff"/>`
  ];
  for (const id of lifelines) {
    const x = xOf.get(id) as number;
    out.push(
      `<g class="lifeline" data-id="${esc(id)}"><rect x="${(x - 48).toFixed(1)}" y="4" width="96" height="20" rx="4" fill="#eef2ff" stroke="#6366f1"/>` +
        `<text x="${x.toFixed(1)}" y="18" text-anchor="middle" fill="#1e1b4b">${esc(id)}</text></g>`
    );
  }
  out.push('</svg>');
  return out.join('');
}

function lifelineX(lifelines: string[], W: number): Map<string, number> {
  const first = SEQ_LEFT + 50;
  const last = W - SEQ_RIGHT - 50;
  const step = lifelines.length > 1 ? (last - first) / (lifelines.length - 1) : 0;
  return new Map(lifelines.map((id, i) => [id, first + i * step]));
}

/**
 * Draw rows `[rowFrom, rowTo)` of `index` as an `<svg>` `(rowTo − rowFrom) × SEQ_ROW_H` high:
 * every message that crosses those rows, every note in them.
 */
export function renderSequenceRows(
  index: SequenceIndex,
  lifelinesIn: Iterable<string>,
  rowFrom: number,
  rowTo: number,
  options: { width: number; cursor?: number }
): string {
  const lifelines = orderLifelines(lifelinesIn);
  const W = Math.max(360, Math.round(options.width));
  const rows = Math.max(0, rowTo - rowFrom);
  const H = Math.max(1, rows) * SEQ_ROW_H + 8;
  const xOf = lifelineX(lifelines, W);
  const { times } = index;
  const rowOf = (t: number) => lowerBound(times, t);
  const y = (t: number) => 10 + (rowOf(t) - rowFrom) * SEQ_ROW_H;
  const tFrom = times[rowFrom] ?? 0;
  const tTo = times[Math.max(rowFrom, rowTo - 1)] ?? 0;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="sequence-chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="Helvetica,Arial,sans-serif" font-size="10" data-row-from="${rowFrom}" data-row-to="${rowTo}">`
  );
  out.push(
    `<defs><marker id="seq-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>`
  );
  out.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`);
  for (const id of lifelines) {
    const x = (xOf.get(id) as number).toFixed(1);
    out.push(
      `<line class="lifeline-line" data-id="${esc(id)}" x1="${x}" x2="${x}" y1="0" y2="${H}" stroke="#c7d2fe" stroke-dasharray="3 3"/>`
    );
  }
  for (let i = rowFrom; i < rowTo && i < times.length; i++) {
    if (Number.isInteger(times[i]) || i === rowFrom) {
      out.push(
        `<text x="4" y="${(10 + (i - rowFrom) * SEQ_ROW_H + 3).toFixed(1)}" fill="#64748b">${esc(clock(Math.floor(times[i])))}</text>`
      );
    }
  }
  // Messages are in completion order; one spans at most a few seconds.
  const SPAN = 60_000;
  let lo = 0;
  let hi = index.messages.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (index.messages[m].at < tFrom) lo = m + 1;
    else hi = m;
  }
  let latest = -1;
  if (options.cursor !== undefined) {
    for (let i = index.messages.length - 1; i >= 0; i--) {
      if ((index.messages[i].recvAt ?? index.messages[i].sentAt) <= options.cursor) {
        latest = i;
        break;
      }
    }
  }
  // Notes first: their boxes are fixed; message labels then slide along their arrow to a free spot.
  const placed: Box[] = [];
  const notes: string[] = [];
  for (const { note, t } of index.notes) {
    if (t < tFrom || t > tTo) continue;
    const n = noteSvg(note, y(t), xOf, W);
    notes.push(n.svg);
    placed.push(n.box);
  }
  for (let i = lo; i < index.messages.length; i++) {
    const m = index.messages[i];
    if (m.at > tTo + SPAN) break;
    if (m.sentAt > tTo) continue;
    const x1 = xOf.get(m.from);
    const x2 = xOf.get(m.to);
    if (x1 === undefined || x2 === undefined) continue;
    const color = KIND_COLORS[m.kind];
    const lost = m.recvAt === null;
    const y1 = y(m.sentAt);
    const xe = lost ? x1 + (x2 - x1) * 0.55 : x2;
    const y2 = lost ? y(m.sentAt + 0.5) : y(m.recvAt as number);
    const lw = m.label.length * 5.6 + 4;
    const at = (f: number) => ({ x: x1 + (xe - x1) * f, y: y1 + (y2 - y1) * f });
    const boxAt = (p: { x: number; y: number }): Box => ({
      x: p.x - lw / 2,
      y: p.y - 12,
      w: lw,
      h: 11
    });
    let mid = at(0.5);
    for (const f of [0.5, 0.32, 0.68, 0.18, 0.82]) {
      const p = at(f);
      if (!placed.some((b) => hits(b, boxAt(p)))) {
        mid = p;
        break;
      }
    }
    if (x1 !== x2) placed.push(boxAt(mid));
    const cls = `msg msg-${m.kind} topic-${m.topic.replace(/[^a-z0-9-]/gi, '-')}${lost ? ' lost' : ''}${i === latest ? ' latest' : ''}`;
    const self = x1 === x2;
    out.push(
      `<g class="${cls}" data-topic="${esc(m.topic)}">` +
        (self
          ? `<path d="M${x1},${y1} h26 V${y2 + 4} h-24" fill="none" stroke="${color}" stroke-width="1.3" marker-end="url(#seq-arrow)"/>`
          : `<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${xe.toFixed(1)}" y2="${y2.toFixed(1)}" stroke="${color}" stroke-width="${i === latest ? 2.5 : 1.3}"${lost ? ' stroke-dasharray="4 2"' : ' marker-end="url(#seq-arrow)"'}/>`) +
        (lost
          ? `<text x="${xe.toFixed(1)}" y="${(y2 + 4).toFixed(1)}" text-anchor="middle" fill="#dc2626" font-size="13" font-weight="bold">✕</text>`
          : '') +
        `<text x="${(self ? x1 + 30 : mid.x).toFixed(1)}" y="${((self ? y1 + 10 : mid.y) - 3).toFixed(1)}" text-anchor="${self ? 'start' : 'middle'}" fill="${color}" stroke="#ffffff" stroke-width="3" paint-order="stroke">${esc(m.label)}</text>` +
        `<title>${esc(`${m.from} → ${m.to}: ${m.label} (${m.topic}), sent ${clock(m.sentAt)}${lost ? ', lost' : `, arrived ${clock(m.recvAt as number)}`}`)}</title></g>`
    );
  }
  out.push(...notes);
  out.push('</svg>');
  return out.join('');
}

const NOTE_COLORS: Record<SeqNote['kind'], string> = {
  fault: '#7e22ce',
  alert: '#b91c1c',
  storage: '#b45309'
};

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const hits = (a: Box, b: Box) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** A note sized to its text and kept inside `[2, W − 2]`, with the box it takes. */
function noteSvg(
  n: SeqNote,
  yy: number,
  xOf: Map<string, number>,
  W: number
): { svg: string; box: Box } {
  const color = NOTE_COLORS[n.kind];
  const textW = n.text.length * 6.1 + 14;
  let cx: number;
  let w = textW;
  if (n.across && xOf.has(n.across[0]) && xOf.has(n.across[1])) {
    const a = xOf.get(n.across[0]) as number;
    const b = xOf.get(n.across[1]) as number;
    cx = (a + b) / 2;
    w = Math.max(textW, Math.abs(b - a) + 20);
  } else if (n.on !== '*' && xOf.has(n.on)) {
    cx = xOf.get(n.on) as number;
  } else {
    return {
      svg:
        `<g class="note note-${n.kind}"><line x1="${SEQ_LEFT - 10}" x2="${W - SEQ_RIGHT + 10}" y1="${yy}" y2="${yy}" stroke="${color}" stroke-opacity="0.5"/>` +
        `<text x="${W / 2}" y="${yy - 3}" text-anchor="middle" fill="${color}" font-weight="bold" stroke="#fff" stroke-width="3" paint-order="stroke">${esc(n.text)}</text></g>`,
      box: { x: W / 2 - textW / 2, y: yy - 13, w: textW, h: 12 }
    };
  }
  const x0 = Math.max(2, Math.min(cx - w / 2, W - 2 - w));
  return {
    svg:
      `<g class="note note-${n.kind}"><rect x="${x0.toFixed(1)}" y="${yy - 8}" width="${w.toFixed(1)}" height="14" rx="3" fill="#fff" stroke="${color}"/>` +
      `<text x="${(x0 + w / 2).toFixed(1)}" y="${yy + 3}" text-anchor="middle" fill="${color}" font-weight="bold">${esc(n.text)}</text></g>`,
    box: { x: x0, y: yy - 8, w, h: 14 }
  };
}

/** Render messages and notes (already chosen for a window) as one `<svg>` with its header. */
export function renderSequenceSvg(
  messages: SeqMessage[],
  notes: SeqNote[],
  options: SequenceOptions
): string {
  const lifelines = orderLifelines(options.lifelines);
  const index = createSequenceIndex();
  updateSequenceIndex(index, { messages, notes });
  const W = Math.max(360, Math.round(options.width));
  const head = renderSequenceHeader(lifelines, W).replace(/<\/?svg[^>]*>/g, '');
  const rows = renderSequenceRows(index, lifelines, 0, index.times.length, {
    width: W,
    cursor: options.cursor
  });
  const body = rows.replace(/^<svg[^>]*>/, '').replace(/<\/svg>$/, '');
  const H = index.times.length * SEQ_ROW_H + 8 + 30;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="sequence-chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="Helvetica,Arial,sans-serif" font-size="10">` +
    `<g>${head}</g><g transform="translate(0,30)">${body}</g></svg>`
  );
}

/** The messages and notes of the window `[from, to]` of simulated time. */
export function sequenceWindow(
  messages: SeqMessage[],
  notes: SeqNote[],
  from: number,
  to: number
): { messages: SeqMessage[]; notes: SeqNote[] } {
  return {
    messages: messages.filter((m) => m.sentAt >= from && (m.recvAt ?? m.sentAt) <= to),
    notes: notes.filter((n) => n.t >= from && n.t <= to)
  };
}
