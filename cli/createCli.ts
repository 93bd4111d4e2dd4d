/**
 * The `mirrorbeat` command line (docs/spec.md, section 4), built with commander on injected dependencies.
 * Exit codes: 0 all expectations and invariants hold, 1 one failed, 2 bad input or usage (one line
 * on stderr, never a stack trace, nothing run), 3 an internal error. Under `--json` an error is a
 * JSON object on stdout instead of the line on stderr.
 *
 * Each command is one registration in `cli/commands/` that loads its implementation only when it
 * runs: to add a command, add its file there and one line to {@link COMMAND_REGISTRATIONS}.
 */
import { Command, CommanderError } from 'commander';
import { ScenarioError } from '../model/scenarioError';
import type { CliDeps } from './cliDeps';
import { diagramRegistration } from './commands/diagram';
import { exploreRegistration } from './commands/explore';
import { inspectRegistration } from './commands/inspect';
import { listRegistration } from './commands/list';
import { mergeRegistration } from './commands/merge';
import { sweepRegistration } from './commands/sweep';
import { workerRegistration } from './commands/worker';
import type { CommandRegistration, Guard } from './commands/registration';
import { runRegistration } from './commands/run';
import { validateRegistration } from './commands/validate';
import { EXIT } from './exitCodes';
import { UsageError } from './usageError';

export type { CliDeps } from './cliDeps';

/** Every command, in `--help` order. */
export const COMMAND_REGISTRATIONS: readonly CommandRegistration[] = [
  runRegistration,
  listRegistration,
  validateRegistration,
  diagramRegistration,
  inspectRegistration,
  exploreRegistration,
  sweepRegistration,
  workerRegistration,
  mergeRegistration
];

/** A ready command line. */
export interface Cli {
  /**
   * Parse and carry out `argv` (the arguments after the program name), call `deps.exit` with the
   * exit code once, and return it.
   */
  run(argv: readonly string[]): number;
  /**
   * Like {@link Cli.run}, for commands that finish later (`diagram` renders asynchronously,
   * `inspect` serves until Ctrl-C): resolves with the exit code once `deps.exit` was called.
   */
  runAsync(argv: readonly string[]): Promise<number>;
}

const EXIT_CODES_HELP =
  '\nExit codes: 0 every expectation and invariant holds (or the command succeeded), 1 an\n' +
  'expectation or invariant failed, 2 bad input or usage (one line naming the file, the field\n' +
  'and what was expected), 3 an internal error (a bug: MIRRORBEAT_DEBUG=1 shows the stack).\n' +
  'Every command takes --json; under it errors are a JSON object on stdout.\n';

/** Create the `mirrorbeat` command line on `deps`. */
export function createCli(deps: CliDeps): Cli {
  const start = (argv: readonly string[]): number | Promise<number> => {
    const json = argv.includes('--json');
    const { code, later } = execute(deps, argv, json);
    if (!later) {
      deps.exit(code);
      return code;
    }
    return later
      .catch((error: unknown) => report(deps, error, json))
      .then((final) => {
        deps.exit(final);
        return final;
      });
  };
  return {
    run(argv) {
      const result = start(argv);
      // A command that finishes later calls deps.exit when it does.
      return typeof result === 'number' ? result : EXIT.ok;
    },
    runAsync: async (argv) => start(argv)
  };
}

function execute(
  deps: CliDeps,
  argv: readonly string[],
  json: boolean
): { code: number; later?: Promise<number> } {
  let code: number = EXIT.ok;
  let later: Promise<number> | undefined;
  const guard: Guard = (action) => {
    try {
      const result = action();
      if (typeof result === 'number') code = result;
      else later = result;
    } catch (error) {
      code = report(deps, error, json);
    }
  };
  const program = buildProgram(deps, guard);
  if (argv.length === 0) {
    // Bare `mirrorbeat`: the usage, and exit 2 (nothing was asked).
    deps.err(program.helpInformation() + EXIT_CODES_HELP);
    return { code: EXIT.usage };
  }
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return { code: commanderExit(deps, error, argv, json) };
    return { code: report(deps, error, json) };
  }
  return { code, later };
}

function buildProgram(deps: CliDeps, guard: Guard): Command {
  const program = new Command('mirrorbeat');
  program
    .description(
      'Deterministic simulator of clustering failure detection through heartbeats carried by ' +
        'storage remote mirroring'
    )
    .version(deps.version ?? '0.0.0', '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => deps.out(text),
      // Commander's own error output is replaced by one line (see commanderExit).
      writeErr: () => undefined,
      outputError: () => undefined
    })
    .addHelpText('after', EXIT_CODES_HELP);
  for (const registration of COMMAND_REGISTRATIONS) registration.register(program, deps, guard);
  return program;
}

/** Print an error (one line on stderr, or a JSON object on stdout) and give its exit code. */
function report(deps: CliDeps, error: unknown, json: boolean): number {
  if (error instanceof ScenarioError || error instanceof UsageError) {
    if (json) {
      const fields = error instanceof ScenarioError ? { ...error } : {};
      printJsonError(deps, EXIT.usage, 'usage', error.message, fields);
    } else {
      deps.err(`${error.message}\n`);
    }
    return EXIT.usage;
  }
  const message = `mirrorbeat: internal error: ${oneLine(error instanceof Error ? error.message : String(error))}`;
  if (json) printJsonError(deps, EXIT.internal, 'internal', message, {});
  else deps.err(`${message}\n`);
  if (process.env.MIRRORBEAT_DEBUG && error instanceof Error && error.stack) {
    deps.err(`${error.stack}\n`);
  }
  return EXIT.internal;
}

/** `{ ok: false, exitCode, error: { kind, message, …fields } }` on one line of stdout. */
function printJsonError(
  deps: CliDeps,
  exitCode: number,
  kind: 'usage' | 'internal',
  message: string,
  fields: object
): void {
  const { name: _name, ...rest } = fields as { name?: string };
  deps.out(JSON.stringify({ ok: false, exitCode, error: { kind, message, ...rest } }) + '\n');
}

/** Help and version exit 0; every commander complaint becomes one line and exit 2. */
function commanderExit(
  deps: CliDeps,
  error: CommanderError,
  argv: readonly string[],
  json: boolean
): number {
  if (error.exitCode === 0) return EXIT.ok;
  const names = COMMAND_REGISTRATIONS.map((r) => r.name);
  const command = argv.find((arg) => names.includes(arg));
  const where = command ? `mirrorbeat ${command}` : 'mirrorbeat';
  const what =
    error.code === 'commander.help'
      ? `expected a command (${names.join(', ')}), found nothing`
      : oneLine(error.message.replace(/^error:\s*/i, ''))
          .replace('(Did you mean', '(did you mean')
          .replace(/\.$/, '');
  return report(deps, new UsageError(`${where}: ${what}; see '${where} --help'`), json);
}

function oneLine(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
}
