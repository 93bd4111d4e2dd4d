/**
 * Start a worker thread on a module next to this one, from a compiled build (plain `.js`, run as
 * it is) or from TypeScript sources (ts-node, as bin/mirrorbeat.js runs them, and under jest). From
 * sources the worker's module and everything it imports are bundled once per process with esbuild
 * into one `.js` file (about 0.1 s), which each thread then loads in a few milliseconds instead of
 * transpiling a hundred files each.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { threadId, Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';

/** Whether this module runs from TypeScript sources. */
export function runningFromSources(file: string = __filename): boolean {
  return path.extname(file) === '.ts';
}

const bundles = new Map<string, string>();

/**
 * The bundle of `<name>.ts`, built on first use in this process and kept in the system's temporary
 * folder under the hash of its contents (written to a temporary name, then renamed, so that
 * processes bundling at the same time never load a half-written file; one file per version).
 */
function bundleOf(name: string): string {
  const known = bundles.get(name);
  if (known) return known;
  const result = buildSync({
    entryPoints: [path.join(__dirname, `${name}.ts`)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'error'
  });
  const code = result.outputFiles[0].contents;
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const dir = path.join(os.tmpdir(), `mirrorbeat-workers-${process.getuid?.() ?? 'user'}`);
  const file = path.join(dir, `${name}-${hash}.js`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const partial = `${file}.${process.pid}.${threadId}.tmp`;
    writeFileSync(partial, code);
    renameSync(partial, file);
  }
  bundles.set(name, file);
  return file;
}

/** A worker thread running `<name>` of this folder. */
export function startWorker(name: string): Worker {
  return new Worker(runningFromSources() ? bundleOf(name) : path.join(__dirname, `${name}.js`));
}
