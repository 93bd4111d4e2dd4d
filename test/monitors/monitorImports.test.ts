/**
 * Observers only observe: the monitors know the world only through the observation stream and
 * the probe (model/observation.ts), never through the cluster builder or the actors.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dir = path.join(__dirname, '..', '..', 'monitors');

/** The imports of a TypeScript source that reach into the world or the actors. */
function forbiddenImports(source: string): string[] {
  return [...source.matchAll(/from '([^']+)'/g)]
    .map((m) => m[1])
    .filter((m) => /^\.\.\/(world|actors)\//.test(m));
}

describe('monitors/', () => {
  it('should import nothing from the world or the actors', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const forbidden = forbiddenImports(readFileSync(path.join(dir, file), 'utf8'));
      expect({ file, forbidden }).toEqual({ file, forbidden: [] });
    }
  });

  it('should tell a forbidden import from an allowed one', () => {
    const source = [
      "import type { Observation } from '../model/observation';",
      "import type { Cluster } from '../world/createCluster';",
      "import { HostRuntime } from '../actors/createHost';"
    ].join('\n');
    expect(forbiddenImports(source)).toEqual(['../world/createCluster', '../actors/createHost']);
  });
});
