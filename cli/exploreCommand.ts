/**
 * `mirrorbeat explore --random N [--seed S] [--config FILE]` and `mirrorbeat explore --exhaustive`:
 * search fault schedules for one that breaks an invariant — "can this configuration ever end with
 * two writers, or with no failover after a real failure?" — and print a summary: schedules run,
 * violations by invariant, findings, distinct state combinations and coverage, and the minimal
 * failing schedules written as scenario files (`--out`, default `artifacts/explore`). A progress
 * bar goes to stderr when it is a terminal. Exit 0 when no invariant was violated, 1 otherwise.
 */
import { resolveConfig } from '../model/config';
import { describeValue } from '../model/describeValue';
import { tryParseDuration } from '../model/durations';
import type { Scenario } from '../model/scenario';
import { MAX_SEED } from '../model/scenarioValues';
import { findScenario } from '../scenarios/catalogue';
import type * as Explore from '../explore/explore';
import type * as Render from '../explore/renderSummary';
import type * as Junit from '../report/renderJunit';
import { checkReporter } from './reporterFlag';
import type * as ExploreRun from '../explore/exploreRun';
import { parseParallelFlags, type ParallelFlags } from './parallelFlags';
import { progressBar } from './progressBar';
import type { CliDeps } from './cliDeps';
import { EXIT, type ExitCode } from './exitCodes';
import { UsageError } from './usageError';

/** Options of `explore`, as commander gives them. */
export interface ExploreFlags {
  random?: string;
  exhaustive?: boolean;
  seed?: string;
  config?: string;
  duration?: string;
  maxFaults?: string;
  out?: string;
  shrink?: boolean;
  json?: boolean;
  /** `junit`: print the summary as JUnit XML. */
  reporter?: string;
}

/** Options of `explore` and of the other long commands, as commander gives them. */
export type ExploreCommandFlags = ExploreFlags & ParallelFlags;

/**
 * Carry out `explore`.
 *
 * @throws {@link UsageError} or ScenarioError for bad input, before anything runs.
 */
export function exploreCommand(
  deps: CliDeps,
  flags: ExploreCommandFlags
): ExitCode | Promise<ExitCode> {
  if ((flags.random === undefined) === (flags.exhaustive !== true)) {
    throw new UsageError(
      'mirrorbeat explore: expected exactly one of --random <n> or --exhaustive, found ' +
        (flags.exhaustive ? 'both' : 'neither')
    );
  }
  checkReporter('explore', flags);
  const count =
    flags.random === undefined ? 0 : parseInteger('--random', flags.random, 1, 1_000_000);
  const seed = parseInteger('--seed', flags.seed ?? '1', 0, MAX_SEED);
  const maxFaults = parseInteger('--max-faults', flags.maxFaults ?? '3', 1, 20);
  const duration = parseDurationFlag(flags.duration ?? '80s');
  const parallel = parseParallelFlags('explore', flags);
  const base: Scenario = flags.config
    ? findScenario(flags.config, deps.catalogue)
    : {
        name: 'defaults',
        seed: 1,
        duration,
        topology: { hostsPerGroup: 1, groups: 1 },
        config: {},
        faults: [],
        expect: {}
      };

  // The world is loaded only now: `--help` and bad flags never load it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { explore, explorePassed } = require('../explore/explore') as typeof Explore;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const run = require('../explore/exploreRun') as typeof ExploreRun;

  const progress = progressBar(deps, 'schedules');
  const options = {
    base,
    mode: flags.exhaustive
      ? { kind: 'exhaustive' as const }
      : { kind: 'random' as const, count, seed },
    duration,
    maxFaults,
    outDir: flags.out ?? 'artifacts/explore',
    shrink: flags.shrink !== false,
    onProgress: progress?.update
  };
  const finish = (summary: Explore.ExploreSummary): ExitCode => {
    progress?.done();
    if (flags.reporter === 'junit') {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { renderExploreJunit } = require('../report/renderJunit') as typeof Junit;
      deps.out(renderExploreJunit(summary) + '\n');
      return explorePassed(summary) ? EXIT.ok : EXIT.failed;
    }
    printExploreSummary(deps, summary, {
      json: flags.json === true,
      name: flags.config ?? 'defaults',
      settings: settingsOf(base)
    });
    return explorePassed(summary) ? EXIT.ok : EXIT.failed;
  };
  if (parallel.shard) {
    return run
      .exploreShard(options, parallel.shard, parallel, flags.config ?? 'defaults', (line) =>
        deps.out(line + '\n')
      )
      .then((failing) => {
        progress?.done();
        return failing ? EXIT.failed : EXIT.ok;
      });
  }
  if (!parallel.queue && run.workersOf(parallel) <= 1) return finish(explore(options));
  return run.exploreOn(options, parallel).then(finish);
}

/** Print an exploration summary: the text report, or JSON with `json`. */
export function printExploreSummary(
  deps: CliDeps,
  summary: Explore.ExploreSummary,
  how: { json: boolean; name: string; settings: string }
): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { renderSummary } = require('../explore/renderSummary') as typeof Render;
  if (how.json) {
    const { examples, ...rest } = summary;
    deps.out(
      JSON.stringify(
        {
          ...rest,
          examples: examples.map(({ scenario: _scenario, ...e }) => e)
        },
        null,
        2
      ) + '\n'
    );
  } else {
    deps.out(renderSummary(summary, { name: how.name, settings: how.settings }) + '\n');
  }
}

/** The settings that decide safety, in one line. */
export function settingsOf(base: Scenario): string {
  const c = resolveConfig(base.config);
  const t = base.topology;
  return [
    `method ${c.heartbeat.method}`,
    `${c.remoteCopy.mode} copy`,
    `fence level ${c.remoteCopy.fenceLevel}`,
    `onSiteIsolation ${c.failover.onSiteIsolation}`,
    `interval ${c.heartbeat.interval} ms, timeout ${c.heartbeat.timeout} ms, poll ${c.heartbeat.pollInterval} ms`,
    ...(c.heartbeat.bidirectional ? ['bidirectional'] : []),
    `${t.groups} group(s) of ${t.hostsPerGroup} host(s) per site`
  ].join(', ');
}

function parseInteger(flag: string, text: string, min: number, max: number): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) {
    throw new UsageError(
      `mirrorbeat explore: ${flag}: expected an integer from ${min} to ${max}, found ${describeValue(text)}`
    );
  }
  return n;
}

function parseDurationFlag(text: string): number {
  const result = tryParseDuration(text);
  if (!result.ok) {
    throw new UsageError(
      `mirrorbeat explore: --duration: expected ${result.expected}, found ${describeValue(text)}`
    );
  }
  if (result.ms < 30_000) {
    throw new UsageError(
      `mirrorbeat explore: --duration: expected at least 30s (faults, then the heal phase), found ${text}`
    );
  }
  return result.ms;
}
