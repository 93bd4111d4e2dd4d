/**
 * `mirrorbeat validate <file> [--json]`: `ok: <name>` on stdout (exit 0), or the one-line error
 * (exit 2). With `--json`: `{ "ok": true, "file": …, "scenario": … }`.
 */
import { findScenario } from '../scenarios/catalogue';
import type { CliDeps } from './cliDeps';
import { EXIT, type ExitCode } from './exitCodes';

/** Options of `validate`, as commander gives them. */
export interface ValidateFlags {
  json?: boolean;
}

/**
 * Carry out `validate` (a built-in scenario name is accepted too).
 *
 * @throws ScenarioError when the scenario is invalid.
 */
export function validateCommand(deps: CliDeps, file: string, flags: ValidateFlags = {}): ExitCode {
  const scenario = findScenario(file, deps.catalogue);
  deps.out(
    flags.json
      ? JSON.stringify({ ok: true, file, scenario: scenario.name }) + '\n'
      : `ok: ${scenario.name}\n`
  );
  return EXIT.ok;
}
