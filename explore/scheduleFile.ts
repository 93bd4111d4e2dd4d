/**
 * A schedule as a scenario file (YAML, SPEC §4.2) a user can re-run with `mirrorbeat run`:
 * durations written as `"31.2s"`, the configuration as given, the expectations that make the run
 * fail the way exploration found (so `run` exits 1 and prints the evidence).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { formatDuration } from '../model/durations';
import type { Expectations, FaultEntry, Scenario } from '../model/scenario';
import { DEFAULT_TOPOLOGY } from '../model/config';

/** The file shape of `scenario` (durations as strings). */
export function scenarioToFile(scenario: Scenario): Record<string, unknown> {
  const fault = (f: FaultEntry): Record<string, unknown> => {
    const out: Record<string, unknown> = { at: formatDuration(f.at), action: f.action };
    if (f.target !== undefined) out.target = f.target;
    if (f.for !== undefined) out.for = formatDuration(f.for);
    if (f.direction !== undefined) out.direction = f.direction;
    if (f.latency !== undefined) out.latency = formatDuration(f.latency);
    if (f.jitter !== undefined) out.jitter = formatDuration(f.jitter);
    if (f.loss !== undefined) out.loss = f.loss;
    if (f.offset !== undefined) out.offset = formatDuration(f.offset);
    if (f.method !== undefined) out.method = f.method;
    if (f.group !== undefined) out.group = f.group;
    return out;
  };
  const expect: Record<string, unknown> = {};
  const e: Expectations = scenario.expect;
  if (e.failover !== undefined) expect.failover = e.failover;
  if (e.failoverWithin !== undefined) expect.failoverWithin = formatDuration(e.failoverWithin);
  if (e.splitBrain !== undefined) expect.splitBrain = e.splitBrain;
  if (e.maxLostWrites !== undefined) expect.maxLostWrites = e.maxLostWrites;
  if (e.alerts !== undefined) expect.alerts = e.alerts;
  if (e.falseFailover !== undefined) expect.falseFailover = e.falseFailover;
  if (e.converges !== undefined) expect.converges = e.converges;
  const topology =
    scenario.topology.hostsPerGroup === DEFAULT_TOPOLOGY.hostsPerGroup &&
    scenario.topology.groups === DEFAULT_TOPOLOGY.groups
      ? undefined
      : scenario.topology;
  return {
    name: scenario.name,
    ...(scenario.description ? { description: scenario.description } : {}),
    seed: scenario.seed,
    duration: formatDuration(scenario.duration),
    ...(topology ? { topology } : {}),
    ...(Object.keys(scenario.config).length > 0 ? { config: scenario.config } : {}),
    faults: scenario.faults.map(fault),
    ...(Object.keys(expect).length > 0 ? { expect } : {})
  };
}

/** YAML text of `scenario`, after a comment header (one `# ` line per entry of `header`). */
export function scenarioToYaml(scenario: Scenario, header: readonly string[] = []): string {
  const comments = header.map((line) => `# ${line}`.trimEnd()).join('\n');
  const body = stringify(scenarioToFile(scenario), { lineWidth: 0 });
  return comments ? `${comments}\n${body}` : body;
}

/** Write `scenario` as `<dir>/<name>.yaml`; returns the path. */
export function writeScenarioFile(
  dir: string,
  scenario: Scenario,
  header: readonly string[] = []
): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${scenario.name}.yaml`);
  writeFileSync(file, scenarioToYaml(scenario, header));
  return file;
}
