/**
 * Run one scenario: build the cluster in steady state, book the fault timeline, run to the
 * horizon, and report (SPEC §4.3). Deterministic: same scenario and seed, same trace hash.
 */
import { createSimulation } from '../sim';
import { resolveConfig } from '../model/config';
import type { RunOptions, ScenarioRun } from '../model/run';
import type { RunReport, Scenario } from '../model/scenario';
import { scheduleFaults } from './applyFaults';
import { createCluster } from './createCluster';
import { checkExpectations, checkInvariants, computeOutcome } from './evaluateRun';
import { createProductionWatch } from './productionWatch';

/** Run `scenario` and return its report, trace lines (mode `full`) and narrated timeline. */
export function runScenario(scenario: Scenario, options: RunOptions = {}): ScenarioRun {
  const seed = options.seed ?? scenario.seed;
  const until = options.until ?? scenario.duration;
  const sim = createSimulation({ seed, trace: options.trace ?? 'hash' });
  if (options.onLine) sim.trace.subscribe(options.onLine);
  const config = resolveConfig(scenario.config);
  const cluster = createCluster(sim, { config, topology: scenario.topology });
  const watch = createProductionWatch(cluster);
  cluster.start();
  scheduleFaults(cluster, scenario.faults, () => watch.update());
  sim.runUntil(until);
  watch.update();

  const outcome = computeOutcome(cluster, scenario);
  const report: RunReport = {
    scenario: scenario.name,
    seed,
    simulatedMs: sim.now(),
    outcome,
    alerts: cluster.alerts.slice(),
    invariants: checkInvariants(cluster, outcome, watch),
    expectations: checkExpectations(cluster, scenario, outcome),
    events: sim.trace.count,
    traceHash: sim.trace.hash()
  };
  const run: ScenarioRun = { report, lines: sim.trace.lines, narrative: cluster.narrative.slice() };
  sim.stop();
  return run;
}
