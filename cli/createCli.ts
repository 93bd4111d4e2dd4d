/**
 * The `mirrorbeat` command line (SPEC §4.1), built with commander on injected dependencies.
 * Exit codes: 0 all expectations and invariants hold, 1 one failed, 2 bad input or usage (one line
 * on stderr, never a stack trace, nothing run).
 */
import { Command, CommanderError } from 'commander';
import { ScenarioError } from '../model/scenarioError';
import type { CliDeps } from './cliDeps';
import { EXIT } from './exitCodes';
import { listCommand } from './listCommand';
import { runCommand, type RunFlags } from './runCommand';
import { UsageError } from './usageError';
import { validateCommand } from './validateCommand';
import { diagramCommand, type DiagramFlags } from './diagramCommand';
import { inspectCommand, type InspectFlags } from './inspectCommand';
import { addExploreCommand } from './exploreCommand';
import { addMergeCommand } from './mergeCommand';
import { addSweepCommand } from './sweepCommand';
import { addWorkerCommand } from './workerCommand';

export type { CliDeps } from './cliDeps';

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

/** Commands of SPEC §4.1 that are not built yet: they exit 2 with "not available yet". */
export const PLANNED_COMMANDS = ['bench'] as const;

const COMMANDS = [
  'run',
  'list',
  'validate',
  'diagram',
  'inspect',
  'explore',
  'sweep',
  'worker',
  'merge',
  ...PLANNED_COMMANDS
];

/** Create the `mirrorbeat` command line on `deps`. */
export function createCli(deps: CliDeps): Cli {
  const start = (argv: readonly string[]): number | Promise<number> => {
    const { code, later } = execute(deps, argv);
    if (!later) {
      deps.exit(code);
      return code;
    }
    return later
      .catch((error: unknown) => report(deps, error))
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
  argv: readonly string[]
): { code: number; later?: Promise<number> } {
  let code: number = EXIT.ok;
  let later: Promise<number> | undefined;
  const guard = (action: () => number | Promise<number>) => {
    try {
      const result = action();
      if (typeof result === 'number') code = result;
      else later = result;
    } catch (error) {
      code = report(deps, error);
    }
  };
  const program = buildProgram(deps, guard);
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return { code: commanderExit(deps, error, argv) };
    return { code: report(deps, error) };
  }
  return { code, later };
}

function buildProgram(
  deps: CliDeps,
  guard: (action: () => number | Promise<number>) => void
): Command {
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
    .addHelpText(
      'after',
      '\nExit codes: 0 every expectation and invariant holds, 1 one failed, 2 bad input or usage.'
    );

  program
    .command('run')
    .description('run a scenario (a built-in name or a YAML/JSON file) and report')
    .argument('<scenario>', 'built-in scenario name or scenario file')
    .option('--seed <n>', 'seed of the run (default: the scenario seed)')
    .option('--json', 'print only the JSON run report')
    .option('--trace <file>', 'write the full trace as JSON lines')
    .option('--until <duration>', 'simulate this long instead of the scenario duration')
    .option('--html <file>', 'write a self-contained HTML report (opens offline)')
    .option('--inspect <target>', "forward XState inspection events ('stately')")
    .option('--stately-url <url>', 'WebSocket of the Stately inspector', 'ws://localhost:8080')
    .option('--color', 'force colours')
    .option('--no-color', 'no colours')
    .action((scenario: string, flags: RunFlags) => guard(() => runCommand(deps, scenario, flags)));

  program
    .command('list')
    .description('list the built-in scenarios')
    .action(() => guard(() => listCommand(deps)));

  program
    .command('validate')
    .description('check a scenario file without running it')
    .argument('<file>', 'scenario file (YAML or JSON)')
    .action((file: string) => guard(() => validateCommand(deps, file)));

  program
    .command('diagram')
    .description('draw the statecharts of machines/ offline (svg, mermaid, dot or json)')
    .argument('<machine>', "a machine name (e.g. 'receiver') or 'all'")
    .option('--format <format>', 'svg, mermaid, dot or json', 'svg')
    .option('--out <dir>', 'write <dir>/<machine>.<ext> instead of printing')
    .action((machine: string, flags: DiagramFlags) =>
      guard(() => diagramCommand(deps, machine, flags))
    );

  program
    .command('inspect')
    .description('serve the offline web inspector of a scenario run on 127.0.0.1')
    .argument('<scenario>', 'built-in scenario name or scenario file')
    .option('--port <n>', 'port to listen on (0: any free port)', '4311')
    .option('--host <address>', 'address to bind (loopback only by default)', '127.0.0.1')
    .option('--trace <file>', 'replay a saved trace file instead of running the scenario')
    .option('--seed <n>', 'seed of the run (default: the scenario seed)')
    .option('--inspect <target>', "also forward XState inspection events ('stately')")
    .option('--stately-url <url>', 'WebSocket of the Stately inspector', 'ws://localhost:8080')
    .action((scenario: string, flags: InspectFlags) =>
      guard(() => inspectCommand(deps, scenario, flags))
    );

  addExploreCommand(program, deps, guard);
  addSweepCommand(program, deps, guard);
  addWorkerCommand(program, deps, guard);
  addMergeCommand(program, deps, guard);

  for (const name of PLANNED_COMMANDS) {
    program
      .command(name)
      .description('(not available yet)')
      .allowUnknownOption()
      .allowExcessArguments()
      .action(() =>
        guard(() => {
          throw new UsageError(
            `mirrorbeat ${name}: not available yet; available commands: run, list, validate, diagram, inspect, explore, sweep, worker, merge`
          );
        })
      );
  }
  return program;
}

/** Print an error as one line on stderr and give its exit code. */
function report(deps: CliDeps, error: unknown): number {
  if (error instanceof ScenarioError || error instanceof UsageError) {
    deps.err(`${error.message}\n`);
    return EXIT.usage;
  }
  const message = error instanceof Error ? error.message : String(error);
  deps.err(`mirrorbeat: internal error: ${oneLine(message)}\n`);
  if (process.env.MIRRORBEAT_DEBUG && error instanceof Error && error.stack) {
    deps.err(`${error.stack}\n`);
  }
  return EXIT.internal;
}

/** Help and version exit 0; every commander complaint becomes one line and exit 2. */
function commanderExit(deps: CliDeps, error: CommanderError, argv: readonly string[]): number {
  if (error.exitCode === 0) return EXIT.ok;
  const command = argv.find((arg) => COMMANDS.includes(arg));
  const where = command ? `mirrorbeat ${command}` : 'mirrorbeat';
  const what =
    error.code === 'commander.help'
      ? `expected a command (${COMMANDS.slice(0, 3).join(', ')}), found nothing`
      : oneLine(error.message.replace(/^error:\s*/i, ''))
          .replace('(Did you mean', '(did you mean')
          .replace(/\.$/, '');
  deps.err(`${where}: ${what}; see '${where} --help'\n`);
  return EXIT.usage;
}

function oneLine(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
}
