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
import { formatDuration, tryParseDuration } from '../model/durations';
import { MAX_SIMULATED_MS } from '../model/scenarioLimits';
import type { Scenario } from '../model/scenario';
import { MAX_SEED } from '../model/scenarioValues';
import { findScenario } from '../scenarios/catalogue';
import type * as Explore from '../explore/explore';
import type * as Render from '../explore/renderSummary';
import type * as Junit from '../report/renderJunit';
import type { CliDeps } from './cliDeps';
import { EXIT, type ExitCode } from './exitCodes';
import { checkReporter } from './reporterFlag';
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

/**
 * Carry out `explore`.
 *
 * @throws {@link UsageError} or ScenarioError for bad input, before anything runs.
 */
export function exploreCommand(deps: CliDeps, flags: ExploreFlags): ExitCode {
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
  const { renderSummary } = require('../explore/renderSummary') as typeof Render;

  const progress = deps.errIsTTY ? progressBar(deps) : undefined;
  const summary = explore({
    base,
    mode: flags.exhaustive ? { kind: 'exhaustive' } : { kind: 'random', count, seed },
    duration,
    maxFaults,
    outDir: flags.out ?? 'artifacts/explore',
    shrink: flags.shrink !== false,
    onProgress: progress?.update
  });
  progress?.done();

  if (flags.reporter === 'junit') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { renderExploreJunit } = require('../report/renderJunit') as typeof Junit;
    deps.out(renderExploreJunit(summary) + '\n');
  } else if (flags.json) {
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
    deps.out(
      renderSummary(summary, { name: flags.config ?? 'defaults', settings: settingsOf(base) }) +
        '\n'
    );
  }
  return explorePassed(summary) ? EXIT.ok : EXIT.failed;
}

/** The settings that decide safety, in one line. */
function settingsOf(base: Scenario): string {
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
  if (result.ms > MAX_SIMULATED_MS) {
    throw new UsageError(
      `mirrorbeat explore: --duration: expected at most ${formatDuration(MAX_SIMULATED_MS)} (a simulated year), found ${describeValue(text)}`
    );
  }
  if (result.ms < 30_000) {
    throw new UsageError(
      `mirrorbeat explore: --duration: expected at least 30s (faults, then the heal phase), found ${text}`
    );
  }
  return result.ms;
}

/** A progress bar on stderr (only when it is a terminal). */
function progressBar(deps: CliDeps) {
  let last = -1;
  const width = 30;
  return {
    update(done: number, total: number, failing: number) {
      const filled = Math.round((done / total) * width);
      const percent = Math.floor((done / total) * 100);
      if (percent === last && done !== total) return;
      last = percent;
      const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
      deps.err(`\r${bar} ${done}/${total} schedules, ${failing} failing`);
    },
    done() {
      deps.err('\n');
    }
  };
}
