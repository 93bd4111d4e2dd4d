/** The `--reporter` option of `run` and `explore`. */
import { describeValue } from '../model/describeValue';
import { UsageError } from './usageError';

/** `--reporter`: `junit` only, and not with `--json` (both would claim stdout). */
export function checkReporter(command: string, flags: { reporter?: string; json?: boolean }): void {
  if (flags.reporter === undefined) return;
  if (flags.reporter !== 'junit') {
    throw new UsageError(
      `mirrorbeat ${command}: --reporter: expected junit, found ${describeValue(flags.reporter)}`
    );
  }
  if (flags.json) {
    throw new UsageError(
      `mirrorbeat ${command}: --reporter junit: expected either --json or --reporter junit, found both`
    );
  }
}
