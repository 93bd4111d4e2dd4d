import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ScenarioError } from '../../model/loadScenario';
import {
  BUILT_IN_SCENARIOS,
  catalogue,
  createCatalogue,
  findScenario
} from '../../scenarios/catalogue';
import { defineScenario } from '../../scenarios/defineScenario';

describe('catalogue', () => {
  it('should hold steady-state: a day with no failover, no unavailability, no split brain, no lost write', () => {
    const entry = catalogue['steady-state'];
    expect(entry.description).toMatch(/normal operation/);
    expect(entry.scenario.duration).toBe(86_400_000);
    expect(entry.scenario.faults).toEqual([]);
    expect(entry.scenario.expect).toEqual({
      failover: false,
      maxUnavailable: 0,
      splitBrain: false,
      maxLostWrites: 0
    });
  });

  it('should key every built-in scenario by its name', () => {
    expect(Object.keys(catalogue).sort()).toEqual(BUILT_IN_SCENARIOS.map((s) => s.name).sort());
  });

  it('should refuse two scenarios with one name and a scenario without description', () => {
    const a = defineScenario({ name: 'a', description: 'first', duration: '1s' });
    expect(() => createCatalogue([a, a])).toThrow('built-in scenario "a" is defined twice');
    const b = defineScenario({ name: 'b', duration: '1s' });
    expect(() => createCatalogue([b])).toThrow('built-in scenario "b" has no description');
  });
});

describe('findScenario', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mirrorbeat-find-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should resolve a built-in name to a copy of its scenario', () => {
    const found = findScenario('steady-state');
    expect(found).toEqual(catalogue['steady-state'].scenario);
    expect(found).not.toBe(catalogue['steady-state'].scenario);
  });

  it('should resolve a file path', () => {
    const file = path.join(dir, 'mine.yaml');
    writeFileSync(file, 'name: mine\nduration: 5s\n');
    expect(findScenario(file).name).toBe('mine');
  });

  it('should say neither a built-in nor a file, with a hint', () => {
    expect(() => findScenario('steady-stat')).toThrow(ScenarioError);
    expect(() => findScenario('steady-stat')).toThrow(
      'steady-stat: expected a built-in scenario name (see \'mirrorbeat list\') or a scenario file, found neither (did you mean "steady-state"?)'
    );
  });

  it('should treat a path-looking name as a file', () => {
    expect(() => findScenario('./nowhere/steady-state.yaml')).toThrow(
      './nowhere/steady-state.yaml: expected a readable scenario file, found no such file'
    );
  });
});
