/**
 * `npm run analytic`: measure detection times over the grid of explore/detectionBounds.ts (crash
 * phase × poll phase, 100 runs per configuration) and print the Markdown table of the README
 * (closed-form bound, measured range, published figure of the anchors). Writes JSON to
 * `--out FILE` (default bench/results/analytic.json). Exits 1 if a measurement leaves its bound.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { detectionRows, detectionTable } from '../explore/detectionBounds';
import { integerOption, parseScriptOptions } from './options';

const { outFile, seedCount } = parseScriptOptions(
  'analytic',
  'measured detection times against their closed-form bounds',
  (command) =>
    command
      .option('--out <file>', 'where to write the JSON rows')
      .option(
        '--seeds <n>',
        'run each placement with seeds 1…n (the defaults jitter by seed)',
        '1'
      ),
  (o) => ({
    outFile: (o.out as string | undefined) ?? path.join(__dirname, 'results', 'analytic.json'),
    seedCount: integerOption('--seeds', o.seeds, 1, 1000)
  })
);
const seeds = Array.from({ length: seedCount }, (_, n) => n + 1);
const rows = detectionRows(undefined, 10, 10, seeds);
mkdirSync(path.dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(rows, null, 2) + '\n');
process.stdout.write(detectionTable(rows) + '\n');
process.exitCode = rows.every((r) => r.within) ? 0 : 1;
