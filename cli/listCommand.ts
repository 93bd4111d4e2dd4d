/**
 * `mirrorbeat list [--json]`: the built-in scenarios, one line each: name, then description (or
 * a JSON array of `{ name, description }`).
 */
import type { CliDeps } from './cliDeps';
import { EXIT, type ExitCode } from './exitCodes';

/** Options of `list`, as commander gives them. */
export interface ListFlags {
  json?: boolean;
}

/** Carry out `list`. */
export function listCommand(deps: CliDeps, flags: ListFlags = {}): ExitCode {
  const names = Object.keys(deps.catalogue).sort();
  if (flags.json) {
    const entries = names.map((name) => ({ name, description: deps.catalogue[name].description }));
    deps.out(JSON.stringify(entries, null, 2) + '\n');
    return EXIT.ok;
  }
  const width = Math.max(0, ...names.map((n) => n.length));
  for (const name of names) {
    const { description } = deps.catalogue[name];
    deps.out(`${name.padEnd(width)}  ${description}`.trimEnd() + '\n');
  }
  return EXIT.ok;
}
