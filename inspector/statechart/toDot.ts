/**
 * A {@link Statechart} as Graphviz DOT: compound states are clusters (dashed when parallel, their
 * regions clusters inside), a black dot marks each initial state, history states are `H` / `H*`
 * circles, final states double circles. Edges carry `EVENT [guard] / actions` (`after delay`,
 * `always`); targetless transitions are listed inside their state, as UML internal transitions.
 * Every state's SVG element gets the id `st:<path>`, so a page can highlight the active ones.
 */
import {
  transitionLabel,
  type ChartState,
  type ChartTransition,
  type Statechart
} from './toStatechart';

const FONT = 'Helvetica,Arial,sans-serif';
const INK = '#44546a';
const GUARD = '#8a5300';
const ACTION = '#2f6b3f';

/** Render `chart` as DOT text. */
export function toDot(chart: Statechart): string {
  const byPath = new Map<string, ChartState>();
  const index = (s: ChartState) => {
    byPath.set(s.path, s);
    s.children.forEach(index);
  };
  index(chart.root);
  const internal = new Map<string, ChartTransition[]>();
  const inward = new Map<string, string[]>();
  // Label nodes, by the cluster that holds them.
  const labelsIn = new Map<string, string[]>();
  const edges: string[] = [];
  for (const t of chart.transitions) {
    if (t.targets.length === 0) {
      const list = internal.get(t.source) ?? [];
      list.push(t);
      internal.set(t.source, list);
    }
  }
  chart.transitions.forEach((t, i) => {
    const source = byPath.get(t.source);
    if (!source) return;
    const targets = t.targets
      .map((p) => byPath.get(p))
      .filter((x): x is ChartState => x !== undefined);
    if (targets.length === 0) return;
    const outward = targets.filter(
      (target) => !(isCluster(source) && source !== target && isInside(target.path, source.path))
    );
    for (const target of targets) {
      if (!outward.includes(target)) {
        const list = inward.get(source.path) ?? [];
        list.push(`${transitionLabel(t)} → ${relative(target.path, source.path)}`);
        inward.set(source.path, list);
      }
    }
    if (outward.length === 0) return;
    const holder = holderOf(
      [source, ...outward].map((x) => x.path),
      byPath
    );
    const label = `l:${i}`;
    const list = labelsIn.get(holder) ?? [];
    list.push(
      `${q(label)} [id=${q(`tr:${i}`)}, class="transition-label", shape=plaintext, style="", margin="0.1,0.02", fontsize=9, label=<${edgeLabel(t)}>];`
    );
    labelsIn.set(holder, list);
    const style = t.kind !== 'event' ? ', style=dashed' : '';
    const tail =
      isCluster(source) && !isInside(holder, source.path)
        ? `, ltail=${q(clusterOf(source.path))}`
        : '';
    edges.push(
      `  ${q(endpointOf(source))} -> ${q(label)} [id=${q(`tr:${i}:in`)}, arrowhead=none${tail}${style}];`
    );
    outward.forEach((target, k) => {
      const head =
        isCluster(target) && source !== target && !isInside(holder, target.path)
          ? `, lhead=${q(clusterOf(target.path))}`
          : '';
      edges.push(
        `  ${q(label)} -> ${q(endpointOf(target))} [id=${q(`tr:${i}:out${k}`)}${head}${style}];`
      );
    });
  });

  const out: string[] = [];
  out.push(`digraph ${q(chart.name)} {`);
  out.push(
    `  graph [compound=true, rankdir=TB, fontname=${q(FONT)}, fontsize=12, nodesep=0.35, ranksep=0.4, pad=0.2, bgcolor="white"];`
  );
  out.push(
    `  node [fontname=${q(FONT)}, fontsize=11, shape=box, margin="0.18,0.06", style="rounded,filled", fillcolor="#f7f9fc", color=${q(INK)}, penwidth=1.2];`
  );
  out.push(
    `  edge [fontname=${q(FONT)}, fontsize=9, color=${q(INK)}, fontcolor="#1f2933", arrowsize=0.7];`
  );

  const emit = (s: ChartState, depth: number) => {
    const pad = '  '.repeat(depth + 1);
    const lines = [...stateLines(s, internal.get(s.path) ?? []), ...(inward.get(s.path) ?? [])];
    if (s.type === 'compound' || s.type === 'parallel' || s.path === '') {
      out.push(`${pad}subgraph ${q(clusterOf(s.path))} {`);
      out.push(`${pad}  id=${q(`st:${s.path}`)};`);
      out.push(`${pad}  class=${q(`state ${s.type}`)};`);
      out.push(`${pad}  label=<${htmlLabel(s.path === '' ? chart.id : s.key, lines)}>;`);
      out.push(`${pad}  labeljust="l";`);
      out.push(
        `${pad}  style=${q(s.type === 'parallel' ? 'rounded,dashed' : 'rounded')}; color=${q(INK)}; penwidth=1.2;`
      );
      if (!hasInitial(s)) {
        out.push(`${pad}  ${q(anchorOf(s))} [shape=point, style=invis, width=0.01, label=""];`);
      } else if (s.initial) {
        // The initial dot doubles as the cluster's anchor for edges to and from it.
        const init = anchorOf(s);
        out.push(
          `${pad}  ${q(init)} [shape=circle, style=filled, fillcolor=${q(INK)}, color=${q(INK)}, width=0.12, label=""];`
        );
        const child = childPath(s.path, s.initial);
        const target = byPath.get(child);
        if (target) {
          out.push(
            `${pad}  ${q(init)} -> ${q(endpointOf(target))}${isCluster(target) ? ` [lhead=${q(clusterOf(child))}]` : ''};`
          );
        }
      }
      for (const c of s.children) emit(c, depth + 1);
      for (const l of labelsIn.get(s.path) ?? []) out.push(`${pad}  ${l}`);
      out.push(`${pad}}`);
    } else if (s.type === 'history') {
      out.push(
        `${pad}${q(nodeOf(s.path))} [id=${q(`st:${s.path}`)}, class="state history", shape=circle, width=0.3, fixedsize=true, label=${q(s.history === 'deep' ? 'H*' : 'H')}];`
      );
    } else {
      const shape = s.type === 'final' ? ', shape=doublecircle' : '';
      out.push(
        `${pad}${q(nodeOf(s.path))} [id=${q(`st:${s.path}`)}, class=${q(`state ${s.type}`)}${shape}, label=<${htmlLabel(s.key, lines)}>];`
      );
    }
  };
  emit(chart.root, 0);

  out.push(...edges);
  out.push('}');
  return out.join('\n') + '\n';
}

function stateLines(s: ChartState, internal: ChartTransition[]): string[] {
  const lines: string[] = [];
  if (s.entry.length > 0) lines.push(`entry / ${s.entry.join(', ')}`);
  if (s.exit.length > 0) lines.push(`exit / ${s.exit.join(', ')}`);
  for (const inv of s.invoke) lines.push(`invoke ${inv}`);
  for (const t of internal) lines.push(transitionLabel(t));
  return lines;
}

function htmlLabel(title: string, lines: string[]): string {
  const head = `<b>${esc(title)}</b>`;
  if (lines.length === 0) return head;
  const body = lines.map((l) => `<font point-size="9" color="#3e4c59">${esc(wrap(l, 48))}</font>`);
  return [head, ...body].join('<br align="left"/>') + '<br align="left"/>';
}

function edgeLabel(t: ChartTransition): string {
  const parts = [esc(t.kind === 'after' ? `after ${t.trigger}` : t.trigger)];
  if (t.guard) parts.push(`<font color="${GUARD}">[${esc(wrap(t.guard, 40))}]</font>`);
  if (t.actions.length > 0) {
    parts.push(`<font color="${ACTION}">/ ${esc(wrap(t.actions.join(', '), 40))}</font>`);
  }
  return parts.join('<br/>');
}

/** Wrap at commas/spaces into lines of about `width` characters (marked with `\n`). */
function wrap(text: string, width: number): string {
  if (text.length <= width) return text;
  const words = text.split(/(?<=[, ])/);
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur.length + w.length > width && cur.length > 0) {
      lines.push(cur.trimEnd());
      cur = '  ';
    }
    cur += w;
  }
  if (cur.trim()) lines.push(cur.trimEnd());
  return lines.join('\n');
}

function esc(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '<br align="left"/>');
}

function q(id: string): string {
  return `"${id.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The innermost cluster holding every one of `paths` (a state's own cluster when it is one). */
function holderOf(paths: string[], byPath: Map<string, ChartState>): string {
  const parts = paths.map((p) => (p === '' ? [] : p.split('.')));
  const common: string[] = [];
  for (let i = 0; ; i++) {
    const k = parts[0][i];
    if (k === undefined || !parts.every((p) => p[i] === k)) break;
    common.push(k);
  }
  let path = common.join('.');
  // A label may not sit inside an atomic state: climb to the nearest cluster.
  while (path !== '' && !isCluster(byPath.get(path) as ChartState)) {
    path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '';
  }
  // A transition between a compound state and the outside is held outside that state.
  if (paths.includes(path) && path !== '') {
    path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '';
  }
  return path;
}

function relative(path: string, ancestor: string): string {
  return ancestor === '' ? path : path.slice(ancestor.length + 1);
}

function isCluster(s: ChartState): boolean {
  return s.type === 'compound' || s.type === 'parallel' || s.path === '';
}

function isInside(path: string, ancestor: string): boolean {
  return ancestor === '' || path === ancestor || path.startsWith(`${ancestor}.`);
}

function childPath(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}

function clusterOf(path: string): string {
  return `cluster_${path || '$root'}`;
}

function hasInitial(s: ChartState): boolean {
  return s.type === 'compound' && s.initial !== undefined;
}

function anchorOf(s: ChartState): string {
  return hasInitial(s) ? `i:${s.path || '$root'}` : `a:${s.path || '$root'}`;
}

function nodeOf(path: string): string {
  return `s:${path}`;
}

function endpointOf(s: ChartState): string {
  return isCluster(s) ? anchorOf(s) : nodeOf(s.path);
}
