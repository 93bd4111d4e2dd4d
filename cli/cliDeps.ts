/**
 * What the CLI needs from the outside world, injected so that every command can be tested with a
 * fake runner and captured output.
 */
import type { RunScenario } from '../model/run';
import type { Catalogue } from '../scenarios/catalogue';

/** The dependencies of {@link createCli}. */
export interface CliDeps {
  /** Runs a scenario (world/runScenario in production, a fake in tests). */
  runScenario: RunScenario;
  /** Built-in scenarios. */
  catalogue: Catalogue;
  /** Writes to standard output (text includes its newlines). */
  out: (text: string) => void;
  /** Writes to standard error (text includes its newlines). */
  err: (text: string) => void;
  /** Ends the process with this code (called once, after all output). */
  exit: (code: number) => void;
  /** Whether standard output takes ANSI colours (default false; `--color`/`--no-color` override). */
  color?: boolean;
  /** Printed by `--version` (default `0.0.0`). */
  version?: string;
  /** Whether standard error is a terminal (progress bars are drawn only then; default false). */
  errIsTTY?: boolean;
}
