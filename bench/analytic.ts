/**
 * `npm run analytic`: measure detection times over the grid of explore/detectionBounds.ts (crash
 * phase × poll phase, 100 runs per configuration) and print the Markdown table of the README
 * (closed-form bound, measured range, published figure of the anchors). Writes JSON to
 * `--out FILE` (default bench/results/analytic.json). Exits 1 if a measurement leaves its bound.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { detectionRows, detectionTable } from '../explore/detectionBounds';
import { parseScriptOptions } from './options';

const outFile = parseScriptOptions(
  'analytic',
  'measured detection times against their closed-form bounds',
  (command) => command.option('--out <file>', 'where to write the JSON rows'),
  (o) => (o.out as string | undefined) ?? path.join(__dirname, 'results', 'analytic.json')
);
const rows = detectionRows();
mkdirSync(path.dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(rows, null, 2) + '\n');
process.stdout.write(detectionTable(rows) + '\n');
process.exitCode = rows.every((r) => r.within) ? 0 : 1;
