/**
 * Start a worker thread on a module next to this one, from a compiled build (plain `.js`, run as
 * it is) or from TypeScript sources (ts-node, as bin/mirrorbeat.js runs them, and under jest). From
 * sources the worker's module and everything it imports are bundled once per process with esbuild
 * (dev/bundleWorker.ts, development checkouts only) into one `.js` file (about 0.1 s), which each
 * thread then loads in a few milliseconds instead of transpiling a hundred files each.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type * as Dev from '../dev/bundleWorker';

/** Whether this module runs from TypeScript sources. */
export function runningFromSources(file: string = __filename): boolean {
  return path.extname(file) === '.ts';
}

/** A worker thread running `<name>` of this folder. */
export function startWorker(name: string): Worker {
  if (!runningFromSources()) return new Worker(path.join(__dirname, `${name}.js`));
  // From sources only (a development checkout): esbuild is a development dependency.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dev = require('../dev/bundleWorker') as typeof Dev;
  return new Worker(dev.bundleOf(path.join(__dirname, `${name}.ts`)));
}
