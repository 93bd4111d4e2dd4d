/**
 * Options of the benchmark scripts (`npm run bench`, `soak`, `analytic`), parsed and checked like
 * the CLI's: a bad option is one line on stderr naming the script and the option, and exit 2,
 * before anything runs.
 */
import { Command, CommanderError } from 'commander';
import { describeValue } from '../model/describeValue';
import { tryParseDuration } from '../model/durations';

/** A rejected option: the script prints the message and exits 2. */
export class OptionError extends Error {}

/**
 * Parse `argv` with the options `declare` adds and turn them into values with `convert` (which
 * throws {@link OptionError}); exits 2 with one line on a bad or unknown option, 0 after `--help`.
 */
export function parseScriptOptions<T>(
  script: string,
  description: string,
  declare: (command: Command) => void,
  convert: (options: Record<string, unknown>) => T,
  argv: readonly string[] = process.argv.slice(2)
): T {
  const command = new Command(script)
    .description(description)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: () => undefined,
      outputError: () => undefined
    });
  declare(command);
  try {
    command.parse([...argv], { from: 'user' });
    return convert(command.opts());
  } catch (error) {
    if (error instanceof CommanderError && error.exitCode === 0) process.exit(0);
    const text =
      error instanceof OptionError
        ? error.message
        : error instanceof CommanderError
          ? error.message.replace(/^error:\s*/i, '').replace(/\.$/, '')
          : String(error);
    process.stderr.write(`${script}: ${text}; see 'npm run ${script} -- --help'\n`);
    process.exit(2);
  }
}

/** An integer option from `min` to `max`. */
export function integerOption(flag: string, text: unknown, min: number, max: number): number {
  const n = typeof text === 'string' && /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) {
    throw new OptionError(
      `${flag}: expected an integer from ${min} to ${max}, found ${describeValue(text)}`
    );
  }
  return n;
}

/** A duration option (`60s`, `2m`, or a number of ms) of at least `minMs`. */
export function durationOption(flag: string, text: unknown, minMs: number): number {
  const parsed = tryParseDuration(
    typeof text === 'string' && /^\d+(\.\d+)?$/.test(text) ? Number(text) : text
  );
  if (!parsed.ok) {
    throw new OptionError(`${flag}: expected ${parsed.expected}, found ${describeValue(text)}`);
  }
  if (parsed.ms < minMs) {
    throw new OptionError(`${flag}: expected at least ${minMs} ms, found ${parsed.ms} ms`);
  }
  return parsed.ms;
}
