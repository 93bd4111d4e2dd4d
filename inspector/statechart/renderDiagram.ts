/**
 * One statechart in one of the `diagram` formats: `svg` (Graphviz in WebAssembly), `dot`,
 * `mermaid` or `json` (the {@link Statechart} data).
 */
import { renderStatechartSvg } from './renderSvg';
import { toDot } from './toDot';
import { toMermaid } from './toMermaid';
import type { Statechart } from './toStatechart';

/** The output formats of `mirrorbeat diagram`. */
export const DIAGRAM_FORMATS = ['svg', 'mermaid', 'dot', 'json'] as const;
export type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];

/** File extension of each format. */
export const DIAGRAM_EXTENSIONS: Record<DiagramFormat, string> = {
  svg: 'svg',
  mermaid: 'mmd',
  dot: 'dot',
  json: 'json'
};

/** Render `chart` in `format` (text ending with a newline). */
export async function renderDiagram(chart: Statechart, format: DiagramFormat): Promise<string> {
  switch (format) {
    case 'svg':
      return (await renderStatechartSvg(chart)).trimEnd() + '\n';
    case 'dot':
      return toDot(chart);
    case 'mermaid':
      return toMermaid(chart);
    case 'json':
      return JSON.stringify(chart, null, 2) + '\n';
  }
}
