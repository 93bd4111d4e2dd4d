/**
 * Development checkouts only: bundle a worker thread's TypeScript module and everything it imports
 * with esbuild (a development dependency) so a thread loads one `.js` file instead of transpiling
 * a hundred. The compiled package never loads this file (explore/startWorker.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { buildSync } from 'esbuild';

const bundles = new Map<string, string>();

/**
 * The bundle of the TypeScript module `entry`, built on first use in this process and kept in the system's temporary
 * folder under the hash of its contents (written to a temporary name, then renamed, so that
 * processes bundling at the same time never load a half-written file; one file per version).
 */
export function bundleOf(entry: string): string {
  const known = bundles.get(entry);
  if (known) return known;
  const result = buildSync({
    entryPoints: [entry],
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
  const file = path.join(dir, `${path.basename(entry, '.ts')}-${hash}.js`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const partial = `${file}.${process.pid}.${threadId}.tmp`;
    writeFileSync(partial, code);
    renameSync(partial, file);
  }
  bundles.set(entry, file);
  return file;
}
