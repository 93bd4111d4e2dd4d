/**
 * Sweep files (YAML or JSON) and the built-in sweeps. A sweep file names a base scenario (its
 * `topology` and `config`), a `grid` of configuration values (dotted keys of the scenario's
 * `config`, each with a list of values written as in a scenario file), the fault kinds, and the
 * number of seeds per cell:
 *
 * ```yaml
 * name: methods
 * seeds: 40
 * duration: 60s          # each run; the fault comes at faultAt + a phase in [0, interval)
 * faultAt: 20s
 * faultFor: 30s          # how long partitions, cuts and lossy spells last
 * grid:
 *   heartbeat.method: [network, mirror, both]
 *   heartbeat.timeout: [3s, 5s, 8s]
 * faults: [crash, partition, link-cut, hang, disaster, lossy-network]
 * ```
 *
 * Every value and every cell is checked as a scenario before anything runs; a bad one ends in one
 * line naming the file and the field (`grid.heartbeat.timeout[1]`).
 */
import { existsSync } from 'node:fs';
import { parseScenarioText, readScenarioText, validateScenario } from '../model/loadScenario';
import type { Scenario } from '../model/scenario';
import { ScenarioError } from '../model/scenarioError';
import { MAX_SEED } from '../model/scenarioValues';
import { describeValue } from '../model/describeValue';
import { tryParseDuration } from '../model/durations';
import {
  SWEEP_FAULTS,
  type GridValue,
  type SweepCell,
  type SweepFault,
  type SweepSpec
} from './sweep';

/** The built-in sweeps, by name. */
export const BUILT_IN_SWEEPS: Record<string, object> = {
  /** The patent's claim: the network alone, the mirror alone, or both, across timers and faults. */
  methods: {
    name: 'methods',
    description:
      'network vs mirror vs both heartbeats, across the timeout, network loss and faults',
    seeds: 30,
    duration: '60s',
    faultAt: '20s',
    faultFor: '30s',
    grid: {
      'heartbeat.method': ['network', 'mirror', 'both'],
      'heartbeat.timeout': ['3s', '5s', '8s'],
      'network.loss': [0, 0.2]
    },
    faults: ['crash', 'storage-crash', 'partition', 'link-cut', 'hang', 'disaster', 'lossy-network']
  },
  /** What an asynchronous copy loses in a site disaster, against the link's latency. */
  'async-loss': {
    name: 'async-loss',
    description:
      'writes lost in a production disaster with an asynchronous copy, against link latency',
    seeds: 30,
    duration: '60s',
    config: {
      remoteCopy: { mode: 'async' },
      failover: { onSiteIsolation: 'automatic' },
      workload: { writesPerSecond: 50 }
    },
    grid: { 'remoteCopy.latency': ['2ms', '20ms', '100ms', '400ms'] },
    faults: ['disaster']
  }
};

const TOP_KEYS = [
  'name',
  'description',
  'seed',
  'seeds',
  'duration',
  'faultAt',
  'faultFor',
  'topology',
  'config',
  'grid',
  'faults'
];

/** Load a sweep: a built-in name or a file. @throws {@link ScenarioError} on bad input. */
export function loadSweep(nameOrFile: string): SweepSpec {
  const builtIn = BUILT_IN_SWEEPS[nameOrFile];
  if (builtIn) return validateSweep(builtIn, nameOrFile);
  if (!existsSync(nameOrFile)) {
    throw new ScenarioError(
      nameOrFile,
      '',
      `expected a built-in sweep (${Object.keys(BUILT_IN_SWEEPS).join(', ')}) or a sweep file (YAML or JSON), found neither`
    );
  }
  return validateSweep(parseScenarioText(readScenarioText(nameOrFile), nameOrFile), nameOrFile);
}

/** Check a raw sweep object and expand its grid into cells. */
export function validateSweep(raw: unknown, source: string): SweepSpec {
  const fail = (path: string, detail: string): never => {
    throw new ScenarioError(source, path, detail);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail(
      '',
      `expected a sweep (an object with grid and faults), found ${describeValue(raw)}`
    );
  }
  const doc = new Map(Object.entries(raw));
  for (const key of doc.keys()) {
    if (!TOP_KEYS.includes(key))
      fail(key, `expected one of ${TOP_KEYS.join(', ')}, found an unknown key`);
  }
  const name = doc.get('name') ?? 'sweep';
  if (typeof name !== 'string' || !/^[\w.-]{1,80}$/.test(name)) {
    fail(
      'name',
      `expected a name of letters, digits, '.', '-' or '_', found ${describeValue(name)}`
    );
  }
  const seed = integerField(doc.get('seed') ?? 1, 'seed', 0, MAX_SEED, fail);
  const seeds = integerField(doc.get('seeds') ?? 20, 'seeds', 1, 100_000, fail);
  const duration = durationField(doc.get('duration') ?? '60s', 'duration', fail);
  const faultAtMs = durationField(doc.get('faultAt') ?? '20s', 'faultAt', fail);
  const faultForMs = durationField(doc.get('faultFor') ?? '30s', 'faultFor', fail);
  const gridRaw = doc.get('grid') ?? {};
  if (typeof gridRaw !== 'object' || gridRaw === null || Array.isArray(gridRaw)) {
    fail(
      'grid',
      `expected a mapping of config keys to lists of values, found ${describeValue(gridRaw)}`
    );
  }
  const grid: [string, unknown][] = isRecord(gridRaw) ? Object.entries(gridRaw) : [];
  const faultsRaw = doc.get('faults') ?? ['crash'];
  if (!Array.isArray(faultsRaw) || faultsRaw.length === 0) {
    fail(
      'faults',
      `expected a non-empty list of ${SWEEP_FAULTS.join(', ')}, found ${describeValue(faultsRaw)}`
    );
  }
  const faultList: unknown[] = Array.isArray(faultsRaw) ? faultsRaw : [];
  const faults = faultList.map((f, i): SweepFault => {
    if (isSweepFault(f)) return f;
    return fail(
      `faults[${i}]`,
      `expected one of ${SWEEP_FAULTS.join(', ')}, found ${describeValue(f)}`
    );
  });

  const baseRaw = {
    name,
    seed: 1,
    duration,
    topology: doc.get('topology') ?? {},
    config: doc.get('config') ?? {},
    faults: [],
    expect: {}
  };
  const asScenario = (config: unknown, path: string): Scenario => {
    try {
      return validateScenario({ ...baseRaw, config }, source);
    } catch (error) {
      if (error instanceof ScenarioError) {
        return fail(path || error.path, error.detail);
      }
      throw error;
    }
  };
  asScenario(baseRaw.config, '');

  // Each grid value on its own, so that an error names it.
  const axes: { key: string; values: GridValue[] }[] = grid.map(([key, values]) => {
    if (!/^[a-zA-Z]+\.[a-zA-Z]+$/.test(key)) {
      fail(`grid.${key}`, 'expected a config key such as heartbeat.timeout, found another key');
    }
    if (!Array.isArray(values) || values.length === 0) {
      fail(`grid.${key}`, `expected a non-empty list of values, found ${describeValue(values)}`);
    }
    const list: unknown[] = Array.isArray(values) ? values : [];
    return {
      key,
      values: list.map((value, i): GridValue => {
        if (!isGridValue(value)) {
          return fail(`grid.${key}[${i}]`, `expected a value, found ${describeValue(value)}`);
        }
        asScenario(withValue(baseRaw.config, key, value), `grid.${key}[${i}]`);
        return value;
      })
    };
  });

  const cells: SweepCell[] = [];
  const combos = product(axes);
  for (const fault of faults) {
    for (const values of combos) {
      let config: unknown = baseRaw.config;
      for (const [key, v] of Object.entries(values)) config = withValue(config, key, v);
      const label = Object.entries(values)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      const base = asScenario(config, `grid (cell ${label || 'base'})`);
      cells.push({ index: cells.length, values, fault, base });
    }
  }
  return {
    name: String(name),
    seed,
    seeds,
    faultAtMs,
    faultForMs,
    keys: axes.map((a) => a.key),
    cells
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSweepFault(value: unknown): value is SweepFault {
  return SWEEP_FAULTS.some((f) => f === value);
}

function isGridValue(value: unknown): value is GridValue {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** `config` with `section.field` set to `value` (a copy). */
function withValue(config: unknown, key: string, value: GridValue): object {
  const [section, field] = key.split('.');
  const base = typeof config === 'object' && config !== null ? config : {};
  const current: unknown = Reflect.get(base, section);
  const sectionValue = typeof current === 'object' && current !== null ? current : {};
  return { ...base, [section]: { ...sectionValue, [field]: value } };
}

function product(axes: { key: string; values: GridValue[] }[]): Record<string, GridValue>[] {
  let out: Record<string, GridValue>[] = [{}];
  for (const axis of axes) {
    out = out.flatMap((partial) => axis.values.map((v) => ({ ...partial, [axis.key]: v })));
  }
  return out;
}

function integerField(
  value: unknown,
  path: string,
  min: number,
  max: number,
  fail: (path: string, detail: string) => never
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    return fail(path, `expected an integer from ${min} to ${max}, found ${describeValue(value)}`);
  }
  return value;
}

function durationField(
  value: unknown,
  path: string,
  fail: (path: string, detail: string) => never
): number {
  if (typeof value === 'number' && value >= 0) return value;
  const parsed = typeof value === 'string' ? tryParseDuration(value) : null;
  if (!parsed || !parsed.ok) {
    return fail(
      path,
      `expected ${parsed && !parsed.ok ? parsed.expected : 'a duration such as 20s'}, found ${describeValue(value)}`
    );
  }
  return parsed.ms;
}
