/**
 * The zod schema of a scenario file (SPEC §4.2): the field shapes of model/scenarioFile.ts,
 * durations through {@link parseDuration}, the per-action fault rules of SPEC §2, ids checked
 * against the topology, and cross-field checks on the configuration resolved with
 * {@link resolveConfig}. Every issue message reads `expected <what>, found <what>`; the issue path
 * names the field. Parsing yields a {@link Scenario} whose `config` keeps only the keys given.
 */
import type { z } from 'zod';
import {
  DEFAULT_TOPOLOGY,
  resolveConfig,
  type ConfigOverrides,
  type TopologyConfig
} from './config';
import { FAULT_PARAMS, FAULT_RULES } from './faultRules';
import type { Expectations, FaultEntry, Scenario } from './scenario';
import { checkScenario } from './scenarioChecks';
import { fileSchema, type ParsedFault, type ScenarioFile } from './scenarioFile';
import { MAX_HOSTS } from './scenarioLimits';

export { ALERT_KINDS } from './alertKinds';
export { knownIds } from './knownIds';
export * from './scenarioValues';
export { fileSchema, type ParsedFault, type ScenarioFile } from './scenarioFile';

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

/** Cross-field checks run only once every field is well-formed (and within its bounds). */
const onlyWhenWellFormed = {
  when: (payload: { issues: unknown[] }) => payload.issues.length === 0
};

/**
 * The scenario schema: parses the file shape of SPEC §4.2 (durations as strings or ms) into a
 * {@link Scenario}, or fails with issues whose message reads `expected …, found …`.
 */
export const scenarioSchema = fileSchema
  .superRefine((file, ctx) => {
    const topology = resolveTopology(file.topology);
    const hosts = 2 * topology.groups * topology.hostsPerGroup;
    if (hosts > MAX_HOSTS) {
      ctx.addIssue({
        code: 'custom',
        path: ['topology'],
        message: `expected at most ${MAX_HOSTS} hosts in all (2 × groups × hostsPerGroup), found ${hosts}`
      });
      // The id lists of such a topology are not worth building.
      return;
    }
    const resolved = {
      topology: resolveTopology(file.topology),
      config: resolveConfig(pruneConfig(file.config))
    };
    checkScenario(file, resolved, {
      fail: (path, expected, found) =>
        ctx.addIssue({ code: 'custom', path, message: `expected ${expected}, found ${found}` })
    });
  }, onlyWhenWellFormed)
  .transform(toScenario);

/** What a scenario file or script may contain before validation (durations as strings or ms). */
export type ScenarioFileInput = z.input<typeof fileSchema>;
