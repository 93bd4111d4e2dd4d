/**
 * The zod schema of a scenario file (SPEC §4.2): strict objects (unknown keys are errors),
 * durations through {@link parseDuration}, the per-action fault rules of SPEC §2, ids checked
 * against the topology, and cross-field checks on the configuration resolved with
 * {@link resolveConfig}. Every issue message reads `expected <what>, found <what>`; the issue path
 * names the field. Parsing yields a {@link Scenario} whose `config` keeps only the keys given.
 */
import { z } from 'zod';
import { ALERT_KINDS } from './alertKinds';
import {
  DEFAULT_TOPOLOGY,
  resolveConfig,
  type ConfigOverrides,
  type TopologyConfig
} from './config';
import { FAULT_ACTIONS, FAULT_PARAMS, FAULT_RULES } from './faultRules';
import type { Expectations, FaultEntry, Scenario } from './scenario';
import { checkScenario } from './scenarioChecks';
import {
  bool,
  duration,
  expecting,
  integer,
  nonNegativeNumber,
  oneOf,
  probability,
  singleLine,
  strict,
  text
} from './scenarioFields';
import {
  CHECKING_METHODS,
  COPY_MODES,
  FENCE_LEVELS,
  MAX_SEED,
  PARTITION_DIRECTIONS,
  SITE_ISOLATION_POLICIES
} from './scenarioValues';

export { ALERT_KINDS } from './alertKinds';
export { knownIds } from './knownIds';
export * from './scenarioValues';

// ---------------------------------------------------------------------------------------------
// The file shape.

const heartbeatSchema = strict(
  {
    method: oneOf(CHECKING_METHODS).optional(),
    interval: duration().optional(),
    timeout: duration().optional(),
    pollInterval: duration().optional(),
    bidirectional: bool().optional(),
    selfFenceAfter: duration().optional(),
    ioTimeout: duration().optional()
  },
  'the heartbeat settings (an object)'
);

const networkSchema = strict(
  { latency: duration().optional(), jitter: duration().optional(), loss: probability().optional() },
  'the network settings (an object)'
);

const remoteCopySchema = strict(
  {
    mode: oneOf(COPY_MODES).optional(),
    latency: duration().optional(),
    jitter: duration().optional(),
    loss: probability().optional(),
    fenceLevel: oneOf(FENCE_LEVELS).optional(),
    journalCapacity: integer(1).optional(),
    initialCopyTime: duration().optional()
  },
  'the remote copy settings (an object)'
);

const storageSchema = strict(
  { serviceTime: duration().optional() },
  'the storage settings (an object)'
);

const failoverSchema = strict(
  {
    onSiteIsolation: oneOf(SITE_ISOLATION_POLICIES).optional(),
    confirmWait: duration().optional(),
    fenceTimeout: duration().optional(),
    appStartTime: duration().optional()
  },
  'the failover settings (an object)'
);

const hostsSchema = strict(
  { localTakeover: duration().optional() },
  'the host settings (an object)'
);

const workloadSchema = strict(
  { writesPerSecond: nonNegativeNumber().optional() },
  'the workload settings (an object)'
);

const configSchema = strict(
  {
    heartbeat: heartbeatSchema.optional(),
    network: networkSchema.optional(),
    remoteCopy: remoteCopySchema.optional(),
    storage: storageSchema.optional(),
    failover: failoverSchema.optional(),
    hosts: hostsSchema.optional(),
    workload: workloadSchema.optional()
  },
  'configuration overrides (an object)'
);

const topologySchema = strict(
  { hostsPerGroup: integer(1).optional(), groups: integer(1).optional() },
  'a topology { hostsPerGroup, groups }'
);

const faultSchema = strict(
  {
    at: duration(),
    action: oneOf(FAULT_ACTIONS),
    target: text('an id').optional(),
    for: duration({ positive: true }).optional(),
    direction: oneOf(PARTITION_DIRECTIONS).optional(),
    latency: duration().optional(),
    jitter: duration().optional(),
    loss: probability().optional(),
    offset: duration({ allowNegative: true }).optional(),
    method: oneOf(CHECKING_METHODS).optional(),
    group: text('a group name').optional()
  },
  'a fault { at, action, … }'
);

const expectSchema = strict(
  {
    failover: bool().optional(),
    detectionWithin: duration({ positive: true }).optional(),
    failoverWithin: duration({ positive: true }).optional(),
    maxUnavailable: duration().optional(),
    splitBrain: bool().optional(),
    maxLostWrites: integer(0).optional(),
    alerts: z.array(oneOf(ALERT_KINDS), { error: expecting('a list of alert kinds') }).optional(),
    falseFailover: bool().optional(),
    converges: bool().optional()
  },
  'expectations (an object)'
);

const fileSchema = strict(
  {
    name: singleLine('a non-empty single-line name'),
    description: text().optional(),
    seed: integer(0, MAX_SEED).optional(),
    duration: duration(),
    topology: topologySchema.optional(),
    config: configSchema.optional(),
    faults: z.array(faultSchema, { error: expecting('a list of faults') }).optional(),
    expect: expectSchema.optional()
  },
  'a scenario (an object with name, duration, …)'
);

/** A scenario file once each field is parsed (durations in ms), before defaults. */
export type ScenarioFile = z.output<typeof fileSchema>;
/** One parsed fault entry. */
export type ParsedFault = NonNullable<ScenarioFile['faults']>[number];

// ---------------------------------------------------------------------------------------------
// Building the Scenario.

function resolveTopology(given: ScenarioFile['topology']): TopologyConfig {
  return {
    hostsPerGroup: given?.hostsPerGroup ?? DEFAULT_TOPOLOGY.hostsPerGroup,
    groups: given?.groups ?? DEFAULT_TOPOLOGY.groups
  };
}

function prune<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function pruneConfig(given: ScenarioFile['config']): ConfigOverrides {
  const out: Record<string, object> = {};
  for (const [section, values] of Object.entries(given ?? {})) {
    if (values !== undefined) out[section] = prune(values);
  }
  return out as ConfigOverrides;
}

function toFault(fault: ParsedFault): FaultEntry {
  const rule = FAULT_RULES[fault.action];
  const entry: FaultEntry = prune({ ...fault });
  if (entry.target === undefined && rule.defaultTarget !== undefined) {
    entry.target = rule.defaultTarget;
  }
  if (entry.action === 'partition' && entry.direction === undefined) entry.direction = 'both';
  return orderFault(entry);
}

/** Key order of a fault entry: at, action, target, then the parameters. */
function orderFault(entry: FaultEntry): FaultEntry {
  const keys: (keyof FaultEntry)[] = ['at', 'action', 'target', ...FAULT_PARAMS];
  const out: Record<string, unknown> = {};
  for (const key of keys) if (entry[key] !== undefined) out[key] = entry[key];
  return out as unknown as FaultEntry;
}

function toScenario(file: ScenarioFile): Scenario {
  return {
    name: file.name,
    ...(file.description !== undefined ? { description: file.description } : {}),
    seed: file.seed ?? 1,
    duration: file.duration,
    topology: resolveTopology(file.topology),
    config: pruneConfig(file.config),
    faults: (file.faults ?? []).map(toFault),
    expect: prune({ ...(file.expect ?? {}) }) as Expectations
  };
}

/**
 * The scenario schema: parses the file shape of SPEC §4.2 (durations as strings or ms) into a
 * {@link Scenario}, or fails with issues whose message reads `expected …, found …`.
 */
export const scenarioSchema = fileSchema
  .superRefine((file, ctx) => {
    const resolved = {
      topology: resolveTopology(file.topology),
      config: resolveConfig(pruneConfig(file.config))
    };
    checkScenario(file, resolved, {
      fail: (path, expected, found) =>
        ctx.addIssue({ code: 'custom', path, message: `expected ${expected}, found ${found}` })
    });
  })
  .transform(toScenario);

/** What a scenario file or script may contain before validation (durations as strings or ms). */
export type ScenarioFileInput = z.input<typeof fileSchema>;
