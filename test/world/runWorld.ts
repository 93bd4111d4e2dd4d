/**
 * Test harness: run a scenario but keep the world (cluster and simulation) for inspection.
 */
import { createSimulation, type Simulation } from '../../sim';
import { resolveConfig } from '../../model/config';
import type { Scenario } from '../../model/scenario';
import { scheduleFaults } from '../../world/applyFaults';
import { createCluster, type Cluster } from '../../world/createCluster';

export interface World {
  sim: Simulation;
  cluster: Cluster;
  /** Names of hosts whose application is running. */
  appsRunning(): string[];
}

export function runWorld(scenario: Scenario, until = scenario.duration): World {
  const sim = createSimulation({ seed: scenario.seed, trace: 'off' });
  const cluster = createCluster(sim, {
    config: resolveConfig(scenario.config),
    topology: scenario.topology
  });
  cluster.start();
  scheduleFaults(cluster, scenario.faults, () => undefined);
  sim.runUntil(until);
  return {
    sim,
    cluster,
    appsRunning: () =>
      [...cluster.hosts.values()]
        .filter((h) => h.state === 'up' && h.get('app')?.getSnapshot().matches('running'))
        .map((h) => h.id)
  };
}
