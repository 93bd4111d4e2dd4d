/**
 * Cross-field checks of a scenario, run once every field is well-formed: heartbeat timers against
 * each other (after {@link resolveConfig}), fault times against the duration, each fault against
 * the rule of its action (SPEC §2) and the ids of the topology, expectations against each other.
 */
import type { ClusterConfig, TopologyConfig } from './config';
import { closestWord, describeValue } from './describeValue';
import { didYouMean } from './scenarioFields';
import { formatDuration } from './durations';
import {
  FAULT_PARAMS,
  FAULT_RULES,
  acceptedKeys,
  type FaultParam,
  type TargetKind
} from './faultRules';
import { knownIds, type KnownIds } from './knownIds';
import type { ParsedFault, ScenarioFile } from './scenarioFile';
import { CHECKING_METHODS, PARTITION_DIRECTIONS } from './scenarioValues';

/** A field path, e.g. `['faults', 2, 'action']`. */
export type Path = (string | number)[];

/** Where checks report a problem. */
export interface Checker {
  fail(path: Path, expected: string, found: string): void;
}

/** The scenario's topology and configuration with defaults applied. */
export interface ResolvedScenario {
  topology: TopologyConfig;
  config: ClusterConfig;
}

/**
 * Check a scenario whose fields are each well-formed; report every problem to `checker`, in the
 * order of the file.
 */
export function checkScenario(
  file: ScenarioFile,
  { topology, config }: ResolvedScenario,
  checker: Checker
): void {
  const ids = knownIds(topology, { bidirectional: config.heartbeat.bidirectional });
  checkHeartbeat(config, file.config?.heartbeat ?? {}, checker);
  if (config.heartbeat.ioTimeout <= 0) {
    checker.fail(
      ['config', 'heartbeat', 'ioTimeout'],
      'a duration greater than 0',
      formatDuration(config.heartbeat.ioTimeout)
    );
  }
  if (file.duration <= 0) {
    checker.fail(['duration'], 'a duration greater than 0', formatDuration(file.duration));
  }
  (file.faults ?? []).forEach((fault, i) => checkFault(fault, ['faults', i], file, ids, checker));
  const expect = file.expect ?? {};
  if (expect.failover === false && expect.failoverWithin !== undefined) {
    checker.fail(
      ['expect', 'failoverWithin'],
      'no failoverWithin when expect.failover is false',
      formatDuration(expect.failoverWithin)
    );
  }
}

function checkHeartbeat(
  config: ClusterConfig,
  given: Partial<Record<keyof ClusterConfig['heartbeat'], unknown>>,
  checker: Checker
): void {
  const { interval, timeout, pollInterval } = config.heartbeat;
  const at = (key: string): Path => ['config', 'heartbeat', key];
  const fmt = formatDuration;
  if (interval <= 0) checker.fail(at('interval'), 'a duration greater than 0', fmt(interval));
  if (pollInterval <= 0) {
    checker.fail(at('pollInterval'), 'a duration greater than 0', fmt(pollInterval));
  }
  if (timeout <= interval) {
    if (given.timeout !== undefined) {
      checker.fail(
        at('timeout'),
        `a duration greater than heartbeat.interval (${fmt(interval)})`,
        fmt(timeout)
      );
    } else {
      checker.fail(
        at('interval'),
        `a duration less than heartbeat.timeout (${fmt(timeout)})`,
        fmt(interval)
      );
    }
  }
  if (pollInterval > timeout) {
    if (given.pollInterval !== undefined) {
      checker.fail(
        at('pollInterval'),
        `a duration at most heartbeat.timeout (${fmt(timeout)})`,
        fmt(pollInterval)
      );
    } else {
      checker.fail(
        at('timeout'),
        `a duration at least heartbeat.pollInterval (${fmt(pollInterval)})`,
        fmt(timeout)
      );
    }
  }
}

function checkFault(
  fault: ParsedFault,
  path: Path,
  file: ScenarioFile,
  ids: KnownIds,
  checker: Checker
): void {
  const { action } = fault;
  const rule = FAULT_RULES[action];
  if (fault.at > file.duration) {
    checker.fail(
      [...path, 'at'],
      `a time within the scenario duration (${formatDuration(file.duration)})`,
      formatDuration(fault.at)
    );
  }
  const takes = acceptedKeys(action);
  const notAllowed = (key: string, value: unknown) =>
    checker.fail(
      [...path, key],
      `no ${key} for action "${action}" (${takes.length > 0 ? `it takes ${takes.join(', ')}` : 'it takes no parameters'})`,
      describeParam(key, value)
    );

  if (rule.targets.length === 0) {
    if (fault.target !== undefined) notAllowed('target', fault.target);
  } else {
    const allowed = rule.targets.flatMap((kind) => idsOfKind(kind, ids));
    if (fault.target === undefined) {
      if (rule.defaultTarget === undefined && !rule.targetOptional) {
        checker.fail([...path, 'target'], describeTargets(rule.targets, ids), 'nothing');
      }
    } else if (!allowed.includes(fault.target)) {
      const reverse = ids.groups.every((g) => g.reverseHeartbeat === undefined)
        ? reverseHeartbeatVolumes(ids)
        : [];
      const hint = reverse.includes(fault.target)
        ? ' (it exists only with config.heartbeat.bidirectional: true)'
        : didYouMean(closestWord(fault.target, allowed));
      checker.fail(
        [...path, 'target'],
        describeTargets(rule.targets, ids),
        describeValue(fault.target) + hint
      );
    }
  }

  for (const param of FAULT_PARAMS) {
    const value = fault[param];
    const accepted = rule.required.includes(param) || rule.optional.includes(param);
    if (value !== undefined && !accepted) notAllowed(param, value);
    if (value === undefined && rule.required.includes(param)) {
      checker.fail(
        [...path, param],
        `${describeParamKind(param)} (required by "${action}")`,
        'nothing'
      );
    }
  }

  if (rule.atLeastOne && rule.atLeastOne.every((param) => fault[param] === undefined)) {
    checker.fail(
      path,
      `at least one of ${rule.atLeastOne.join(', ')} for action "${action}"`,
      'none of them'
    );
  }

  if (fault.group !== undefined && rule.optional.includes('group')) {
    if (!ids.groupNames.includes(fault.group)) {
      checker.fail(
        [...path, 'group'],
        `a group name (${abbreviate(ids.groupNames)})`,
        describeValue(fault.group) + didYouMean(closestWord(fault.group, ids.groupNames))
      );
    }
  }
}

/** The reverse heartbeat volumes the topology would have with bidirectional heartbeats. */
function reverseHeartbeatVolumes(ids: KnownIds): string[] {
  const topology = { hostsPerGroup: 1, groups: ids.groups.length };
  return knownIds(topology, { bidirectional: true }).groups.flatMap((g) =>
    g.reverseHeartbeat ? [g.reverseHeartbeat.primary, g.reverseHeartbeat.secondary] : []
  );
}

function idsOfKind(kind: TargetKind, ids: KnownIds): readonly string[] {
  switch (kind) {
    case 'host':
      return ids.hosts;
    case 'storage':
      return ids.storages;
    case 'volume':
      return ids.volumes;
    case 'network':
      return ids.networks;
    case 'remote-link':
      return ids.links;
    case 'site':
      return ids.sites;
  }
}

const KIND_NAMES: Record<TargetKind, string> = {
  host: 'a host id',
  storage: 'a storage id',
  volume: 'a volume id',
  network: 'the network',
  'remote-link': 'the remote link',
  site: 'a site'
};

function describeTargets(kinds: readonly TargetKind[], ids: KnownIds): string {
  return kinds
    .map((kind) => `${KIND_NAMES[kind]} (${abbreviate(idsOfKind(kind, ids))})`)
    .join(' or ');
}

function abbreviate(list: readonly string[], max = 8): string {
  if (list.length <= max) return list.join(', ');
  return `${list.slice(0, max).join(', ')}, … ${list.length} in all`;
}

const PARAM_KINDS: Record<FaultParam, string> = {
  for: 'a duration greater than 0',
  direction: `one of ${PARTITION_DIRECTIONS.join(', ')}`,
  latency: 'a non-negative duration',
  jitter: 'a non-negative duration',
  loss: 'a probability from 0 to 1',
  offset: 'a duration (may be negative)',
  method: `one of ${CHECKING_METHODS.join(', ')}`,
  group: 'a group name'
};

function describeParamKind(param: FaultParam): string {
  return PARAM_KINDS[param];
}

const DURATION_PARAMS = new Set(['for', 'latency', 'jitter', 'offset']);

function describeParam(key: string, value: unknown): string {
  return DURATION_PARAMS.has(key) && typeof value === 'number'
    ? formatDuration(value)
    : describeValue(value);
}
