/**
 * `npm run analytic`: measure detection times over the grid of explore/detectionBounds.ts (crash
 * phase × poll phase, 100 runs per configuration) and print the Markdown table of the README
 * (closed-form bound, measured range, published figure of the anchors). Writes JSON to
 * `--out FILE` (default bench/results/analytic.json). Exits 1 if a measurement leaves its bound.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { detectionRows, detectionTable } from '../explore/detectionBounds';

const i = process.argv.indexOf('--out');
const outFile = i > 0 ? process.argv[i + 1] : path.join(__dirname, 'results', 'analytic.json');
// `--seeds N`: each placement with seeds 1…N (the jitter of the defaults differs by seed).
const k = process.argv.indexOf('--seeds');
const seedCount = k > 0 ? Number(process.argv[k + 1]) : 1;
const seeds = Array.from({ length: seedCount }, (_, n) => n + 1);
const rows = detectionRows(undefined, 10, 10, seeds);
mkdirSync(path.dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(rows, null, 2) + '\n');
process.stdout.write(detectionTable(rows) + '\n');
process.exitCode = rows.every((r) => r.within) ? 0 : 1;
