/**
 * Test harness: run a scenario but keep the world (cluster and simulation) for inspection.
 */
import { createSimulation, type Simulation } from '../../sim';
import { resolveConfig } from '../../model/config';
import type { Scenario } from '../../model/scenario';
import { scheduleFaults } from '../../world/applyFaults';
import { createCluster, type Cluster } from '../../world/createCluster';

/**
 * No jitter on the network or the link: for tests whose expected instants are derived exactly
 * (the defaults jitter by 0.5 ms, as real systems do).
 */
export const EXACT_TIMING = { network: { jitter: 0 }, remoteCopy: { jitter: 0 } };

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
