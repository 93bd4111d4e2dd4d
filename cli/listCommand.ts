/**
 * `mirrorbeat list`: the built-in scenarios, one line each: name, then description.
 */
import type { CliDeps } from './cliDeps';
import { EXIT, type ExitCode } from './exitCodes';

/** Carry out `list`. */
export function listCommand(deps: CliDeps): ExitCode {
  const names = Object.keys(deps.catalogue).sort();
  const width = Math.max(0, ...names.map((n) => n.length));
  for (const name of names) {
    const { description } = deps.catalogue[name];
    deps.out(`${name.padEnd(width)}  ${description}`.trimEnd() + '\n');
  }
  return EXIT.ok;
}
