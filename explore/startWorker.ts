/**
 * Start a worker thread on a module next to this one, from a compiled build (plain `.js`, run as
 * it is) or from TypeScript sources (ts-node, as bin/mirrorbeat.js runs them, and under jest). From
 * sources the worker's module and everything it imports are bundled once per process with esbuild
 * into one temporary `.js` file (about 0.1 s), which each thread then loads in a few milliseconds
 * instead of transpiling a hundred files each.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';

/** Whether this module runs from TypeScript sources. */
export function runningFromSources(file: string = __filename): boolean {
  return path.extname(file) === '.ts';
}

const bundles = new Map<string, string>();
let bundleDir: string | null = null;

/** The bundle of `<name>.ts` (built on first use, removed when the process exits). */
function bundleOf(name: string): string {
  const known = bundles.get(name);
  if (known) return known;
  if (!bundleDir) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mirrorbeat-workers-'));
    bundleDir = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  const outfile = path.join(bundleDir, `${name}.js`);
  buildSync({
    entryPoints: [path.join(__dirname, `${name}.ts`)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'error'
  });
  bundles.set(name, outfile);
  return outfile;
}

/** A worker thread running `<name>` of this folder. */
export function startWorker(name: string): Worker {
  return new Worker(runningFromSources() ? bundleOf(name) : path.join(__dirname, `${name}.js`));
}
