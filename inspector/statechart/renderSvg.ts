/**
 * DOT → SVG with Graphviz compiled to WebAssembly (`@viz-js/viz`): the engine ships inside the npm
 * package, so diagrams render with no network, no system Graphviz and no browser.
 */
import type { Viz } from '@viz-js/viz';
import { toDot } from './toDot';
import type { Statechart } from './toStatechart';

let viz: Promise<Viz> | undefined;

/** The Graphviz instance (loaded once). */
function graphviz(): Promise<Viz> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  viz ??= (require('@viz-js/viz') as typeof import('@viz-js/viz')).instance();
  return viz;
}

/** Render DOT text to an SVG document. */
export async function renderDotToSvg(dot: string): Promise<string> {
  const instance = await graphviz();
  const result = instance.render(dot, { format: 'svg' });
  if (result.status !== 'success') {
    const messages = result.errors.map((e) => e.message).join('; ');
    throw new Error(`graphviz failed: ${messages}`);
  }
  return result.output;
}

/** Render a statechart to an SVG document. */
export function renderStatechartSvg(chart: Statechart): Promise<string> {
  return renderDotToSvg(toDot(chart));
}
