/**
 * The timeline chart as an SVG string: heartbeat serials written at the P-VOL, seen at the S-VOL
 * and seen over the network against simulated time; a lane per path status; faults as shaded
 * bands; alerts as marks; the failover as a band from declaration to completion. Pure: the
 * inspector page redraws it as the replay advances, the HTML report draws it once.
 */
import { esc, shortTime } from './format';
import type { SerialPoint, TimelineModel } from './timelineModel';

export interface TimelineOptions {
  width: number;
  /** Simulated span drawn (ms); default the model's last time. */
  durationMs?: number;
  /** Draw only what happened up to here, and a cursor line (ms). */
  cursor?: number;
}

export const SERIES_COLORS = { pvol: '#2563eb', svol: '#059669', network: '#ea580c' } as const;
export const STATUS_COLORS: Record<string, string> = {
  valid: '#22c55e',
  warning: '#f59e0b',
  invalid: '#dc2626',
  suspended: '#9ca3af'
};

/** Faults that last until reverted (drawn as bands); the others are instants (lines). */
const LASTING = ['partition', 'cut', 'hang', 'degrade', 'io-error', 'skew'];

const ALERT_COLORS: Record<string, string> = {
  'heartbeat-warning': '#f59e0b',
  'heartbeat-restored': '#22c55e',
  'network-partitioned': '#7c3aed',
  'failure-declared': '#dc2626',
  'failover-started': '#dc2626',
  'failover-completed': '#7c3aed'
};

/** Render `model` as a standalone `<svg>` element (no scripts, no external references). */
export function renderTimelineSvg(model: TimelineModel, options: TimelineOptions): string {
  const W = Math.max(320, Math.round(options.width));
  const left = 64;
  const right = 16;
  const top = 26;
  const plotH = 170;
  const laneH = 16;
  const lanes = ['mirror', 'network'] as const;
  const lanesTop = top + plotH + 26;
  const alertsTop = lanesTop + lanes.length * (laneH + 4) + 6;
  const H = alertsTop + 40;
  const duration = Math.max(1, options.durationMs ?? model.lastT);
  const until = options.cursor ?? Number.POSITIVE_INFINITY;
  const plotW = W - left - right;
  const x = (t: number) => left + (Math.min(Math.max(t, 0), duration) / duration) * plotW;
  const upTo = <T extends { t: number }>(list: T[]) => list.filter((p) => p.t <= until);
  const pvol = upTo(model.pvol);
  const svol = upTo(model.svol);
  const net = upTo(model.network);
  const maxSerial = Math.max(
    10,
    ...pvol.map((p) => p.serial),
    ...svol.map((p) => p.serial),
    ...net.map((p) => p.serial)
  );
  const y = (serial: number) => top + plotH - (serial / maxSerial) * plotH;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="timeline-chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="Helvetica,Arial,sans-serif" font-size="11">`
  );
  out.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`);

  // Faults: shaded bands with their names.
  for (const f of model.faults) {
    if (f.t > until) continue;
    if (f.until === null && !LASTING.includes(f.action)) {
      const fx = x(f.t);
      out.push(
        `<g class="fault" data-action="${esc(f.action)}"><line x1="${fx.toFixed(1)}" x2="${fx.toFixed(1)}" y1="${top}" y2="${top + plotH}" stroke="#a855f7" stroke-width="2"/>` +
          `<text x="${(fx + 3).toFixed(1)}" y="${top - 6}" fill="#7e22ce">${esc(f.text)}</text><title>${esc(`${shortTime(f.t)}: ${f.text}`)}</title></g>`
      );
      continue;
    }
    const end = Math.min(f.until ?? until, until, duration);
    const x0 = x(f.t);
    const x1 = Math.max(x0 + 2, x(end === Number.POSITIVE_INFINITY ? duration : end));
    out.push(
      `<g class="fault" data-action="${esc(f.action)}"><rect x="${x0.toFixed(1)}" y="${top}" width="${(x1 - x0).toFixed(1)}" height="${plotH}" fill="#a855f7" fill-opacity="0.08" stroke="#a855f7" stroke-opacity="0.35"/>` +
        `<text x="${(x0 + 3).toFixed(1)}" y="${top - 6}" fill="#7e22ce">${esc(f.text)}</text><title>${esc(`${shortTime(f.t)}: ${f.text}`)}</title></g>`
    );
  }

  // Failover: from declaration to completion.
  const fo = model.failover;
  if (fo.declaredAt !== null && fo.declaredAt <= until) {
    const x0 = x(fo.declaredAt);
    const done = fo.completedAt !== null && fo.completedAt <= until;
    const x1 = done ? x(fo.completedAt as number) : x(Math.min(until, duration));
    out.push(
      `<g class="failover${done ? ' failover-completed' : ''}"><rect x="${x0.toFixed(1)}" y="${top}" width="${Math.max(2, x1 - x0).toFixed(1)}" height="${plotH}" fill="#dc2626" fill-opacity="0.12"/>` +
        `<line x1="${x0.toFixed(1)}" x2="${x0.toFixed(1)}" y1="${top}" y2="${alertsTop + 24}" stroke="#dc2626" stroke-dasharray="4 3"/>` +
        (done
          ? `<line x1="${x1.toFixed(1)}" x2="${x1.toFixed(1)}" y1="${top}" y2="${alertsTop + 24}" stroke="#7c3aed" stroke-width="2"/>` +
            `<text x="${(x1 - 4).toFixed(1)}" y="${top + 34}" text-anchor="end" fill="#7c3aed" font-weight="bold">failover completed ${esc(shortTime(fo.completedAt as number))}</text>`
          : `<text x="${(x0 - 4).toFixed(1)}" y="${top + 34}" text-anchor="end" fill="#dc2626" font-weight="bold">failure declared</text>`) +
        `</g>`
    );
  }

  // Axes.
  out.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotH}" stroke="#94a3b8"/>`);
  out.push(
    `<line x1="${left}" x2="${W - right}" y1="${top + plotH}" y2="${top + plotH}" stroke="#94a3b8"/>`
  );
  for (const s of niceTicks(maxSerial, 4)) {
    out.push(
      `<text x="${left - 6}" y="${(y(s) + 4).toFixed(1)}" text-anchor="end" fill="#475569">${s}</text>` +
        `<line x1="${left}" x2="${W - right}" y1="${y(s).toFixed(1)}" y2="${y(s).toFixed(1)}" stroke="#e2e8f0"/>`
    );
  }
  out.push(`<text x="8" y="${top + 4}" fill="#475569">serial</text>`);
  for (const t of niceTicks(duration, Math.max(3, Math.floor(plotW / 90)))) {
    out.push(
      `<text x="${x(t).toFixed(1)}" y="${top + plotH + 14}" text-anchor="middle" fill="#475569">${esc(shortTime(t))}</text>`
    );
  }

  // Series.
  const series: [keyof typeof SERIES_COLORS, SerialPoint[], string][] = [
    ['pvol', pvol, 'written at the P-VOL'],
    ['svol', svol, 'seen at the S-VOL'],
    ['network', net, 'seen over the network']
  ];
  for (const [name, points, label] of series) {
    if (points.length === 0) continue;
    const d = points
      .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.t).toFixed(1)},${y(p.serial).toFixed(1)}`)
      .join('');
    out.push(
      `<path class="series series-${name}" d="${d}" fill="none" stroke="${SERIES_COLORS[name]}" stroke-width="${name === 'pvol' ? 3 : 1.6}" stroke-linejoin="round"${name === 'network' ? ' stroke-dasharray="5 3"' : ''}><title>${esc(label)}</title></path>`
    );
  }
  // Legend.
  let lx = left + 8;
  for (const [name, , label] of series) {
    out.push(
      `<line x1="${lx}" x2="${lx + 18}" y1="${top + 10}" y2="${top + 10}" stroke="${SERIES_COLORS[name]}" stroke-width="3"/>` +
        `<text x="${lx + 22}" y="${top + 14}" fill="#1f2937">${esc(label)}</text>`
    );
    lx += 28 + label.length * 6;
  }

  // Path status lanes.
  lanes.forEach((path, i) => {
    const ly = lanesTop + i * (laneH + 4);
    out.push(
      `<text x="${left - 6}" y="${ly + 12}" text-anchor="end" fill="#475569">${path}</text>`
    );
    out.push(`<rect x="${left}" y="${ly}" width="${plotW}" height="${laneH}" fill="#f1f5f9"/>`);
    for (const span of model.spans) {
      if (span.path !== path || span.from > until) continue;
      const end = Math.min(span.to ?? until, until, duration);
      const x0 = x(span.from);
      const x1 = x(end === Number.POSITIVE_INFINITY ? model.lastT : end);
      out.push(
        `<rect class="status status-${esc(span.status)}" x="${x0.toFixed(1)}" y="${ly}" width="${Math.max(1, x1 - x0).toFixed(1)}" height="${laneH}" fill="${STATUS_COLORS[span.status] ?? '#64748b'}"><title>${esc(`${path} ${span.status} from ${shortTime(span.from)}`)}</title></rect>`
      );
    }
  });

  // Alerts.
  out.push(
    `<text x="${left - 6}" y="${alertsTop + 12}" text-anchor="end" fill="#475569">alerts</text>`
  );
  for (const a of model.alerts) {
    if (a.t > until) continue;
    const ax = x(a.t);
    out.push(
      `<path class="alert alert-${esc(a.kind)}" d="M${ax.toFixed(1)},${alertsTop + 2} l5,10 l-10,0 z" fill="${ALERT_COLORS[a.kind] ?? '#e11d48'}"><title>${esc(`${shortTime(a.t)} ${a.source}: ${a.kind} — ${a.detail}`)}</title></path>`
    );
  }

  if (options.cursor !== undefined) {
    const cx = x(options.cursor);
    out.push(
      `<line class="cursor" x1="${cx.toFixed(1)}" x2="${cx.toFixed(1)}" y1="${top - 4}" y2="${H - 4}" stroke="#0f172a" stroke-width="1.5"/>`
    );
  }
  out.push('</svg>');
  return out.join('');
}

/** About `count` round tick values from 0 to `max`. */
function niceTicks(max: number, count: number): number[] {
  const raw = max / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = 0; v <= max + 1e-9; v += step) ticks.push(Math.round(v));
  return ticks;
}
