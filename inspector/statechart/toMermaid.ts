/**
 * A {@link Statechart} as Mermaid `stateDiagram-v2` text (for Markdown viewers that render Mermaid):
 * composite states nest, parallel regions are separated by `--`, edges carry
 * `EVENT [guard] / actions`.
 */
import { transitionLabel, type ChartState, type Statechart } from './toStatechart';

/** Render `chart` as Mermaid text. */
export function toMermaid(chart: Statechart): string {
  const out: string[] = ['stateDiagram-v2', `  %% ${chart.name}Machine (id ${chart.id})`];
  const idOf = (path: string) => (path === '' ? 'root' : path.replace(/[^A-Za-z0-9_]/g, '_'));
  const emit = (s: ChartState, depth: number) => {
    const pad = '  '.repeat(depth);
    const id = idOf(s.path);
    const label = s.type === 'history' ? (s.history === 'deep' ? 'H*' : 'H') : s.key;
    out.push(`${pad}state "${label.replace(/"/g, "'")}" as ${id}`);
    if (s.children.length === 0) {
      if (s.entry.length > 0) out.push(`${pad}${id} : entry / ${s.entry.join(', ')}`);
      return;
    }
    out.push(`${pad}state ${id} {`);
    if (s.type === 'compound' && s.initial) {
      out.push(`${pad}  [*] --> ${idOf(s.path ? `${s.path}.${s.initial}` : s.initial)}`);
    }
    s.children.forEach((c, i) => {
      if (s.type === 'parallel' && i > 0) out.push(`${pad}  --`);
      emit(c, depth + 1);
    });
    out.push(`${pad}}`);
  };
  for (const child of chart.root.children) emit(child, 1);
  if (chart.root.initial) out.push(`  [*] --> ${idOf(chart.root.initial)}`);
  for (const t of chart.transitions) {
    const label = transitionLabel(t).replace(/[:;]/g, ' ');
    const targets = t.targets.length > 0 ? t.targets : [t.source];
    for (const target of targets) {
      out.push(`  ${idOf(t.source)} --> ${idOf(target)} : ${label}`);
    }
  }
  return out.join('\n') + '\n';
}
