/**
 * The timeline chart as an SVG string: heartbeat serials written at the P-VOL, seen at the S-VOL
 * and seen over the network, drawn as step plots (a serial holds until the next one arrives, so a
 * partition is a flat stretch); a lane per path status; per site, a lane for the application
 * running and one for writes acknowledged; the users' unavailability; faults as bands; alerts as
 * marks; the failover as a band from declaration to completion. Labels are placed so they never
 * overlap (stacked in rows, with a leader line to their instant). Every lane says what it is when
 * it has nothing to show. Pure: the inspector page redraws it as the replay advances (and for any
 * zoomed window), the HTML report draws it once.
 */
import { esc, shortTime } from './format';
import {
  ACK_GAP,
  unavailableSpans,
  type SerialPoint,
  type SiteName,
  type Span,
  type TimelineModel
} from './timelineModel';

export interface TimelineOptions {
  width: number;
  /** Simulated span of the run (ms); default the model's last time. */
  durationMs?: number;
  /** Draw only what happened up to here, and a cursor line (ms). */
  cursor?: number;
  /** The window of time drawn (zoom), default the whole run. */
  from?: number;
  to?: number;
}

export const SERIES_COLORS = { pvol: '#2563eb', svol: '#059669', network: '#ea580c' } as const;
export const STATUS_COLORS: Record<string, string> = {
  valid: '#22c55e',
  warning: '#f59e0b',
  invalid: '#dc2626',
  suspended: '#9ca3af'
};

/** Faults that last until reverted (drawn as bands); the others are instants (lines). */
const LASTING = [
  'partition',
  'cut',
  'hang',
  'degrade',
  'io-error',
  'skew',
  'foreign-heartbeat',
  'isolate'
];

const ALERT_COLORS: Record<string, string> = {
  'heartbeat-warning': '#f59e0b',
  'heartbeat-restored': '#22c55e',
  'network-partitioned': '#7c3aed',
  'failure-declared': '#dc2626',
  'failover-started': '#dc2626',
  'failover-completed': '#7c3aed'
};

/** Geometry of the chart, shared with the page (clicks, brush) and tests. */
export const TIMELINE_LEFT = 150;
export const TIMELINE_RIGHT = 16;

interface Label {
  x: number;
  text: string;
  color: string;
  cls: string;
  bold?: boolean;
}

/** Place labels left-anchored at their x in rows so that none overlaps another; returns rows. */
export function placeLabels(
  labels: Label[],
  charWidth = 6.2
): { label: Label; row: number; x: number; w: number }[] {
  const rowsEnd: number[] = [];
  const out: { label: Label; row: number; x: number; w: number }[] = [];
  for (const label of [...labels].sort((a, b) => a.x - b.x)) {
    const w = label.text.length * charWidth + 6;
    let row = rowsEnd.findIndex((end) => end <= label.x);
    if (row < 0) {
      row = rowsEnd.length;
      rowsEnd.push(0);
    }
    rowsEnd[row] = label.x + w;
    out.push({ label, row, x: label.x, w });
  }
  return out;
}

/** Render `model` as a standalone `<svg>` element (no scripts, no external references). */
export function renderTimelineSvg(model: TimelineModel, options: TimelineOptions): string {
  const W = Math.max(420, Math.round(options.width));
  const left = TIMELINE_LEFT;
  const right = TIMELINE_RIGHT;
  const duration = Math.max(1, options.durationMs ?? model.lastT);
  const from = Math.max(0, options.from ?? 0);
  const to = Math.max(from + 1, options.to ?? duration);
  const until = options.cursor ?? Number.POSITIVE_INFINITY;
  const plotW = W - left - right;
  const x = (t: number) => left + ((Math.min(Math.max(t, from), to) - from) / (to - from)) * plotW;
  const visible = (a: number, b: number) => b >= from && a <= to;
  const upTo = <T extends { t: number }>(list: T[]) => list.filter((p) => p.t <= until);
  const pvol = upTo(model.pvol);
  const svol = upTo(model.svol);
  const net = upTo(model.network);
  const fo = model.failover;
  const clip = (v: number) => Math.min(v, until, to);

  // Labels above the plot: faults and the failover, placed so none overlaps.
  const labels: Label[] = [];
  for (const f of model.faults) {
    if (f.t > until || !visible(f.t, f.until ?? until)) continue;
    // A fault that began before a zoomed window says when, instead of seeming to begin at its edge.
    const before = f.t < from ? `◂ ${shortTime(f.t)}: ` : '';
    labels.push({
      x: x(f.t),
      text: `${before}${f.text}${f.until !== null && f.until <= until ? ` (${shortTime(f.until - f.t)})` : ''}`,
      color: '#7e22ce',
      cls: 'label-fault'
    });
  }
  if (fo.declaredAt !== null && fo.declaredAt <= until && visible(fo.declaredAt, fo.declaredAt)) {
    labels.push({
      x: x(fo.declaredAt),
      text: `failure declared ${shortTime(fo.declaredAt)}`,
      color: '#dc2626',
      cls: 'label-declared',
      bold: true
    });
  }
  if (
    fo.completedAt !== null &&
    fo.completedAt <= until &&
    visible(fo.completedAt, fo.completedAt)
  ) {
    labels.push({
      x: x(fo.completedAt),
      text: `failover completed ${shortTime(fo.completedAt)}`,
      color: '#7c3aed',
      cls: 'label-completed',
      bold: true
    });
  }
  const placed = placeLabels(labels);
  const labelRows = placed.reduce((m, p) => Math.max(m, p.row + 1), 0);
  const rowH = 13;
  const legendH = 16;
  const top = 8 + legendH + labelRows * rowH + 6;
  const plotH = 160;
  const laneH = 14;
  const laneGap = 3;
  const lanes: { key: string; title: string }[] = [
    { key: 'mirror', title: 'mirror heartbeat path' },
    { key: 'network', title: 'network heartbeat path' },
    { key: 'app-production', title: 'production app running' },
    { key: 'acks-production', title: 'production writes acked' },
    { key: 'app-standby', title: 'standby app running' },
    { key: 'acks-standby', title: 'standby writes acked' },
    { key: 'unavailable', title: 'unavailable (no site acks)' }
  ];
  const lanesTop = top + plotH + 22;
  const laneY = (i: number) => lanesTop + i * (laneH + laneGap);
  const alertsTop = laneY(lanes.length) + 4;
  const H = alertsTop + 22;

  const maxSerial = Math.max(
    10,
    ...[pvol, svol, net].map((list) => {
      let m = 0;
      for (const p of list) if (p.t <= to && p.serial > m) m = p.serial;
      return m;
    })
  );
  const minSerial = Math.min(
    ...[pvol, svol, net].map((list) => {
      let m = Number.POSITIVE_INFINITY;
      for (const p of list) if (p.t >= from && p.serial < m) m = p.serial;
      return m;
    })
  );
  const lo = Number.isFinite(minSerial) && from > 0 ? Math.max(0, minSerial - 1) : 0;
  const y = (serial: number) => top + plotH - ((serial - lo) / Math.max(1, maxSerial - lo)) * plotH;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="timeline-chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="Helvetica,Arial,sans-serif" font-size="11" data-from="${from}" data-to="${to}" data-left="${left}" data-right="${right}">`
  );
  out.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(
    `<defs><clipPath id="tl-plot"><rect x="${left}" y="0" width="${plotW}" height="${H}"/></clipPath></defs>`
  );

  // Faults: shaded bands (or instants) over the plot and the lanes.
  for (const f of model.faults) {
    if (f.t > until) continue;
    const lasting = f.until !== null || LASTING.includes(f.action);
    const end = lasting ? clip(f.until ?? duration) : f.t;
    if (!visible(f.t, end)) continue;
    const x0 = x(f.t);
    if (!lasting) {
      out.push(
        `<g class="fault" data-action="${esc(f.action)}"><line x1="${x0.toFixed(1)}" x2="${x0.toFixed(1)}" y1="${top}" y2="${alertsTop}" stroke="#a855f7" stroke-width="2"/><title>${esc(`${shortTime(f.t)}: ${f.text}`)}</title></g>`
      );
      continue;
    }
    const x1 = Math.max(x0 + 2, x(end));
    out.push(
      `<g class="fault fault-band" data-action="${esc(f.action)}" data-from="${f.t}" data-to="${f.until !== null && f.until <= until ? f.until : ''}"><rect x="${x0.toFixed(1)}" y="${top}" width="${(x1 - x0).toFixed(1)}" height="${alertsTop - top}" fill="#a855f7" fill-opacity="0.08" stroke="#a855f7" stroke-opacity="0.35"/><title>${esc(`${shortTime(f.t)}: ${f.text}`)}</title></g>`
    );
  }

  // Failover: from declaration to completion.
  if (fo.declaredAt !== null && fo.declaredAt <= until) {
    const done = fo.completedAt !== null && fo.completedAt <= until;
    const end = done ? (fo.completedAt as number) : Math.min(until, duration);
    if (visible(fo.declaredAt, end)) {
      const x0 = x(fo.declaredAt);
      const x1 = x(end);
      out.push(
        `<g class="failover${done ? ' failover-completed' : ''}"><rect x="${x0.toFixed(1)}" y="${top}" width="${Math.max(2, x1 - x0).toFixed(1)}" height="${plotH}" fill="#dc2626" fill-opacity="0.12"/>` +
          `<line x1="${x0.toFixed(1)}" x2="${x0.toFixed(1)}" y1="${top}" y2="${alertsTop + 16}" stroke="#dc2626" stroke-dasharray="4 3"/>` +
          (done
            ? `<line x1="${x1.toFixed(1)}" x2="${x1.toFixed(1)}" y1="${top}" y2="${alertsTop + 16}" stroke="#7c3aed" stroke-width="2"/>`
            : '') +
          `<title>failover: declared ${esc(shortTime(fo.declaredAt))}${done ? `, completed ${esc(shortTime(fo.completedAt as number))}` : ''}</title></g>`
      );
    }
  }

  // Placed labels with leaders down to the plot.
  for (const p of placed) {
    const ly = 8 + legendH + p.row * rowH + 10;
    const lx = Math.min(p.x, W - right - p.w);
    out.push(
      `<g class="tl-label ${p.label.cls}" data-row="${p.row}"><line x1="${p.x.toFixed(1)}" x2="${p.x.toFixed(1)}" y1="${ly + 2}" y2="${top}" stroke="${p.label.color}" stroke-opacity="0.6"/>` +
        `<text x="${(lx + 3).toFixed(1)}" y="${ly}" fill="${p.label.color}"${p.label.bold ? ' font-weight="bold"' : ''} stroke="#fff" stroke-width="3" paint-order="stroke">${esc(p.label.text)}</text></g>`
    );
  }

  // Axes.
  out.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotH}" stroke="#94a3b8"/>`);
  out.push(
    `<line x1="${left}" x2="${W - right}" y1="${top + plotH}" y2="${top + plotH}" stroke="#94a3b8"/>`
  );
  for (const s of niceTicks(lo, maxSerial, 4)) {
    out.push(
      `<text x="${left - 6}" y="${(y(s) + 4).toFixed(1)}" text-anchor="end" fill="#475569">${s}</text>` +
        `<line x1="${left}" x2="${W - right}" y1="${y(s).toFixed(1)}" y2="${y(s).toFixed(1)}" stroke="#e2e8f0"/>`
    );
  }
  out.push(
    `<text x="8" y="${top + plotH / 2}" fill="#475569">heartbeat serial</text>` +
      `<text x="8" y="${top + plotH / 2 + 13}" fill="#94a3b8" font-size="10">(step plot)</text>`
  );
  const ticks = niceTicks(from, to, Math.max(3, Math.floor(plotW / 90)));
  const tickStep = ticks.length > 1 ? ticks[1] - ticks[0] : 1000;
  for (const t of ticks) {
    out.push(
      `<text class="tick" x="${x(t).toFixed(1)}" y="${top + plotH + 14}" text-anchor="middle" fill="#475569">${esc(tickLabel(t, tickStep))}</text>`
    );
  }

  // Series as step plots, decimated to the pixel.
  const series: [keyof typeof SERIES_COLORS, SerialPoint[], string][] = [
    ['pvol', pvol, 'written at the P-VOL'],
    ['svol', svol, 'seen at the S-VOL'],
    ['network', net, 'seen over the network']
  ];
  const body: string[] = [];
  for (const [name, points, label] of series) {
    if (points.length === 0) continue;
    const end = Math.min(model.seriesEnd[name] ?? until, until, duration);
    const d = stepPath(
      points,
      x,
      y,
      from,
      to,
      end === Number.POSITIVE_INFINITY ? model.lastT : end
    );
    if (!d) continue;
    body.push(
      `<path class="series series-${name}" d="${d}" fill="none" stroke="${SERIES_COLORS[name]}" stroke-width="${name === 'pvol' ? 3 : 1.6}"${name === 'network' ? ' stroke-dasharray="5 3"' : ''}><title>${esc(label)}</title></path>`
    );
  }
  if (body.length === 0) {
    out.push(
      `<text class="empty" x="${left + plotW / 2}" y="${top + plotH / 2}" text-anchor="middle" fill="#94a3b8">no heartbeat in this window</text>`
    );
  }
  out.push(`<g clip-path="url(#tl-plot)">${body.join('')}</g>`);
  // Legend.
  let lx = left + 4;
  for (const [name, , label] of series) {
    out.push(
      `<line x1="${lx}" x2="${lx + 18}" y1="${8 + 6}" y2="${8 + 6}" stroke="${SERIES_COLORS[name]}" stroke-width="3"${name === 'network' ? ' stroke-dasharray="5 3"' : ''}/>` +
        `<text x="${lx + 22}" y="${8 + 10}" fill="#1f2937">${esc(label)}</text>`
    );
    lx += 30 + label.length * 6;
  }

  // Lanes.
  const laneSpans = (key: string): { span: Span; status: string; color: string }[] => {
    if (key === 'mirror' || key === 'network') {
      return model.spans
        .filter((s) => s.path === key)
        .map((s) => ({
          span: { from: s.from, to: s.to },
          status: s.status,
          color: STATUS_COLORS[s.status] ?? '#64748b'
        }));
    }
    if (key === 'unavailable') {
      return unavailableSpans(model, Math.min(until, duration)).map((s) => ({
        span: s,
        status: 'unavailable',
        color: '#dc2626'
      }));
    }
    const [what, site] = key.split('-') as ['app' | 'acks', SiteName];
    return model.service[site][what].map((s) => ({
      span: s,
      status: what === 'app' ? 'running' : 'acked',
      color: site === 'production' ? '#2563eb' : '#059669'
    }));
  };
  lanes.forEach((lane, i) => {
    const ly = laneY(i);
    if (lane.key !== 'unavailable') {
      out.push(
        `<text x="${left - 6}" y="${ly + 11}" text-anchor="end" fill="#475569">${esc(lane.title)}</text>`
      );
    }
    out.push(`<rect x="${left}" y="${ly}" width="${plotW}" height="${laneH}" fill="#f1f5f9"/>`);
    // What ended after the cursor has not ended yet at the cursor; writes acknowledged less than
    // ACK_GAP before it are still being acknowledged.
    const grace = lane.key.startsWith('acks') && until !== Number.POSITIVE_INFINITY ? ACK_GAP : 0;
    const spans = laneSpans(lane.key)
      .filter((s) => s.span.from <= until)
      .map((s) =>
        s.span.to !== null && s.span.to > until - grace
          ? { ...s, span: { from: s.span.from, to: null } }
          : s
      );
    const drawn: [number, number][] = [];
    let total = 0;
    const parts: string[] = [];
    for (const s of spans) {
      const end = clip(s.span.to ?? duration);
      if (!visible(s.span.from, end)) {
        total += Math.max(0, end - s.span.from);
        continue;
      }
      total += Math.max(0, end - s.span.from);
      const x0 = x(s.span.from);
      const x1 = Math.max(x0 + 1, x(end));
      drawn.push([x0, x1]);
      parts.push(
        `<rect class="span status-${esc(s.status)}" x="${x0.toFixed(1)}" y="${ly}" width="${(x1 - x0).toFixed(1)}" height="${laneH}" fill="${s.color}"${lane.key.startsWith('acks') ? ' fill-opacity="0.75"' : ''}><title>${esc(`${lane.title}: ${s.status} from ${shortTime(s.span.from)}${s.span.to !== null ? ` to ${shortTime(s.span.to)}` : ''}`)}</title></rect>`
      );
    }
    // Say what an empty stretch is, so that a grey lane never reads as missing data.
    const empty = lane.key === 'unavailable' ? 'available' : 'none';
    const gaps = gapsOf(
      drawn,
      left,
      lane.key === 'unavailable' || until === Number.POSITIVE_INFINITY
        ? W - right
        : Math.min(W - right, x(until))
    );
    for (const [g0, g1] of gaps) {
      if (g1 - g0 < 46) continue;
      parts.push(
        `<text class="lane-empty" x="${((g0 + g1) / 2).toFixed(1)}" y="${ly + 11}" text-anchor="middle" font-size="9.5" fill="#94a3b8">${empty}</text>`
      );
    }
    out.push(
      `<g class="lane lane-${esc(lane.key)}" data-total="${Math.round(total)}">${parts.join('')}</g>`
    );
    if (lane.key === 'unavailable') {
      // The total goes with the lane's name, where it never covers the lane.
      out.push(
        total > 0
          ? `<text class="unavailable-total" x="${left - 6}" y="${ly + 11}" text-anchor="end" font-weight="bold" fill="#991b1b">${esc(shortTime(total))} unavailable</text>`
          : `<text x="${left - 6}" y="${ly + 11}" text-anchor="end" fill="#475569">${esc(lane.title)}</text>`
      );
    }
  });

  // Alerts.
  out.push(
    `<text x="${left - 6}" y="${alertsTop + 12}" text-anchor="end" fill="#475569">alerts</text>`
  );
  let alerts = 0;
  for (const a of model.alerts) {
    if (a.t > until || !visible(a.t, a.t)) continue;
    alerts++;
    const ax = x(a.t);
    out.push(
      `<path class="alert alert-${esc(a.kind)}" d="M${ax.toFixed(1)},${alertsTop + 2} l5,10 l-10,0 z" fill="${ALERT_COLORS[a.kind] ?? '#e11d48'}"><title>${esc(`${shortTime(a.t)} ${a.source}: ${a.kind} — ${a.detail}`)}</title></path>`
    );
  }
  if (alerts === 0) {
    out.push(
      `<text class="lane-empty" x="${left + plotW / 2}" y="${alertsTop + 12}" text-anchor="middle" font-size="9.5" fill="#94a3b8">no alert</text>`
    );
  }

  if (options.cursor !== undefined && options.cursor >= from && options.cursor <= to) {
    const cx = x(options.cursor);
    out.push(
      `<line class="cursor" x1="${cx.toFixed(1)}" x2="${cx.toFixed(1)}" y1="${top - 4}" y2="${H - 4}" stroke="#0f172a" stroke-width="1.5"/>`
    );
  }
  out.push('</svg>');
  return out.join('');
}

/**
 * An SVG path of `points` as a step plot: each serial holds (horizontal) until the next one, then
 * rises (vertical); the last holds until `end`. Points closer than a pixel are merged.
 */
export function stepPath(
  points: SerialPoint[],
  x: (t: number) => number,
  y: (s: number) => number,
  from: number,
  to: number,
  end: number
): string {
  let start = lowerBound(points, from);
  if (start > 0) start--;
  const parts: string[] = [];
  let lastX = Number.NaN;
  let lastY = Number.NaN;
  for (let i = start; i < points.length; i++) {
    const p = points[i];
    if (p.t > to) break;
    const px = Math.round(x(p.t) * 2) / 2;
    const py = Math.round(y(p.serial) * 2) / 2;
    if (parts.length === 0) {
      parts.push(`M${px},${py}`);
    } else {
      if (px !== lastX) parts.push(`H${px}`);
      if (py !== lastY) parts.push(`V${py}`);
    }
    lastX = px;
    lastY = py;
  }
  if (parts.length === 0) return '';
  const ex = Math.round(x(Math.min(end, to)) * 2) / 2;
  if (ex > lastX) parts.push(`H${ex}`);
  return parts.join('');
}

function lowerBound(points: SerialPoint[], t: number): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (points[m].t < t) lo = m + 1;
    else hi = m;
  }
  return lo;
}

function gapsOf(drawn: [number, number][], x0: number, x1: number): [number, number][] {
  const sorted = [...drawn].sort((a, b) => a[0] - b[0]);
  const gaps: [number, number][] = [];
  let cur = x0;
  for (const [a, b] of sorted) {
    if (a > cur) gaps.push([cur, Math.min(a, x1)]);
    cur = Math.max(cur, b);
  }
  if (cur < x1) gaps.push([cur, x1]);
  return gaps.filter(([a, b]) => b > a);
}

/**
 * A tick's time, as precise as the ticks are apart: whole seconds for ticks a second or more
 * apart, else tenths, hundredths or milliseconds (`2m05.5s`), so no two ticks read the same.
 */
export function tickLabel(t: number, step: number): string {
  if (step >= 1000) return shortTime(t);
  const digits = step >= 100 ? 1 : step >= 10 ? 2 : 3;
  const s = t / 1000;
  const m = Math.floor(s / 60);
  const rest = (s - m * 60).toFixed(digits);
  return m === 0 ? `${rest}s` : `${m}m${rest.padStart(digits + 3, '0')}s`;
}

/** About `count` round tick values from `lo` to `hi`. */
function niceTicks(lo: number, hi: number, count: number): number[] {
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-9)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) ticks.push(Math.round(v));
  return ticks;
}
