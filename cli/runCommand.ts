/**
 * `mirrorbeat run <scenario-file-or-name> [--seed N] [--json] [--trace FILE] [--until DURATION]`:
 * validate everything, run, write the trace, print the report, exit 0 (all hold) or 1.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { describeValue } from '../model/describeValue';
import { formatDuration, tryParseDuration } from '../model/durations';
import { MAX_SIMULATED_MS } from '../model/scenarioLimits';
import { MAX_SEED } from '../model/scenarioValues';
import { renderJson } from '../report/renderJson';
import { renderRunJunit } from '../report/renderJunit';
import { renderTerminal } from '../report/renderTerminal';
import { replayCommand } from '../report/replayCommand';
import { runPassed } from '../report/verdict';
import { openTraceWriter, traceHeader, type TraceWriter } from '../report/writeTrace';
import { writeFileSync } from 'node:fs';
import { startStatelyForwarder } from '../inspector/stately';
import type { ScenarioRun } from '../model/run';
import type { Scenario } from '../model/scenario';
import { renderStatecharts } from '../inspector/session';
import { renderHtml } from '../report/renderHtml';
import { withInspection } from '../sim/createSimulation';
import { findScenario } from '../scenarios/catalogue';
import type { CliDeps } from './cliDeps';
import { EXIT, type ExitCode } from './exitCodes';
import { checkReporter } from './reporterFlag';
import { UsageError } from './usageError';

/** Options of `run`, as commander gives them. */
export interface RunFlags {
  seed?: string;
  until?: string;
  json?: boolean;
  /** `junit`: print the report as JUnit XML. */
  reporter?: string;
  trace?: string;
  color?: boolean;
  /** Write a self-contained HTML report to this file. */
  html?: string;
  /** Forward XState inspection events: `stately`. */
  inspect?: string;
  /** WebSocket of the Stately inspector (with `--inspect stately`). */
  statelyUrl?: string;
}

/**
 * Carry out `run`.
 *
 * @throws ScenarioError or {@link UsageError} for bad input, before anything runs.
 */
export function runCommand(
  deps: CliDeps,
  ref: string,
  flags: RunFlags
): ExitCode | Promise<ExitCode> {
  const seed = flags.seed === undefined ? undefined : parseSeed(flags.seed);
  const until = flags.until === undefined ? undefined : parseUntil(flags.until);
  checkReporter('run', flags);
  const scenario = findScenario(ref, deps.catalogue);
  if (flags.trace !== undefined) checkWritable(flags.trace);
  if (flags.html !== undefined) checkWritable(flags.html, '--html');
  if (flags.inspect !== undefined && flags.inspect !== 'stately') {
    throw new UsageError(
      `mirrorbeat run: --inspect: expected stately, found ${describeValue(flags.inspect)}`
    );
  }

  const effective = until === undefined ? scenario : { ...scenario, duration: until };
  if (until !== undefined) warnLeftOut(deps, scenario, until);
  // The trace streams to its file as the run produces it (bounded memory); only the HTML report
  // needs every line in memory.
  const writer =
    flags.trace === undefined
      ? undefined
      : openWriter(flags.trace, traceHeader(effective, { seed: seed ?? scenario.seed }));
  const options = {
    seed: seed ?? scenario.seed,
    until,
    trace: flags.html !== undefined ? ('full' as const) : ('hash' as const),
    onLine: writer ? (_line: unknown, json: string) => writer.write(json) : undefined,
    source: ref
  };
  if (flags.inspect === 'stately') {
    // Stately's inspector needs XState's inspection events: they reach it through an extra
    // observer on the run's simulation.
    const url = flags.statelyUrl ?? 'ws://localhost:8080';
    return (async () => {
      const stately = await startStatelyForwarder(url);
      if (!stately.connected) {
        deps.err(
          `mirrorbeat run: --inspect stately: no inspector answers at ${url}; events are kept until it does\n`
        );
      }
      const run = withClosedOnError(writer, () =>
        withInspection(stately.inspect, () => deps.runScenario(effective, options))
      );
      await stately.stop();
      return report(deps, ref, flags, run, effective, until, writer);
    })();
  }
  const run = withClosedOnError(writer, () => deps.runScenario(effective, options));
  if (flags.html === undefined) return report(deps, ref, flags, run, effective, until, writer);
  return renderStatecharts().then((charts) =>
    report(deps, ref, flags, run, effective, until, writer, charts)
  );
}

function openWriter(file: string, header: ReturnType<typeof traceHeader>): TraceWriter {
  try {
    return openTraceWriter(file, header);
  } catch (error) {
    throw new UsageError(
      `mirrorbeat run: --trace: expected a writable file, found ${describeValue(file)} (${errorCode(error)})`
    );
  }
}

function withClosedOnError<T>(writer: TraceWriter | undefined, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    try {
      writer?.close();
    } catch {
      // The run's own error is the one to report.
    }
    throw error;
  }
}

/** Write the trace and the HTML report, print the report, give the exit code. */
function report(
  deps: CliDeps,
  ref: string,
  flags: RunFlags,
  run: ScenarioRun,
  effective: Scenario,
  until: number | undefined,
  writer: TraceWriter | undefined,
  statecharts?: Record<string, { svg: string }>
): ExitCode {
  if (writer !== undefined) {
    try {
      writer.close();
    } catch (error) {
      throw new UsageError(
        `mirrorbeat run: --trace: expected a writable file, found ${describeValue(flags.trace)} (${errorCode(error)})`
      );
    }
    deps.err(`wrote ${flags.trace}\n`);
  }
  if (flags.html !== undefined) {
    const html = renderHtml(run, {
      scenario: effective,
      replayCommand: replayCommand({ scenario: ref, seed: run.report.seed, until }),
      statecharts
    });
    try {
      writeFileSync(flags.html, html);
    } catch (error) {
      throw new UsageError(
        `mirrorbeat run: --html: expected a writable file, found ${describeValue(flags.html)} (${errorCode(error)})`
      );
    }
    deps.err(`wrote ${flags.html}\n`);
  }

  if (flags.reporter === 'junit') {
    const replay = replayCommand({ scenario: ref, seed: run.report.seed, until });
    deps.out(renderRunJunit(run.report, replay) + '\n');
  } else if (flags.json) {
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

/** `--until` before scheduled entries: say which ones the run leaves out (on stderr). */
function warnLeftOut(deps: CliDeps, scenario: Scenario, until: number): void {
  const left = scenario.faults.filter((f) => f.at >= until);
  if (left.length === 0) return;
  const list = left
    .map((f) => `${formatDuration(f.at)} ${f.action}${f.target ? ` ${f.target}` : ''}`)
    .join(', ');
  deps.err(
    `mirrorbeat run: --until ${formatDuration(until)} leaves out ${left.length} scheduled ${left.length === 1 ? 'entry' : 'entries'}: ${list}\n`
  );
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
  if (result.ms > MAX_SIMULATED_MS) {
    throw new UsageError(
      `mirrorbeat run: --until: expected a duration of at most ${formatDuration(MAX_SIMULATED_MS)} (a simulated year), found ${describeValue(text)}`
    );
  }
  return result.ms;
}

/** Fail before the run when the trace file cannot be written. */
function checkWritable(file: string, option = '--trace'): void {
  const fail = (why: string) => {
    throw new UsageError(
      `mirrorbeat run: ${option}: expected a writable file path, found ${describeValue(file)} (${why})`
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
