/**
 * The sequence (Lamport) diagram as an SVG string: one lifeline per host and storage subsystem
 * (production left, standby right), time downwards. Rows are the distinct instants at which
 * something happened, so idle time takes no room; each row is labelled with its simulated time.
 */
import { esc, clock } from './format';
import type { SeqMessage, SeqNote } from './sequenceModel';
import { classifyActor } from './actors';

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
  read: '#059669'
};

/** Order lifelines: production hosts, production storage, standby storage, standby hosts. */
export function orderLifelines(ids: Iterable<string>): string[] {
  const rank = (id: string) => {
    const info = classifyActor(id);
    const storage = info.kind === 'storage';
    if (info.site === 'production') return storage ? 1 : 0;
    if (info.site === 'standby') return storage ? 2 : 3;
    return 1.5;
  };
  return [...new Set(ids)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Render messages and notes (already chosen for the window) as an `<svg>` element. */
export function renderSequenceSvg(
  messages: SeqMessage[],
  notes: SeqNote[],
  options: SequenceOptions
): string {
  const lifelines = orderLifelines(options.lifelines);
  const W = Math.max(360, Math.round(options.width));
  const left = 78;
  const right = 30;
  const top = 36;
  const rowH = 17;
  const times = new Set<number>();
  for (const m of messages) {
    times.add(m.sentAt);
    if (m.recvAt !== null) times.add(m.recvAt);
  }
  for (const n of notes) times.add(n.t);
  const rows = [...times].sort((a, b) => a - b);
  const rowOf = new Map(rows.map((t, i) => [t, i]));
  const H = top + Math.max(1, rows.length) * rowH + 20;
  const step = lifelines.length > 1 ? (W - left - right) / (lifelines.length - 1) : 0;
  const xOf = new Map(lifelines.map((id, i) => [id, left + i * step]));
  const y = (t: number) => top + 10 + (rowOf.get(t) ?? 0) * rowH;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="sequence-chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="Helvetica,Arial,sans-serif" font-size="10">`
  );
  out.push(
    `<defs><marker id="seq-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>`
  );
  out.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`);
  for (const id of lifelines) {
    const x = xOf.get(id) as number;
    out.push(
      `<g class="lifeline" data-id="${esc(id)}"><rect x="${(x - 44).toFixed(1)}" y="4" width="88" height="20" rx="4" fill="#eef2ff" stroke="#6366f1"/>` +
        `<text x="${x.toFixed(1)}" y="18" text-anchor="middle" font-size="11" fill="#1e1b4b">${esc(id)}</text>` +
        `<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="24" y2="${H - 6}" stroke="#c7d2fe" stroke-dasharray="3 3"/></g>`
    );
  }
  rows.forEach((t, i) => {
    if (i > 0 && rows[i - 1] === t) return;
    out.push(`<text x="4" y="${(y(t) + 3).toFixed(1)}" fill="#64748b">${esc(clock(t))}</text>`);
  });
  let latest = -1;
  if (options.cursor !== undefined) {
    messages.forEach((m, i) => {
      if ((m.recvAt ?? m.sentAt) <= (options.cursor as number)) latest = i;
    });
  }
  messages.forEach((m, i) => {
    const x1 = xOf.get(m.from);
    const x2 = xOf.get(m.to);
    if (x1 === undefined || x2 === undefined) return;
    const color = KIND_COLORS[m.kind];
    const y1 = y(m.sentAt);
    const lost = m.recvAt === null;
    const xe = lost ? x1 + (x2 - x1) * 0.55 : x2;
    const y2 = lost ? y1 + rowH * 0.6 : y(m.recvAt as number);
    const mid = { x: (x1 + xe) / 2, y: (y1 + y2) / 2 };
    const cls = `msg msg-${m.kind}${lost ? ' lost' : ''}${i === latest ? ' latest' : ''}`;
    out.push(
      `<g class="${cls}"><line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${xe.toFixed(1)}" y2="${y2.toFixed(1)}" stroke="${color}" stroke-width="${i === latest ? 2.5 : 1.3}"${lost ? ' stroke-dasharray="4 2"' : ' marker-end="url(#seq-arrow)"'}/>` +
        (lost
          ? `<text x="${xe.toFixed(1)}" y="${(y2 + 4).toFixed(1)}" text-anchor="middle" fill="#dc2626" font-size="13" font-weight="bold">✕</text>`
          : '') +
        `<text x="${mid.x.toFixed(1)}" y="${(mid.y - 3).toFixed(1)}" text-anchor="middle" fill="${color}" stroke="#ffffff" stroke-width="3" paint-order="stroke">${esc(m.label)}</text>` +
        `<title>${esc(`${m.from} → ${m.to}: ${m.label}, sent ${clock(m.sentAt)}${lost ? ', lost' : `, arrived ${clock(m.recvAt as number)}`}`)}</title></g>`
    );
  });
  for (const n of notes) {
    const yy = y(n.t);
    const targets = n.on === '*' || !xOf.has(n.on) ? null : (xOf.get(n.on) as number);
    const color = n.kind === 'fault' ? '#7e22ce' : '#b91c1c';
    if (targets === null) {
      out.push(
        `<g class="note note-${n.kind}"><line x1="${left - 10}" x2="${W - right + 10}" y1="${yy}" y2="${yy}" stroke="${color}" stroke-opacity="0.5"/>` +
          `<text x="${W / 2}" y="${yy - 3}" text-anchor="middle" fill="${color}" font-weight="bold" stroke="#fff" stroke-width="3" paint-order="stroke">${esc(n.text)}</text></g>`
      );
    } else {
      out.push(
        `<g class="note note-${n.kind}"><rect x="${(targets - 60).toFixed(1)}" y="${yy - 8}" width="120" height="14" rx="3" fill="#fff" stroke="${color}"/>` +
          `<text x="${targets.toFixed(1)}" y="${yy + 3}" text-anchor="middle" fill="${color}" font-weight="bold">${esc(n.text)}</text></g>`
      );
    }
  }
  out.push('</svg>');
  return out.join('');
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
