/**
 * The contract between the scenario runner (`world/runScenario.ts`) and its users: the CLI, the
 * report renderers and the tests.
 */
import type { TraceLine, TraceMode } from '../sim/createTrace';
import type { RunReport, Scenario } from './scenario';

/** One line of the narrated timeline of a run. */
export interface NarrativeEntry {
  /** Simulated time in ms. */
  atMs: number;
  /** Who: an actor id (`standby-1`, `prod-storage`, …) or `scenario` for injected faults. */
  source: string;
  /** What kind of thing happened. */
  kind: 'fault' | 'alert' | 'state' | 'decision' | 'info';
  /** What happened, in words. */
  text: string;
}

/** Everything a run produced. */
export interface ScenarioRun {
  /** The run report (SPEC §4.3). */
  report: RunReport;
  /** Trace lines (kept only in trace mode `full`; empty otherwise). */
  lines: readonly TraceLine[];
  /** The narrated timeline, in time order. */
  narrative: NarrativeEntry[];
}

/** Options of a run. */
export interface RunOptions {
  /** Seed of the run; default the scenario's seed. */
  seed?: number;
  /** Simulated horizon in ms; default the scenario's duration. */
  until?: number;
  /** Trace mode; default `hash`. `full` keeps the lines (for `--trace FILE`). */
  trace?: TraceMode;
  /**
   * Called with every trace line as it is recorded, and its serialized JSON line (what the hash
   * absorbs): a sink streams it to disk (`run --trace`, the inspector) with trace mode `hash`.
   */
  onLine?: (line: TraceLine, json: string) => void;
  /**
   * The scenario as the user named it (a built-in name or a file path), for the replay command
   * in violations; default the scenario's name.
   */
  source?: string;
}

/** Run one scenario to its horizon and report. Deterministic: same scenario and seed, same run. */
export type RunScenario = (scenario: Scenario, options?: RunOptions) => ScenarioRun;
