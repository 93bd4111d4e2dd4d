/**
 * `mirrorbeat run <scenario-file-or-name> [--seed N] [--json] [--trace FILE] [--until DURATION]`:
 * validate everything, run, write the trace, print the report, exit 0 (all hold) or 1.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { describeValue } from '../model/describeValue';
import { formatDuration, tryParseDuration } from '../model/durations';
import { MAX_SEED } from '../model/scenarioValues';
import { renderJson } from '../report/renderJson';
import { renderTerminal } from '../report/renderTerminal';
import { replayCommand } from '../report/replayCommand';
import { runPassed } from '../report/verdict';
import { writeTrace } from '../report/writeTrace';
import { findScenario } from '../scenarios/catalogue';
import type { CliDeps } from './cliDeps';
import { EXIT, type ExitCode } from './exitCodes';
import { UsageError } from './usageError';

/** Options of `run`, as commander gives them. */
export interface RunFlags {
  seed?: string;
  until?: string;
  json?: boolean;
  trace?: string;
  color?: boolean;
}

/**
 * Carry out `run`.
 *
 * @throws ScenarioError or {@link UsageError} for bad input, before anything runs.
 */
export function runCommand(deps: CliDeps, ref: string, flags: RunFlags): ExitCode {
  const seed = flags.seed === undefined ? undefined : parseSeed(flags.seed);
  const until = flags.until === undefined ? undefined : parseUntil(flags.until);
  const scenario = findScenario(ref, deps.catalogue);
  if (flags.trace !== undefined) checkWritable(flags.trace);

  const effective = until === undefined ? scenario : { ...scenario, duration: until };
  const run = deps.runScenario(effective, {
    seed: seed ?? scenario.seed,
    until,
    trace: flags.trace !== undefined ? 'full' : 'hash'
  });

  if (flags.trace !== undefined) {
    try {
      writeTrace(flags.trace, run.lines);
    } catch (error) {
      throw new UsageError(
        `mirrorbeat run: --trace: expected a writable file, found ${JSON.stringify(flags.trace)} (${errorCode(error)})`
      );
    }
  }

  if (flags.json) {
    deps.out(renderJson(run.report) + '\n');
  } else {
    const text = renderTerminal(run, {
      color: flags.color ?? deps.color ?? false,
      scenario: effective,
      replayCommand: replayCommand({ scenario: ref, seed: run.report.seed, until })
    });
    deps.out(text + '\n');
  }
  return runPassed(run.report) ? EXIT.ok : EXIT.failed;
}

function parseSeed(text: string): number {
  const seed = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(seed >= 0 && seed <= MAX_SEED)) {
    throw new UsageError(
      `mirrorbeat run: --seed: expected an integer from 0 to ${MAX_SEED}, found ${describeValue(text)}`
    );
  }
  return seed;
}

function parseUntil(text: string): number {
  const result = tryParseDuration(text);
  if (!result.ok) {
    throw new UsageError(
      `mirrorbeat run: --until: expected ${result.expected}, found ${describeValue(text)}`
    );
  }
  if (result.ms <= 0) {
    throw new UsageError(
      `mirrorbeat run: --until: expected a duration greater than 0, found ${formatDuration(result.ms)}`
    );
  }
  return result.ms;
}

/** Fail before the run when the trace file cannot be written. */
function checkWritable(file: string): void {
  const fail = (why: string) => {
    throw new UsageError(
      `mirrorbeat run: --trace: expected a writable file path, found ${JSON.stringify(file)} (${why})`
    );
  };
  const dir = path.dirname(path.resolve(file));
  try {
    if (!statSync(dir).isDirectory()) fail('its directory is not a directory');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    fail('no such directory');
  }
  try {
    if (statSync(file).isDirectory()) fail('a directory');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // Does not exist yet: fine.
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    fail('directory not writable');
  }
}

function errorCode(error: unknown): string {
  return (error as { code?: string }).code ?? (error as Error).message;
}
