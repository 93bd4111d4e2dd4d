/**
 * The layering rules of `.dependency-cruiser.cjs` (run by `npm run layers` in CI), checked on tiny
 * throw-away source trees: each forbidden import is reported under its rule, and a tree that keeps
 * to the layers is clean. Removing or weakening a rule makes this test fail.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface Violation {
  rule: string;
  from: string;
  to: string;
}

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** Write `files` (path → source) into a fresh tree with the project's packages, and cruise it. */
function cruise(files: Record<string, string>): Violation[] {
  const root = mkdtempSync(join(tmpdir(), 'mirrorbeat-layers-'));
  roots.push(root);
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true } }));
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({
      name: 'fixture',
      dependencies: { rxjs: '7.8.2', xstate: '5.33.3' },
      devDependencies: { 'fast-check': '4.10.2' }
    })
  );
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), source);
  }
  const run = spawnSync(
    process.execPath,
    [DEPCRUISE, '--config', CONFIG, '--output-type', 'json', ...Object.keys(files)],
    { cwd: root, encoding: 'utf8' }
  );
  if (!run.stdout) throw new Error(`depcruise gave no report: ${run.stderr}`);
  const report: {
    summary: { violations: { rule: { name: string }; from: string; to: string }[] };
  } = JSON.parse(run.stdout);
  return report.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
}

/** A layered tree that keeps every rule. */
const CLEAN: Record<string, string> = {
  'sim/kernel.ts': `export const tick = 1;\n`,
  'model/types.ts': `export type Site = 'production' | 'standby';\n`,
  'machines/chart.ts': `import { setup } from 'xstate';\nimport type { Site } from '../model/types';\nexport const site: Site = 'standby';\nexport const chart = setup({}).createMachine({});\n`,
  'actors/host.ts': `import { Subject } from 'rxjs';\nimport { chart } from '../machines/chart';\nimport { tick } from '../sim/kernel';\nexport const host = { chart, tick, out: new Subject<number>() };\n`,
  'monitors/monitor.ts': `import type { Site } from '../model/types';\nexport const watch = (s: Site) => s;\n`,
  'world/build.ts': `import { host } from '../actors/host';\nimport { watch } from '../monitors/monitor';\nexport const world = { host, watch };\n`
};

/** Source of `path` in the clean tree, with `imports` (module paths from the root) added on top. */
const importing = (path: string, imports: string[], extra = '') =>
  imports
    .map(
      (to, i) =>
        `import * as forbidden${i} from '../${to}';\nexport const use${i} = forbidden${i};\n`
    )
    .join('') +
  extra +
  (CLEAN[path] ?? '');

/** The clean tree with one forbidden import per rule. */
const DIRTY: Record<string, string> = {
  ...CLEAN,
  'machines/chart.ts': importing('machines/chart.ts', ['world/build']),
  'actors/host.ts': importing('actors/host.ts', ['monitors/monitor', 'world/build']),
  'monitors/monitor.ts': importing('monitors/monitor.ts', ['actors/host', 'world/build']),
  'sim/kernel.ts': importing('sim/kernel.ts', ['model/types']),
  'model/types.ts': importing(
    'model/types.ts',
    ['machines/chart'],
    `import type { Observable } from 'rxjs';\nexport type Port = Observable<number>;\n`
  ),
  'actors/peer.ts': `import type { Other } from './other';\nexport type Peer = { other?: Other };\n`,
  'actors/other.ts': `import type { Peer } from './peer';\nexport type Other = { peer?: Peer };\n`,
  'actors/orphan.ts': `export const nobodyImportsMe = 1;\n`,
  'actors/tested.ts': `import fc from 'fast-check';\nexport const arbitrary = fc.nat();\n`,
  'actors/loose.ts': `import { z } from 'zod';\nimport { gone } from './gone';\nexport const loose = { z, gone };\n`
};

describe('layering rules', () => {
  let violations: Violation[] = [];
  beforeAll(() => {
    violations = cruise(DIRTY);
  });

  it('should find nothing in a tree that keeps to the layers', () => {
    expect(cruise(CLEAN)).toEqual([]);
  });

  it.each([
    ['machines-only-xstate-and-model', 'machines/chart.ts', 'world/build.ts'],
    ['actors-not-above-actors', 'actors/host.ts', 'monitors/monitor.ts'],
    ['actors-not-above-actors', 'actors/host.ts', 'world/build.ts'],
    ['monitors-observe-only', 'monitors/monitor.ts', 'actors/host.ts'],
    ['monitors-observe-only', 'monitors/monitor.ts', 'world/build.ts'],
    ['kernel-knows-no-domain', 'sim/kernel.ts', 'model/types.ts'],
    ['model-below-the-domain', 'model/types.ts', 'machines/chart.ts']
  ])('should report %s when %s imports %s', (rule, from, to) => {
    expect(violations).toContainEqual({ rule, from, to });
  });

  it('should report a statechart that reaches RxJS through a model type', () => {
    expect(violations).toContainEqual(
      expect.objectContaining({ rule: 'machines-rxjs-free', from: 'machines/chart.ts' })
    );
  });

  it('should report an import cycle, even of types only', () => {
    const cycles = violations.filter((v) => v.rule === 'no-circular').map((v) => [v.from, v.to]);
    expect(cycles.map((ends) => [...ends].sort())).toContainEqual([
      'actors/other.ts',
      'actors/peer.ts'
    ]);
  });

  it('should report an orphan module and shipped code importing a devDependency', () => {
    expect(violations).toContainEqual(
      expect.objectContaining({ rule: 'no-orphans', from: 'actors/orphan.ts' })
    );
    expect(violations).toContainEqual(
      expect.objectContaining({ rule: 'not-to-dev-dep', from: 'actors/tested.ts' })
    );
  });

  it('should report a package that package.json does not declare, and an unresolvable import', () => {
    expect(violations).toContainEqual(
      expect.objectContaining({ rule: 'no-non-package-json', from: 'actors/loose.ts' })
    );
    expect(violations).toContainEqual(
      expect.objectContaining({
        rule: 'not-to-unresolvable',
        from: 'actors/loose.ts',
        to: './gone'
      })
    );
  });
});
