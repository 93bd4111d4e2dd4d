/**
 * `mirrorbeat` as a library: define a scenario, load one from a file, run it, explore fault
 * schedules. Everything here is the stable surface of the package (docs/spec.md, section 9); the simulation
 * itself loads on the first run, so importing `mirrorbeat` to define scenarios is cheap.
 *
 * @example
 * ```ts
 * import { at, defineScenario, runScenario } from 'mirrorbeat';
 * const run = runScenario(
 *   defineScenario({ name: 'crash', duration: '2m', faults: [at('30s').crash('prod-1')] })
 * );
 * console.log(run.report.outcome.failover.happened); // true
 * ```
 */
import type * as Explore from '../explore/explore';
import type * as World from '../world/runScenario';

export {
  at,
  defineScenario,
  type ConfigInput,
  type DegradeOptions,
  type DurationInput,
  type ExpectationsInput,
  type FaultBuilder,
  type FaultInput,
  type PartitionOptions,
  type RevertOption,
  type ScenarioInput
} from '../scenarios/defineScenario';
export { validateScenario, ScenarioError } from '../model/loadScenario';
export { loadScenarioFile } from '../scenarios/scenarioFiles';
export { catalogue, type Catalogue, type CatalogueEntry } from '../scenarios/catalogue';
export type {
  Alert,
  AlertKind,
  Expectations,
  FaultEntry,
  RunReport,
  Scenario
} from '../model/scenario';
export type { NarrativeEntry, RunOptions, ScenarioRun } from '../model/run';
export type { MonitoredRun, WorldRunOptions } from '../world/runScenario';
export type {
  ExploreExample,
  ExploreOptions,
  ExploreSummary,
  ExhaustiveMode,
  RandomMode
} from '../explore/explore';

/**
 * Run `scenario` to its horizon (or `options.until`) and return its report, narrated timeline and
 * (with `trace: 'full'`) trace lines. Deterministic: the same scenario and seed give the same
 * `report.traceHash` on every machine.
 */
export function runScenario(
  scenario: Parameters<typeof World.runScenario>[0],
  options?: Parameters<typeof World.runScenario>[1]
): ReturnType<typeof World.runScenario> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const world = require('../world/runScenario') as typeof World;
  return world.runScenario(scenario, options);
}

/**
 * Search random or exhaustive fault schedules over `options.base`'s topology and configuration
 * for invariant violations (what `mirrorbeat explore` runs).
 */
export function explore(options: Explore.ExploreOptions): Explore.ExploreSummary {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const impl = require('../explore/explore') as typeof Explore;
  return impl.explore(options);
}

/** Whether an exploration found no invariant violation (findings do not count). */
export function explorePassed(summary: Explore.ExploreSummary): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const impl = require('../explore/explore') as typeof Explore;
  return impl.explorePassed(summary);
}
