/**
 * The version of the installed package, read from its package.json (the nearest one named
 * `mirrorbeat` above this file: `cli/` from the sources, `dist/cli/` once compiled).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The package version, or `0.0.0` when no package.json is found. */
export function packageVersion(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'mirrorbeat' && typeof pkg.version === 'string') return pkg.version;
    }
    if (path.dirname(dir) === dir) return '0.0.0';
  }
}
