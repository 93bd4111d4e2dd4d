/**
 * The header of a trace file (SPEC §4.4): its first line names the trace format, the mirrorbeat
 * version and the scenario (name, seed, horizon, topology, the resolved configuration, the fault
 * timeline and the expectations) — enough to run it again: `mirrorbeat run trace.jsonl`
 * re-creates the run, with the same trace hash.
 */
import { version } from '../package.json';
import { resolveConfig, type ClusterConfig, type TopologyConfig } from './config';
import type { Expectations, FaultEntry, Scenario } from './scenario';

/** Version of the trace file format (the header's `format`). */
export const TRACE_FORMAT = 1;

/** The first line of a trace file. */
export interface TraceHeader {
  type: 'mirrorbeat-trace';
  /** {@link TRACE_FORMAT}. */
  format: number;
  /** The mirrorbeat version that wrote it (package.json). */
  mirrorbeat: string;
  scenario: string;
  description?: string;
  seed: number;
  /** Simulated horizon of the run (ms): the scenario's duration, or `--until`. */
  durationMs: number;
  topology: TopologyConfig;
  /** The resolved configuration (every default filled in). */
  config: ClusterConfig;
  faults: FaultEntry[];
  expect: Expectations;
}

/** The header of a run of `scenario` with `seed` to `until` (default its duration). */
export function traceHeader(
  scenario: Scenario,
  options: { seed?: number; until?: number } = {}
): TraceHeader {
  return {
    type: 'mirrorbeat-trace',
    format: TRACE_FORMAT,
    mirrorbeat: version,
    scenario: scenario.name,
    ...(scenario.description !== undefined ? { description: scenario.description } : {}),
    seed: options.seed ?? scenario.seed,
    durationMs: options.until ?? scenario.duration,
    topology: { ...scenario.topology },
    config: resolveConfig(scenario.config),
    faults: scenario.faults.map((f) => ({ ...f })),
    expect: { ...scenario.expect }
  };
}

/** Whether a parsed trace line is a header (it has `type: 'mirrorbeat-trace'` and no time). */
export function isTraceHeader(value: unknown): value is TraceHeader {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { type?: unknown }).type === 'mirrorbeat-trace' &&
    !('t' in value)
  );
}

/**
 * The scenario a header describes, as a scenario file would write it (to be validated like one:
 * a header may come from anywhere).
 */
export function rawScenarioOfHeader(header: TraceHeader): Record<string, unknown> {
  return {
    name: header.scenario,
    ...(header.description !== undefined ? { description: header.description } : {}),
    seed: header.seed,
    duration: header.durationMs,
    topology: header.topology,
    config: header.config,
    faults: header.faults,
    expect: header.expect
  };
}
