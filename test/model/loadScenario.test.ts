import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ScenarioError, loadScenarioFile } from '../../model/loadScenario';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mirrorbeat-load-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Write `text` to a temporary file named `name` and return its path. */
function file(name: string, text: string): string {
  const full = path.join(dir, name);
  writeFileSync(full, text);
  return full;
}

function loadError(file: string): ScenarioError {
  try {
    loadScenarioFile(file);
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as Error).message).not.toMatch(/\n/);
    return error as ScenarioError;
  }
  throw new Error('expected the file to be rejected');
}

const SPEC_EXAMPLE = `name: partition-with-mirror-alive
seed: 7                      # default 1
duration: 3m                 # simulated
topology: { hostsPerGroup: 2 }
config:
  heartbeat: { method: both, interval: 1s, timeout: 5s, pollInterval: 1s }
  network:   { latency: 2ms, jitter: 1ms, loss: 0 }
  remoteCopy: { mode: sync, latency: 5ms, fenceLevel: data, journalCapacity: 1000 }
  failover:  { onSiteIsolation: manual, confirmWait: 0s }
  workload:  { writesPerSecond: 10 }
faults:
  - { at: 30s, action: partition, target: network, for: 60s }
expect:
  failover: false
  alerts: [network-heartbeat-lost]   # kinds that must appear
`;

describe('loadScenarioFile', () => {
  it('should load the YAML example of SPEC §4.2', () => {
    const scenario = loadScenarioFile(file('example.yaml', SPEC_EXAMPLE));
    expect(scenario.name).toBe('partition-with-mirror-alive');
    expect(scenario.seed).toBe(7);
    expect(scenario.duration).toBe(180_000);
    expect(scenario.topology).toEqual({ hostsPerGroup: 2, groups: 1 });
    expect(scenario.config.remoteCopy).toEqual({
      mode: 'sync',
      latency: 5,
      fenceLevel: 'data',
      journalCapacity: 1000
    });
    expect(scenario.faults).toEqual([
      { at: 30_000, action: 'partition', target: 'network', for: 60_000, direction: 'both' }
    ]);
    expect(scenario.expect).toEqual({ failover: false, alerts: ['network-heartbeat-lost'] });
  });

  it('should load the same scenario from JSON', () => {
    const yaml = loadScenarioFile(file('same.yml', SPEC_EXAMPLE));
    const json = loadScenarioFile(
      file(
        'same.json',
        JSON.stringify({
          name: 'partition-with-mirror-alive',
          seed: 7,
          duration: '3m',
          topology: { hostsPerGroup: 2 },
          config: {
            heartbeat: { method: 'both', interval: '1s', timeout: '5s', pollInterval: 1000 },
            network: { latency: '2ms', jitter: '1ms', loss: 0 },
            remoteCopy: { mode: 'sync', latency: 5, fenceLevel: 'data', journalCapacity: 1000 },
            failover: { onSiteIsolation: 'manual', confirmWait: 0 },
            workload: { writesPerSecond: 10 }
          },
          faults: [{ at: '30s', action: 'partition', target: 'network', for: '1m' }],
          expect: { failover: false, alerts: ['network-heartbeat-lost'] }
        })
      )
    );
    expect(json).toEqual(yaml);
  });

  it('should read JSON content in a file without a known extension', () => {
    const scenario = loadScenarioFile(file('scenario.txt', '{"name": "n", "duration": 1000}'));
    expect(scenario.duration).toBe(1000);
  });

  it('should read a YAML flow mapping in a file without a known extension', () => {
    const scenario = loadScenarioFile(file('flow.scenario', '{ name: n, duration: 2s }'));
    expect(scenario.duration).toBe(2000);
  });

  it('should name the file and the field of an invalid value', () => {
    const bad = file(
      'bad.yaml',
      'name: x\nduration: 3m\nfaults:\n  - { at: 1s, action: explode }\n'
    );
    const error = loadError(bad);
    expect(error.message).toMatch(
      new RegExp(
        `^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: faults\\[0\\]\\.action: expected one of crash, `
      )
    );
    expect(error.source).toBe(bad);
    expect(error.path).toBe('faults[0].action');
    expect(error.detail).toMatch(/, found "explode"$/);
  });

  it('should report a YAML syntax error with its line and column', () => {
    const bad = file(
      'syntax.yaml',
      'name: x\nduration: 3m\nconfig:\n  heartbeat: { interval: 1s\n'
    );
    expect(loadError(bad).message).toMatch(
      /syntax\.yaml: line 5, column 1: expected valid YAML, found an error: .+/
    );
  });

  it('should report a nested mapping in a compact mapping at its line', () => {
    const bad = file('nested.yaml', 'name: x\nduration: a: b\n');
    expect(loadError(bad).message).toBe(
      `${bad}: line 2, column 11: expected valid YAML, found an error: Nested mappings are not allowed in compact mappings`
    );
  });

  it('should reject duplicate keys', () => {
    const bad = file('dup.yaml', 'name: x\nduration: 3m\nduration: 4m\n');
    expect(loadError(bad).message).toBe(
      `${bad}: line 3, column 1: expected valid YAML, found an error: Map keys must be unique`
    );
  });

  it('should report a JSON syntax error with its line and column', () => {
    const bad = file('bad.json', '{\n  "name": "x",\n  "duration": "3m",\n}\n');
    expect(loadError(bad).message).toMatch(
      /bad\.json: line 4, column 1: expected valid JSON, found an error: .+/
    );
  });

  it('should reject an empty file as a missing scenario', () => {
    const empty = file('empty.yaml', '');
    expect(loadError(empty).message).toBe(
      `${empty}: expected a scenario (an object with name, duration, …), found null`
    );
  });

  it('should report a missing file in one line', () => {
    const missing = path.join(dir, 'missing.yaml');
    expect(loadError(missing).message).toBe(
      `${missing}: expected a readable scenario file, found no such file`
    );
  });

  it('should report a directory in one line', () => {
    expect(loadError(dir).message).toBe(
      `${dir}: expected a readable scenario file, found a directory`
    );
  });
});
