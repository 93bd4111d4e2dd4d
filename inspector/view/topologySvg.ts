/**
 * FIG. 1 drawn as an SVG string: for each host group, its production and standby hosts with
 * their programs (greyed out when the host is down or the program stopped), the network joining
 * the groups, each site's storage subsystem with its volumes, the remote link between the
 * subsystems, and each remote-copy pair as an arrow from its P-VOL to its S-VOL (reversed after a
 * swap-takeover), every edge coloured by its state. Pure: the inspector page redraws it as the
 * replay runs, the HTML report draws it at key moments. Generic over ids: hosts, groups, pairs and
 * volumes are whatever the trace names.
 */
import { describeState, type ActorInfo } from './actors';
import { esc } from './format';
import { isDown, isRunning, topState, type ActorState, type WorldState } from './worldState';

export interface TopologyOptions {
  width: number;
  /** Actor currently selected (outlined). */
  selected?: string | null;
}

export const EDGE_COLORS = {
  ok: '#16a34a',
  idle: '#64748b',
  warn: '#f59e0b',
  bad: '#dc2626',
  off: '#9ca3af'
} as const;

const PROGRAM_ORDER = ['app', 'sender', 'receiver', 'decision', 'failover', 'request'];

interface HostBox {
  info: ActorInfo;
  programs: ActorInfo[];
}

/** Which application group a host belongs to (`app2-prod-1` → `app2`, `prod-1` → `app`). */
export function groupOfHost(info: ActorInfo, a: ActorState | undefined): string {
  const g = a?.input?.group;
  if (typeof g === 'string') return g;
  const m = /^(.+)-(prod|standby)-\d+$/.exec(info.id);
  return m ? m[1] : 'app';
}

/** Colour class of a pair state (`PAIR` ok, `COPY` warn, `PSUE` bad, `PSUS`/`SMPL` off, `SSWS` warn). */
export function pairClass(state: unknown): keyof typeof EDGE_COLORS {
  const top = topState(state);
  if (top === 'PAIR') return /swap|takeover/i.test(describeState(state)) ? 'warn' : 'ok';
  if (top === 'PSUE') return 'bad';
  if (top === 'COPY' || top === 'SSWS') return 'warn';
  return 'off';
}

/** Colour class of the network or the remote link from its state. */
export function linkClass(state: unknown): keyof typeof EDGE_COLORS {
  const text = describeState(state);
  if (/partition\.(?!none)|(^|[^a-z])(down|cut)([^a-z]|$)/.test(text)) return 'bad';
  if (/degraded/.test(text)) return 'warn';
  return 'idle';
}

/** A short text that fits `max` characters (the full text goes into the tooltip). */
function fit(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

/** Render the topology of `world` (actors classified in `actors`) as an `<svg>` element. */
export function renderTopologySvg(
  world: WorldState,
  actors: Iterable<ActorInfo>,
  options: TopologyOptions
): string {
  const W = Math.max(520, Math.round(options.width));
  const all = [...actors];
  const state = (id: string) => world.actors.get(id);
  const hosts = all.filter((a) => a.kind === 'host');
  const programsOf = (host: string) =>
    all
      .filter((p) => p.kind === 'program' && p.host === host)
      .sort(
        (a, b) =>
          rank(PROGRAM_ORDER, a.label) - rank(PROGRAM_ORDER, b.label) ||
          a.label.localeCompare(b.label)
      );
  const groups = new Map<string, { production: HostBox[]; standby: HostBox[] }>();
  for (const h of hosts.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }))) {
    const g = groupOfHost(h, state(h.id));
    if (!groups.has(g)) groups.set(g, { production: [], standby: [] });
    const side = h.site === 'standby' ? 'standby' : 'production';
    groups.get(g)![side].push({ info: h, programs: programsOf(h.id) });
  }
  const ordered = [...groups.entries()].sort((a, b) =>
    a[0].localeCompare(b[0], 'en', { numeric: true })
  );
  const groupActor = (g: string, site: 'prod' | 'standby') =>
    all.find((a) => a.kind === 'group' && a.id === `${g}/${site}-group`);

  const pad = 14;
  const colW = Math.round(W * 0.36);
  const xL = pad;
  const xR = W - pad - colW;
  const mid = W / 2;
  const progH = 15;
  const hostHead = 22;
  const hostGap = 6;
  const groupHead = 20;
  const maxChars = Math.floor((colW - 34) / 5.6);
  const out: string[] = [];
  let y = 50;
  const tiebreaker = all.find((a) => a.kind === 'tiebreaker');
  if (tiebreaker) y += 30;

  // ---- host groups ----
  const body: string[] = [];
  const groupBoxes: { y0: number; y1: number; name: string }[] = [];
  const serving = { production: false, standby: false };
  for (const [name, g] of ordered) {
    const hostHeight = (h: HostBox) => hostHead + h.programs.length * progH + 6;
    const sideHeight = (list: HostBox[]) =>
      list.reduce((s, h) => s + hostHeight(h) + hostGap, 0) - (list.length > 0 ? hostGap : 0);
    const inner = Math.max(sideHeight(g.production), sideHeight(g.standby), 24);
    const y0 = y;
    const y1 = y0 + groupHead + inner + 8;
    groupBoxes.push({ y0, y1, name });
    for (const side of ['production', 'standby'] as const) {
      const x0 = side === 'production' ? xL : xR;
      const list = g[side];
      const ga = groupActor(name, side === 'production' ? 'prod' : 'standby');
      const gs = ga ? state(ga.id) : undefined;
      const serves = list.some(
        (h) => !isDown(state(h.info.id)) && isRunning(state(`${h.info.id}/app`))
      );
      if (serves) serving[side] = true;
      body.push(
        `<g class="topo-group${serves ? ' serving' : ''}" data-group="${esc(name)}" data-site="${side}"${ga ? ` data-actor="${esc(ga.id)}"` : ''}>` +
          `<rect x="${x0}" y="${y0}" width="${colW}" height="${y1 - y0}" rx="6" fill="${serves ? '#f0fdf4' : '#f8fafc'}" stroke="${serves ? EDGE_COLORS.ok : '#cbd5e1'}" stroke-width="${serves ? 2 : 1}"/>` +
          `<text x="${x0 + 8}" y="${y0 + 14}" font-weight="bold" fill="#334155">${esc(name)} · ${side}${gs && !serves ? ` <tspan font-weight="normal" fill="#64748b">${esc(fit(describeState(gs.state), 16))}</tspan>` : ''}</text>` +
          (serves
            ? `<text class="serving-badge" x="${x0 + colW - 8}" y="${y0 + 14}" text-anchor="end" font-weight="bold" fill="${EDGE_COLORS.ok}">▶ serving</text>`
            : '') +
          '</g>'
      );
      let hy = y0 + groupHead;
      for (const h of list) {
        const hs = state(h.info.id);
        const down = isDown(hs);
        const hh = hostHeight(h);
        const hostText = hs ? describeState(hs.state) : '';
        const cls = down ? ' down' : /hung/.test(hostText) ? ' hung' : '';
        const sel = options.selected === h.info.id;
        body.push(
          `<g class="topo-host${cls}" data-actor="${esc(h.info.id)}" data-state="${esc(hostText)}">` +
            `<rect x="${x0 + 8}" y="${hy}" width="${colW - 16}" height="${hh}" rx="4" fill="${down ? '#e5e7eb' : '#ffffff'}" stroke="${sel ? '#2563eb' : down ? '#9ca3af' : '#94a3b8'}" stroke-width="${sel ? 2.5 : 1}"${down ? ' stroke-dasharray="4 2"' : ''}/>` +
            `<text x="${x0 + 16}" y="${hy + 15}" font-weight="bold" fill="${down ? '#6b7280' : '#0f172a'}">${esc(h.info.id)}</text>` +
            `<text x="${x0 + colW - 16}" y="${hy + 15}" text-anchor="end" fill="${down ? EDGE_COLORS.bad : /hung/.test(hostText) ? EDGE_COLORS.warn : '#475569'}" font-weight="${down ? 'bold' : 'normal'}">${esc(hostText)}</text>` +
            '</g>'
        );
        h.programs.forEach((p, i) => {
          const ps = state(p.id);
          const stopped = down || !ps || ps.stopped;
          const text = !ps ? 'not started' : ps.stopped ? 'stopped' : describeState(ps.state);
          const shown = down && ps && !ps.stopped ? `stopped (host ${hostText})` : text;
          const running = !stopped && p.label === 'app' && isRunning(ps);
          const py = hy + hostHead + i * progH;
          const psel = options.selected === p.id;
          body.push(
            `<g class="topo-program${stopped ? ' stopped' : ''}${running ? ' running' : ''}" data-actor="${esc(p.id)}" data-state="${esc(shown)}">` +
              `<rect x="${x0 + 14}" y="${py}" width="${colW - 28}" height="${progH - 2}" rx="2" fill="${stopped ? '#f3f4f6' : running ? '#dcfce7' : '#f8fafc'}" stroke="${psel ? '#2563eb' : 'none'}" stroke-width="2"/>` +
              `<text x="${x0 + 18}" y="${py + 10}" font-size="10" fill="${stopped ? '#9ca3af' : '#1e293b'}"><tspan font-weight="bold">${esc(p.label)}</tspan> <tspan fill="${stopped ? '#9ca3af' : programColor(text)}">${esc(fit(shown, maxChars - p.label.length))}</tspan></text>` +
              `<title>${esc(`${p.id}: ${shown}`)}</title></g>`
          );
        });
        hy += hh + hostGap;
      }
    }
    y = y1 + 12;
  }
  const hostsBottom = y - 12;

  // ---- the network: a bus between the host groups ----
  const net = all.find((a) => a.kind === 'network');
  const ns = net ? state(net.id) : undefined;
  const netCls = ns ? linkClass(ns.state) : 'idle';
  const netText = ns ? describeState(ns.state) : '';
  const netColor = EDGE_COLORS[netCls];
  const busTop = groupBoxes.length > 0 ? groupBoxes[0].y0 + 10 : y;
  const edges: string[] = [];
  if (net) {
    const dash = netCls === 'bad' ? ' stroke-dasharray="7 5"' : '';
    const partial = /partition\.(prod-to-standby|standby-to-prod)/.exec(netText);
    let lines = `<line x1="${mid}" x2="${mid}" y1="${busTop - 16}" y2="${hostsBottom - 10}" stroke="${netColor}" stroke-width="4"${dash}/>`;
    for (const b of groupBoxes) {
      const cy = (b.y0 + b.y1) / 2;
      lines +=
        `<line x1="${xL + colW}" x2="${mid}" y1="${cy}" y2="${cy}" stroke="${netColor}" stroke-width="3"${dash}/>` +
        `<line x1="${mid}" x2="${xR}" y1="${cy}" y2="${cy}" stroke="${netColor}" stroke-width="3"${dash}/>`;
      if (netCls === 'bad') {
        const cut = partial
          ? partial[1] === 'prod-to-standby'
            ? mid + (xR - mid) / 2
            : mid - (mid - xL - colW) / 2
          : mid;
        lines += `<text x="${cut}" y="${cy + 6}" text-anchor="middle" font-size="18" font-weight="bold" fill="${EDGE_COLORS.bad}">✕</text>`;
      }
    }
    edges.push(
      `<g class="topo-network edge-${netCls}" data-actor="${esc(net.id)}" data-state="${esc(netText)}">${lines}` +
        `<text x="${mid}" y="${busTop - 34}" text-anchor="middle" font-weight="bold" fill="${netColor}">${esc(net.id)}</text>` +
        `<text x="${mid}" y="${busTop - 21}" text-anchor="middle" font-size="10" fill="${netColor}" stroke="#fff" stroke-width="3" paint-order="stroke">${esc(fit(netText, 30))}</text>` +
        `<title>${esc(`${net.id}: ${netText}`)}</title></g>`
    );
  }
  if (tiebreaker) {
    const ts = state(tiebreaker.id);
    edges.push(
      `<g class="topo-tiebreaker" data-actor="${esc(tiebreaker.id)}"><rect x="${mid - 90}" y="4" width="180" height="26" rx="5" fill="#fefce8" stroke="#ca8a04"/>` +
        `<text x="${mid}" y="21" text-anchor="middle" fill="#713f12">${esc(tiebreaker.id)} · ${esc(ts ? describeState(ts.state) : '')}</text></g>`
    );
  }

  // ---- storage subsystems, volumes, pairs, the remote link ----
  const storages = {
    production: all.find((a) => a.kind === 'storage' && a.site === 'production'),
    standby: all.find((a) => a.kind === 'storage' && a.site === 'standby')
  };
  const pairs = [...world.pairs.values()].sort(
    (a, b) => pairRank(a.id) - pairRank(b.id) || a.id.localeCompare(b.id)
  );
  const pairVolumes = new Set(pairs.flatMap((p) => [p.primary, p.secondary]));
  const loose = {
    production: all.filter(
      (v) => v.kind === 'volume' && v.site === 'production' && !pairVolumes.has(v.id)
    ),
    standby: all.filter(
      (v) => v.kind === 'volume' && v.site === 'standby' && !pairVolumes.has(v.id)
    )
  };
  const volH = 20;
  const sTop = y + 28;
  const rows = pairs.length + Math.max(loose.production.length, loose.standby.length);
  const sBottom = sTop + 26 + Math.max(1, rows) * volH + 8;
  const siteOfVolume = (v: string) =>
    all.find((a) => a.id === v)?.site ?? (/(^|-)standby/.test(v) ? 'standby' : 'production');
  for (const side of ['production', 'standby'] as const) {
    const s = storages[side];
    const x0 = side === 'production' ? xL : xR;
    const ss = s ? state(s.id) : undefined;
    const text = ss ? describeState(ss.state) : '';
    const failed = /fail|down|crash/.test(text);
    // I/O path from the hosts to their array.
    edges.push(
      `<line class="io-path" x1="${x0 + colW / 2}" x2="${x0 + colW / 2}" y1="${hostsBottom}" y2="${sTop}" stroke="#94a3b8" stroke-width="2"/>`
    );
    body.push(
      `<g class="topo-storage${failed ? ' down' : ''}" data-actor="${esc(s?.id ?? '')}" data-site="${side}" data-state="${esc(text)}">` +
        `<rect x="${x0}" y="${sTop}" width="${colW}" height="${sBottom - sTop}" rx="6" fill="${failed ? '#e5e7eb' : '#eff6ff'}" stroke="${failed ? EDGE_COLORS.bad : '#3b82f6'}" stroke-width="1.5"/>` +
        `<text x="${x0 + 8}" y="${sTop + 16}" font-weight="bold" fill="#1e3a8a">${esc(s?.id ?? `${side} storage`)}</text>` +
        `<text x="${x0 + colW - 8}" y="${sTop + 16}" text-anchor="end" fill="${failed ? EDGE_COLORS.bad : '#475569'}" font-weight="${failed ? 'bold' : 'normal'}">${esc(text)}</text></g>`
    );
  }
  const volumeBox = (id: string, row: number, role: string, info: string) => {
    const side = siteOfVolume(id);
    const x0 = side === 'standby' ? xR : xL;
    const vy = sTop + 26 + row * volH;
    return (
      `<g class="topo-volume" data-actor="${esc(id)}" data-role="${esc(role)}">` +
      `<rect x="${x0 + 10}" y="${vy}" width="${colW - 20}" height="${volH - 4}" rx="3" fill="#ffffff" stroke="#93c5fd"/>` +
      `<text x="${x0 + 16}" y="${vy + 12}" font-size="10.5" fill="#1e293b"><tspan font-weight="bold">${esc(id)}</tspan>${role ? ` ${esc(role)}` : ''}</text>` +
      (info
        ? `<text x="${x0 + colW - 16}" y="${vy + 12}" text-anchor="end" font-size="10" fill="#64748b">${esc(info)}</text>`
        : '') +
      '</g>'
    );
  };
  // The remote link: a pipe between the arrays that every pair's copies travel through.
  const link = all.find((a) => a.kind === 'link');
  const ls = link ? state(link.id) : undefined;
  const linkCls = ls ? linkClass(ls.state) : 'idle';
  const linkText = ls ? describeState(ls.state) : '';
  const pipeTop = sTop + 22;
  const pipeBottom = sBottom - 4;
  if (link) {
    edges.push(
      `<g class="topo-link edge-${linkCls}" data-actor="${esc(link.id)}" data-state="${esc(linkText)}">` +
        `<rect x="${xL + colW}" y="${pipeTop}" width="${xR - xL - colW}" height="${pipeBottom - pipeTop}" fill="${EDGE_COLORS[linkCls]}" fill-opacity="${linkCls === 'bad' ? 0.08 : 0.12}" stroke="${EDGE_COLORS[linkCls]}" stroke-width="2"${linkCls === 'bad' ? ' stroke-dasharray="7 5"' : ''}/>` +
        `<text x="${mid}" y="${sBottom + 16}" text-anchor="middle" font-weight="bold" fill="${EDGE_COLORS[linkCls]}">${esc(link.id)} · ${esc(linkText)}</text>` +
        (linkCls === 'bad'
          ? `<text x="${mid}" y="${(pipeTop + pipeBottom) / 2 + 7}" text-anchor="middle" font-size="20" font-weight="bold" fill="${EDGE_COLORS.bad}">✕</text>`
          : '') +
        `<title>${esc(`${link.id}: ${linkText} (separate from the network)`)}</title></g>`
    );
  }
  const vol = (id: string) => world.volumes.get(id);
  pairs.forEach((p, row) => {
    const pState = describeState(p.state);
    const cls = pairClass(p.state);
    const color = EDGE_COLORS[cls];
    const pv = vol(p.primary);
    const sv = vol(p.secondary);
    body.push(volumeBox(p.primary, row, 'P-VOL', pv?.state ?? topState(p.state)));
    body.push(volumeBox(p.secondary, row, 'S-VOL', sv?.state ?? topState(p.state)));
    const vy = sTop + 26 + row * volH + (volH - 4) / 2;
    const fromLeft = siteOfVolume(p.primary) !== 'standby';
    const xa = fromLeft ? xL + colW - 10 : xR + 10;
    const xb = fromLeft ? xR + 10 : xL + colW - 10;
    const dash = cls === 'off' || cls === 'bad' ? ' stroke-dasharray="5 4"' : '';
    edges.push(
      `<g class="topo-pair pair-${cls}${p.swapped ? ' swapped' : ''}" data-actor="${esc(p.id)}" data-from="${esc(p.primary)}" data-to="${esc(p.secondary)}" data-state="${esc(pState)}">` +
        `<line x1="${xa}" x2="${xb}" y1="${vy}" y2="${vy}" stroke="${color}" stroke-width="2.5"${dash} marker-end="url(#topo-arrow-${cls})"/>` +
        `<text x="${mid}" y="${vy - 3}" text-anchor="middle" font-size="10" fill="${color}" stroke="#fff" stroke-width="3" paint-order="stroke">${esc(fit(`${p.id} ${topState(p.state)}${p.swapped ? ' ⇄' : ''}`, Math.floor((xR - xL - colW - 8) / 5.4)))}</text>` +
        `<title>${esc(`${p.id}: ${p.primary} (P-VOL) → ${p.secondary} (S-VOL), ${pState}`)}</title></g>`
    );
  });
  let extra = pairs.length;
  for (let i = 0; i < Math.max(loose.production.length, loose.standby.length); i++) {
    if (loose.production[i]) body.push(volumeBox(loose.production[i].id, extra, '', ''));
    if (loose.standby[i]) body.push(volumeBox(loose.standby[i].id, extra, '', ''));
  }
  extra++;

  const H = sBottom + 26;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="topology-chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="Helvetica,Arial,sans-serif" font-size="11">`
  );
  out.push(
    `<defs>${Object.entries(EDGE_COLORS)
      .map(
        ([k, c]) =>
          `<marker id="topo-arrow-${k}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="${c}"/></marker>`
      )
      .join('')}</defs>`
  );
  out.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(
    `<text x="${xL}" y="16" font-weight="bold" fill="#0f172a">production site</text>` +
      `<text x="${xR + colW}" y="16" text-anchor="end" font-weight="bold" fill="#0f172a">standby site</text>`
  );
  out.push(...edges, ...body);
  const who = (side: 'production' | 'standby') => (serving[side] ? 'serving' : 'not serving');
  out.push(
    `<desc>production ${who('production')}; standby ${who('standby')}; network ${esc(netText)}; remote link ${esc(linkText)}</desc>`
  );
  out.push('</svg>');
  return out.join('');
}

function programColor(text: string): string {
  if (/invalid|fail|refused|crash/.test(text)) return EDGE_COLORS.bad;
  if (/warn|fenc|taking|confirm|starting|suspect/.test(text)) return '#b45309';
  if (/running|valid|healthy|completed/.test(text)) return '#15803d';
  return '#475569';
}

function rank(order: string[], x: string): number {
  const i = order.indexOf(x);
  return i < 0 ? order.length : i;
}

function pairRank(id: string): number {
  const base = id.replace(/^.*?-?(data|hb|rhb)-pair$/, '$1');
  const group = /^(app\d+)-/.exec(id)?.[1] ?? '';
  return (group ? Number(group.slice(3)) * 10 : 0) + (['data', 'hb', 'rhb'].indexOf(base) + 1);
}
