/**
 * TypeScript scenario scripts: type-checked, compiled and run; their default export validated.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ScenarioError } from '../../model/loadScenario';
import { loadScenarioFile } from '../../scenarios/scenarioFiles';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mirrorbeat-script-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function script(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

function errorOf(action: () => unknown): ScenarioError {
  try {
    action();
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error('expected a ScenarioError');
}

describe('TypeScript scenario scripts', () => {
  it('should compile relative imports and validate a plain exported object with the file name', () => {
    script(
      'faults.ts',
      "export const crashAt = (at: string) => ({ at, action: 'crash' as const, target: 'prod-1' });\n"
    );
    const file = script(
      'plain.scenario.ts',
      "import { crashAt } from './faults';\nexport default { name: 'plain', duration: '1m', faults: [crashAt('10s')] };\n"
    );
    const scenario = loadScenarioFile(file);
    expect(scenario.name).toBe('plain');
    expect(scenario.duration).toBe(60_000);
    expect(scenario.faults).toEqual([{ at: 10_000, action: 'crash', target: 'prod-1' }]);

    const bad = script(
      'bad.scenario.ts',
      "export default { name: 'bad', duration: '1m', seed: -1 };\n"
    );
    expect(errorOf(() => loadScenarioFile(bad)).message).toMatch(
      new RegExp(`^${bad}: seed: expected`)
    );
  });

  it('should refuse a script that throws, in one line naming it', () => {
    const file = script(
      'throws.scenario.ts',
      "import { defineScenario } from 'mirrorbeat';\nexport default defineScenario({ name: 'x', duration: '-1s' });\n"
    );
    const error = errorOf(() => loadScenarioFile(file));
    expect(error.message.split('\n')).toHaveLength(1);
    expect(error.message).toMatch(new RegExp(`^${file}: duration: expected`));
  });

  it('should refuse a script without a default export', () => {
    const file = script('none.scenario.ts', 'export const scenario = 1;\n');
    expect(errorOf(() => loadScenarioFile(file)).message).toBe(
      `${file}: expected a default export (export default defineScenario({ … })), found none`
    );
  });
});
