/**
 * The built-in scenarios (`mirrorbeat list`), and resolving what `mirrorbeat run <x>` names: a
 * built-in scenario or a scenario file.
 *
 * To add a built-in scenario: write `scenarios/catalogue/<name>.ts` exporting by default a
 * `defineScenario({ name: '<name>', description: '…', … })`, and add it to
 * {@link BUILT_IN_SCENARIOS}.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { closestWord } from '../model/describeValue';
import { ScenarioError } from '../model/loadScenario';
import type { Scenario } from '../model/scenario';
import tour from './catalogue/tour';
import steadyState from './catalogue/steady-state';
import prodHostCrash from './catalogue/prod-host-crash';
import hangShort from './catalogue/hang-short';
import hangLong from './catalogue/hang-long';
import partitionBoth from './catalogue/partition-both';
import partitionNetworkMethod from './catalogue/partition-network-method';
import partitionMirrorMethod from './catalogue/partition-mirror-method';
import oneWayPartition from './catalogue/one-way-partition';
import linkCutBoth from './catalogue/link-cut-both';
import linkCutNetworkMethod from './catalogue/link-cut-network-method';
import linkCutMirrorMethod from './catalogue/link-cut-mirror-method';
import linkFlapping from './catalogue/link-flapping';
import linkCutAutoResync from './catalogue/link-cut-auto-resync';
import latencySpikes from './catalogue/latency-spikes';
import heartbeatIoError from './catalogue/heartbeat-io-error';
import prodStorageFailure from './catalogue/prod-storage-failure';
import siteDisasterSync from './catalogue/site-disaster-sync';
import siteDisasterAsync from './catalogue/site-disaster-async';
import isolationManual from './catalogue/isolation-manual';
import isolationAutomatic from './catalogue/isolation-automatic';
import isolationTiebreaker from './catalogue/isolation-tiebreaker';
import clockSkew from './catalogue/clock-skew';
import methodChange from './catalogue/method-change';
import installUninstall from './catalogue/install-uninstall';
import failback from './catalogue/failback';
import bidirectionalIsolation from './catalogue/bidirectional-isolation';
import localTakeover from './catalogue/local-takeover';
import severalGroups from './catalogue/several-groups';
import { loadScenarioFile } from './scenarioFiles';

/** One built-in scenario. */
export interface CatalogueEntry {
  /** One line, shown by `mirrorbeat list`. */
  description: string;
  scenario: Scenario;
}

/** Built-in scenarios by name. */
export type Catalogue = Readonly<Record<string, CatalogueEntry>>;

/** Every built-in scenario, in `list` order. */
export const BUILT_IN_SCENARIOS: readonly Scenario[] = [
  tour,
  steadyState,
  prodHostCrash,
  hangShort,
  hangLong,
  partitionBoth,
  partitionNetworkMethod,
  partitionMirrorMethod,
  oneWayPartition,
  linkCutBoth,
  linkCutNetworkMethod,
  linkCutMirrorMethod,
  linkFlapping,
  linkCutAutoResync,
  latencySpikes,
  heartbeatIoError,
  prodStorageFailure,
  siteDisasterSync,
  siteDisasterAsync,
  isolationManual,
  isolationAutomatic,
  isolationTiebreaker,
  clockSkew,
  methodChange,
  installUninstall,
  failback,
  bidirectionalIsolation,
  localTakeover,
  severalGroups
];

/**
 * Build a catalogue from scenarios (keyed by name).
 *
 * @throws Error when two scenarios share a name or one has no description.
 */
export function createCatalogue(scenarios: readonly Scenario[]): Catalogue {
  const out: Record<string, CatalogueEntry> = {};
  for (const scenario of scenarios) {
    if (Object.hasOwn(out, scenario.name)) {
      throw new Error(`built-in scenario "${scenario.name}" is defined twice`);
    }
    if (!scenario.description) {
      throw new Error(`built-in scenario "${scenario.name}" has no description`);
    }
    out[scenario.name] = { description: scenario.description, scenario };
  }
  return Object.freeze(out);
}

/** The built-in scenarios. */
export const catalogue: Catalogue = createCatalogue(BUILT_IN_SCENARIOS);

/**
 * Resolve a built-in scenario name or a scenario file path (YAML, JSON or a TypeScript script). A name of the
 * catalogue wins over a file of the same name unless it is written as a path (`./steady-state`).
 *
 * @returns a copy of the scenario (callers may change it).
 * @throws {@link ScenarioError} when it is neither, or the file is invalid.
 */
export function findScenario(nameOrFile: string, from: Catalogue = catalogue): Scenario {
  if (Object.hasOwn(from, nameOrFile)) return structuredClone(from[nameOrFile].scenario);
  if (existsSync(nameOrFile) || looksLikePath(nameOrFile)) return loadScenarioFile(nameOrFile);
  const names = Object.keys(from);
  const hint = closestWord(nameOrFile, names);
  throw new ScenarioError(
    nameOrFile,
    '',
    `expected a built-in scenario name (see 'mirrorbeat list') or a scenario file, found neither` +
      (hint ? ` (did you mean "${hint}"?)` : '')
  );
}

function looksLikePath(value: string): boolean {
  return value.includes('/') || value.includes(path.sep) || path.extname(value) !== '';
}
