/**
 * The library entry points: `mirrorbeat` (lib/index.ts), `mirrorbeat/machines` (lib/machines.ts)
 * and their place in package.json.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AnyStateMachine } from 'xstate';
import * as library from '../../lib/index';
import * as machines from '../../lib/machines';

const root = path.resolve(__dirname, '../..');

const machineFiles = readdirSync(path.join(root, 'machines'))
  .filter((f) => /^[a-z][A-Za-z0-9]*Machine\.ts$/.test(f))
  .map((f) => f.replace(/\.ts$/, ''));

describe('mirrorbeat/machines', () => {
  it('should be up to date with machines/ (npm run build rewrites lib/machines.ts)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { machinesIndex } = require('../../scripts/machinesIndex.js') as {
      machinesIndex: () => string;
    };
    expect(readFileSync(path.join(root, 'lib', 'machines.ts'), 'utf8')).toBe(machinesIndex());
  });

  it('should re-export every statechart file of machines/', () => {
    const text = readFileSync(path.join(root, 'lib', 'machines.ts'), 'utf8');
    const listed = [...text.matchAll(/^export \* from '\.\.\/machines\/(\w+)';$/gm)].map(
      (m) => m[1]
    );
    expect(listed.sort()).toEqual([...machineFiles].sort());
  });

  it.each(machineFiles)('should export %s as an XState machine', (name) => {
    const machine = (machines as Record<string, unknown>)[name] as AnyStateMachine;
    expect(machine).toBeDefined();
    expect(typeof machine.transition).toBe('function');
    expect(machine.root).toBeDefined();
  });

  it('should give machines usable in your own XState code', () => {
    const machine = machines.failureDecisionMachine.provide({});
    expect(machine.id).toBe(machines.failureDecisionMachine.id);
    expect(Object.keys(machine.toJSON().states ?? {}).length).toBeGreaterThan(0);
  });
});

describe('mirrorbeat', () => {
  it('should define, run and explore scenarios', () => {
    const scenario = library.defineScenario({
      name: 'lib-crash',
      duration: '40s',
      faults: [library.at('10s').crash('prod-1')]
    });
    const run = library.runScenario(scenario);
    expect(run.report.scenario).toBe('lib-crash');
    expect(run.report.outcome.failover.happened).toBe(true);
    expect(library.runScenario(scenario).report.traceHash).toBe(run.report.traceHash);
  });

  it('should load scenario files and refuse bad ones with a ScenarioError', () => {
    expect(() => library.loadScenarioFile(path.join(root, 'missing.yaml'))).toThrow(
      library.ScenarioError
    );
    expect(Object.keys(library.catalogue)).toContain('tour');
  });

  it('should explore and say whether it passed', () => {
    const summary = library.explore({
      base: library.defineScenario({ name: 'base', duration: '30s' }),
      mode: { kind: 'random', count: 1, seed: 3 },
      duration: 30_000,
      outDir: null
    });
    expect(summary.schedules).toBe(1);
    expect(typeof library.explorePassed(summary)).toBe('boolean');
  });
});

describe('package.json', () => {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    exports: Record<string, { types: string; default: string } | string>;
    bin: Record<string, string>;
    dependencies: Record<string, string>;
    files: string[];
  };

  it('should point every entry point at a compiled file of lib/', () => {
    for (const [entry, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'string') continue;
      const name = entry === '.' ? 'index' : entry.slice(2);
      expect(target).toEqual({
        types: `./dist/lib/${name}.d.ts`,
        default: `./dist/lib/${name}.js`
      });
      expect(readdirSync(path.join(root, 'lib'))).toContain(`${name}.ts`);
    }
  });

  it('should not need the TypeScript tool chain at run time', () => {
    for (const dev of ['typescript', 'ts-node', 'esbuild', 'nanoid']) {
      expect(pkg.dependencies).not.toHaveProperty(dev);
    }
  });
});
