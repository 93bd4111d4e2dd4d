/**
 * The shape of a scenario file (SPEC §4.2), field by field: strict objects (unknown keys are
 * errors), durations through {@link duration}, the bounds of model/scenarioLimits.ts. Every
 * issue message reads `expected <what>, found <what>`; the issue path names the field. The
 * cross-field checks and the building of the {@link Scenario} are in model/scenarioSchema.ts.
 */
import { z } from 'zod';
import { ALERT_KINDS } from './alertKinds';
import { FAULT_ACTIONS } from './faultRules';
import {
  MAX_DESCRIPTION,
  MAX_FAULTS,
  MAX_GROUPS,
  MAX_HOSTS_PER_GROUP,
  MAX_JOURNAL,
  MAX_LATENCY_MS,
  MAX_WRITES_PER_SECOND,
  MIN_TIMER_MS
} from './scenarioLimits';
import {
  bool,
  duration,
  integer,
  list,
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

/** A repeating timer's period: at least {@link MIN_TIMER_MS}. */
const timer = () => duration({ min: MIN_TIMER_MS });
/** A latency, jitter or service time: at most {@link MAX_LATENCY_MS}. */
const latency = () => duration({ max: MAX_LATENCY_MS });

const heartbeatSchema = strict(
  {
    method: oneOf(CHECKING_METHODS).optional(),
    interval: timer().optional(),
    timeout: duration().optional(),
    pollInterval: timer().optional(),
    bidirectional: bool().optional(),
    selfFenceAfter: duration().optional(),
    ioTimeout: duration().optional()
  },
  'the heartbeat settings (an object)'
);

const networkSchema = strict(
  { latency: latency().optional(), jitter: latency().optional(), loss: probability().optional() },
  'the network settings (an object)'
);

const remoteCopySchema = strict(
  {
    mode: oneOf(COPY_MODES).optional(),
    latency: latency().optional(),
    jitter: latency().optional(),
    loss: probability().optional(),
    fenceLevel: oneOf(FENCE_LEVELS).optional(),
    journalCapacity: integer(1, MAX_JOURNAL).optional(),
    initialCopyTime: duration().optional(),
    autoResync: bool().optional()
  },
  'the remote copy settings (an object)'
);

const storageSchema = strict(
  { serviceTime: latency().optional() },
  'the storage settings (an object)'
);

const failoverSchema = strict(
  {
    onSiteIsolation: oneOf(SITE_ISOLATION_POLICIES).optional(),
    confirmWait: duration().optional(),
    fenceTimeout: timer().optional(),
    appStartTime: duration().optional()
  },
  'the failover settings (an object)'
);

const hostsSchema = strict({ localTakeover: timer().optional() }, 'the host settings (an object)');

const workloadSchema = strict(
  { writesPerSecond: nonNegativeNumber(MAX_WRITES_PER_SECOND).optional() },
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
  {
    hostsPerGroup: integer(1, MAX_HOSTS_PER_GROUP).optional(),
    groups: integer(1, MAX_GROUPS).optional()
  },
  'a topology { hostsPerGroup, groups }'
);

const faultSchema = strict(
  {
    at: duration(),
    action: oneOf(FAULT_ACTIONS),
    target: text('an id').optional(),
    for: duration({ positive: true }).optional(),
    direction: oneOf(PARTITION_DIRECTIONS).optional(),
    latency: latency().optional(),
    jitter: latency().optional(),
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
    alerts: list(oneOf(ALERT_KINDS), 'a list of alert kinds', 100).optional(),
    falseFailover: bool().optional(),
    converges: bool().optional()
  },
  'expectations (an object)'
);

/** The shape of a scenario file, field by field (before cross-field checks). */
export const fileSchema = strict(
  {
    name: singleLine('a non-empty single-line name'),
    description: text('a description', MAX_DESCRIPTION).optional(),
    seed: integer(0, MAX_SEED).optional(),
    duration: duration(),
    topology: topologySchema.optional(),
    config: configSchema.optional(),
    faults: list(faultSchema, 'a list of faults', MAX_FAULTS).optional(),
    expect: expectSchema.optional()
  },
  'a scenario (an object with name, duration, …)'
);

/** A scenario file once each field is parsed (durations in ms), before defaults. */
export type ScenarioFile = z.output<typeof fileSchema>;
/** One parsed fault entry. */
export type ParsedFault = NonNullable<ScenarioFile['faults']>[number];
