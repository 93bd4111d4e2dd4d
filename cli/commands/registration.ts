/**
 * How a command joins the command line: a registration declares its name, arguments, options and
 * help (cheap), and loads its implementation only when it runs, so `mirrorbeat --version` and
 * `--help` never load the simulation. To add a command, write `cli/commands/<name>.ts` exporting a
 * {@link CommandRegistration} and list it in `COMMAND_REGISTRATIONS` (cli/createCli.ts).
 */
import type { Command } from 'commander';
import type { CliDeps } from '../cliDeps';

/** Runs a command's action: a number is its exit code; a promise gives it later. */
export type Guard = (action: () => number | Promise<number>) => void;

/** One command of `mirrorbeat`. */
export interface CommandRegistration {
  /** The command's name, as typed (`run`). */
  name: string;
  /** Add the command to `program`; its action must run inside `guard`. */
  register(program: Command, deps: CliDeps, guard: Guard): void;
}
