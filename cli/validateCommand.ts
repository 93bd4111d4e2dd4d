/**
 * `mirrorbeat validate <file>`: `ok: <name>` on stdout (exit 0), or the one-line error (exit 2).
 */
import { findScenario } from '../scenarios/catalogue';
import type { CliDeps } from './cliDeps';
import { EXIT, type ExitCode } from './exitCodes';

/**
 * Carry out `validate` (a built-in scenario name is accepted too).
 *
 * @throws ScenarioError when the scenario is invalid.
 */
export function validateCommand(deps: CliDeps, file: string): ExitCode {
  const scenario = findScenario(file, deps.catalogue);
  deps.out(`ok: ${scenario.name}\n`);
  return EXIT.ok;
}
