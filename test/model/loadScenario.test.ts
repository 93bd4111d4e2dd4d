import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ScenarioError, loadScenarioFile, validateScenario } from '../../model/loadScenario';
import { traceHeader } from '../../model/traceHeader';

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
    for (const line of (error as Error).message.split('\n'))
      expect(line.startsWith(file)).toBe(true);
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
        `^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:23: faults\\[0\\]\\.action: expected one of crash, `
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
      /syntax\.yaml:5:1: expected valid YAML, found an error: .+/
    );
  });

  it('should report a nested mapping in a compact mapping at its line', () => {
    const bad = file('nested.yaml', 'name: x\nduration: a: b\n');
    expect(loadError(bad).message).toBe(
      `${bad}:2:11: expected valid YAML, found an error: Nested mappings are not allowed in compact mappings`
    );
  });

  it('should reject duplicate keys', () => {
    const bad = file('dup.yaml', 'name: x\nduration: 3m\nduration: 4m\n');
    expect(loadError(bad).message).toBe(
      `${bad}:3:1: expected valid YAML, found an error: Map keys must be unique`
    );
  });

  it('should report a JSON syntax error with its line and column', () => {
    const bad = file('bad.json', '{\n  "name": "x",\n  "duration": "3m",\n}\n');
    expect(loadError(bad).message).toMatch(
      /bad\.json:4:1: expected valid JSON, found an error: .+/
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
    expect(loadError(dir).message).toBe(`${dir}: expected a scenario file, found a directory`);
  });
});

describe('loadScenarioFile on hostile input', () => {
  it('should report every problem at once, each with its line, column and field (YAML)', () => {
    const bad = file(
      'many.yaml',
      'name: x\nduration: 3m\nconfig:\n  heartbeat: { method: serial }\n  network: { loss: 2 }\nfaults:\n  - { at: 1s, action: explode }\n'
    );
    expect(loadError(bad).message.split('\n')).toEqual([
      `${bad}:4:24: config.heartbeat.method: expected one of network, mirror, both, found "serial"`,
      `${bad}:5:20: config.network.loss: expected a probability from 0 to 1, found 2`,
      `${bad}:7:23: faults[0].action: expected one of crash, recover, hang, partition, heal, cut, restore, degrade, io-error, skew, foreign-heartbeat, isolate, disaster, set-method, install, uninstall, failback, resync, found "explode"`
    ]);
  });

  it('should report every problem at once, each with its line, column and field (JSON)', () => {
    const bad = file(
      'many.json',
      '{\n  "name": "x",\n  "duration": "3m",\n  "topology": { "groups": 0 },\n  "speling": 1\n}\n'
    );
    expect(loadError(bad).message.split('\n')).toEqual([
      `${bad}:5:3: speling: expected one of the keys name, description, seed, duration, topology, config, faults, expect, found an unknown key`,
      `${bad}:4:27: topology.groups: expected an integer from 1 to 5000, found 0`
    ]);
  });

  it('should refuse /dev/zero without reading it', () => {
    expect(loadError('/dev/zero').message).toBe(
      '/dev/zero: expected a scenario file, found a character device'
    );
  });

  it('should refuse a FIFO without opening it (it would block forever)', () => {
    const fifo = path.join(dir, 'fifo.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(loadError(fifo).message).toBe(
      `${fifo}: expected a scenario file, found a FIFO (named pipe)`
    );
  });

  it('should refuse a file over 4 MB from its size, before reading it', () => {
    const big = path.join(dir, 'big.yaml');
    writeFileSync(big, '');
    truncateSync(big, 1024 * 1024 * 1024);
    expect(loadError(big).message).toBe(
      `${big}: expected a scenario file of at most 4 MB, found 1073741824 bytes`
    );
  });

  it('should refuse text that is not UTF-8', () => {
    const bad = path.join(dir, 'latin1.yaml');
    writeFileSync(bad, Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9, 0x0a]));
    expect(loadError(bad).message).toBe(
      `${bad}: expected a scenario file in UTF-8, found bytes that are not UTF-8 text`
    );
  });

  it('should refuse a YAML alias bomb', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
    }
    const bomb = file('bomb.yaml', `${lines.join('\n')}\nname: x\nduration: 1s\n`);
    expect(loadError(bomb).message).toMatch(
      /bomb\.yaml: expected valid YAML, found an error: .*alias/i
    );
  });

  it('should refuse nesting beyond 32 levels, in JSON and YAML', () => {
    const deep = file(
      'deep.json',
      `{"name":"x","duration":1,"description":${'['.repeat(100_000)}${']'.repeat(100_000)}}`
    );
    expect(loadError(deep).message).toBe(
      `${deep}: expected at most 32 levels of nesting, found more`
    );
    const deepYaml = file(
      'deep.yaml',
      `name: x\nduration: 1s\ndescription: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`
    );
    expect(loadError(deepYaml).message).toMatch(
      /deep\.yaml(:\d+:\d+)?: expected (valid YAML|at most 32 levels)/
    );
  });

  it('should quote at most about 80 characters of a huge unknown key', () => {
    const key = 'k'.repeat(3_900_000);
    const bad = file('key.json', `{"name": "x", "duration": "1s", "${key}": 1}`);
    const message = loadError(bad).message;
    expect(message.length).toBeLessThan(bad.length + 300);
    expect(message).toContain(`["${'k'.repeat(59)}…"]`);
  });

  it('should reject control characters in the name, and print them escaped', () => {
    const bad = file('esc.yaml', 'name: "x\\u001b[31mred"\nduration: 1s\n');
    const message = loadError(bad).message;
    expect(message).toBe(
      `${bad}:1:7: name: expected a non-empty single-line name (at most 200 characters, no control characters), found "x\\u001b[31mred"`
    );
    expect(message).not.toContain(String.fromCharCode(27));
  });

  it.each([
    [
      'duration: 1e308',
      'duration: expected a duration of at most 9007199254740991 ms (2^53 − 1), found 1e+308'
    ],
    [
      'duration: 99999999999999999999h',
      'duration: expected a duration of at most 9007199254740991 ms (2^53 − 1), found "99999999999999999999h"'
    ],
    [
      'duration: 9007199254740991',
      'duration: expected a duration of at most 8760h (a simulated year), found 9007199254740991'
    ],
    [
      'duration: 400d',
      'duration: expected a duration such as "250ms", "5s", "2m", "1h" or a number of ms, found "400d"'
    ],
    [
      'duration: 1s\nconfig: { heartbeat: { interval: 0.001 } }',
      'config.heartbeat.interval: expected a duration of at least 10ms, found 0.001ms'
    ],
    [
      'duration: 1s\nconfig: { workload: { writesPerSecond: 1e12 } }',
      'config.workload.writesPerSecond: expected a number from 0 to 1000, found 1000000000000'
    ],
    [
      'duration: 1s\ntopology: { groups: 100000 }',
      'topology.groups: expected an integer from 1 to 5000, found 100000'
    ],
    [
      'duration: 1s\ntopology: { groups: 1000000000 }',
      'topology.groups: expected an integer from 1 to 5000, found 1000000000'
    ],
    [
      'duration: 1s\ntopology: { hostsPerGroup: 1000000000 }',
      'topology.hostsPerGroup: expected an integer from 1 to 64, found 1000000000'
    ],
    [
      'duration: 1s\ntopology: { hostsPerGroup: 64, groups: 5000 }',
      'topology: expected at most 20000 hosts in all (2 × groups × hostsPerGroup), found 640000'
    ],
    [
      'duration: 1s\nconfig: { network: { latency: 2h } }',
      'config.network.latency: expected a duration of at most 1h, found "2h"'
    ]
  ])('should reject the unbounded %j in one line', (body, message) => {
    const bad = file('bound.yaml', `name: x\n${body}\n`);
    const error = loadError(bad);
    expect(error.message.split('\n')).toHaveLength(1);
    expect(error.message).toMatch(
      new RegExp(`^${escapeRegExp(bad)}(:\\d+:\\d+)?: ${escapeRegExp(message)}$`)
    );
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('loadScenarioFile on a trace file', () => {
  it('should load the scenario of its header, reading its first line only', () => {
    const header = traceHeader(validateScenario({ name: 'traced', duration: '2m', seed: 3 }, 'x'));
    const trace = file(
      'run.jsonl',
      `${JSON.stringify(header)}\n${'{"t":0,"actor":"a","type":"x"}\n'.repeat(1000)}`
    );
    const scenario = loadScenarioFile(trace);
    expect(scenario).toMatchObject({ name: 'traced', seed: 3, duration: 120_000 });
  });

  it('should refuse a trace without a header, and a header that is not a scenario', () => {
    const plain = file('plain.jsonl', '{"t":0,"actor":"a","type":"x"}\n');
    expect(loadError(plain).message).toBe(
      `${plain}: expected a trace whose first line is a header (written by 'run --trace'), found another first line`
    );
    const header = {
      ...traceHeader(validateScenario({ name: 'x', duration: 1000 }, 'x')),
      durationMs: 1e308
    };
    const bad = file('bad.jsonl', `${JSON.stringify(header)}\n`);
    expect(() => loadScenarioFile(bad)).toThrow(
      `${bad} (header): duration: expected a duration of at most`
    );
  });
});
