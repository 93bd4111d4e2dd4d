/**
 * Run one scenario: build the cluster in steady state with the invariant monitors beside it, book
 * the fault timeline, run to the horizon, and report (SPEC §4.3). The monitors and the outcome
 * accounting watch the world through one observation stream (world/observeCluster.ts) and add
 * nothing to the trace: same scenario and seed, same trace hash.
 */
import { createSimulation } from '../sim';
import { resolveConfig } from '../model/config';
import type { RunOptions, ScenarioRun } from '../model/run';
import type { RunReport, Scenario } from '../model/scenario';
import {
  createMonitorHub,
  type MonitorHubOptions,
  type MonitorResults
} from '../monitors/monitorWorld';
import { replayCommand } from '../report/replayCommand';
import { runPassed } from '../report/verdict';
import { scheduleFaults } from './applyFaults';
import { createCluster } from './createCluster';
import { checkExpectations, checkInvariants, computeOutcome } from './evaluateRun';
import { observeCluster } from './observeCluster';
import { version } from '../package.json';
import { withProgramOverrides, type ProgramOverrides } from './programOverrides';
import type { StorageOverrides } from '../actors/storage/createStorageSide';

/** Options of a run in this world (beyond the CLI's). */
export interface WorldRunOptions extends RunOptions {
  /** Replace the logic of host programs (mutation checks), by program name. */
  machines?: ProgramOverrides;
  /** Replace parts of the storage side's behaviour (mutation checks). */
  storage?: StorageOverrides;
  /** Options of the monitors (e.g. hold any configuration to zero lost writes). */
  monitors?: Pick<MonitorHubOptions, 'zeroLoss'>;
}

/** A run with what its monitors found. */
export interface MonitoredRun extends ScenarioRun {
  monitors: MonitorResults;
}

/** Run `scenario` and return its report, trace lines (mode `full`) and narrated timeline. */
export function runScenario(scenario: Scenario, options: WorldRunOptions = {}): MonitoredRun {
  const seed = options.seed ?? scenario.seed;
  const until = options.until ?? scenario.duration;
  const config = resolveConfig(scenario.config);
  const observation = observeCluster({ config, topology: scenario.topology });
  const sim = createSimulation({ seed, trace: options.trace ?? 'hash' });
  const hub = createMonitorHub({
    config,
    topology: scenario.topology,
    clock: sim.clock,
    ...options.monitors
  });
  hub.watch(observation.observations$, observation.probe);
  if (options.onLine) sim.trace.subscribe(options.onLine);
  const world = options.machines ? withProgramOverrides(sim, options.machines) : sim;
  const cluster = createCluster(world, {
    config,
    topology: scenario.topology,
    storage: options.storage
  });
  observation.connect(cluster);
  cluster.start();
  scheduleFaults(cluster, scenario.faults, () => undefined);
  observation.observeTimeline(scenario.faults);
  sim.runUntil(until);
  const monitors = hub.finish();
  observation.stop();

  const replay = replayCommand({
    scenario: options.source ?? scenario.name,
    seed,
    until: options.until
  });
  const { outcome, groups } = computeOutcome(monitors);
  const alerts = cluster.alerts.slice();
  const invariants = checkInvariants(monitors, replay);
  const expectations = checkExpectations(scenario, outcome, groups, monitors, alerts);
  const report: RunReport = {
    scenario: scenario.name,
    seed,
    version,
    ok: false,
    simulatedMs: sim.now(),
    config: { ...config, topology: { ...scenario.topology } },
    outcome,
    groups,
    alerts,
    invariants,
    expectations,
    events: sim.trace.count,
    traceHash: sim.trace.hash()
  };
  // Exactly the exit code's verdict (SPEC §4.3): every expectation and invariant holds.
  report.ok = runPassed(report);
  const run: MonitoredRun = {
    report,
    lines: sim.trace.lines,
    narrative: cluster.narrative.slice(),
    monitors
  };
  sim.stop();
  return run;
}
