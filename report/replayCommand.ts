/**
 * The one-line command that replays a run exactly: `npx mirrorbeat run <scenario> --seed <n>`.
 */
import { formatDuration } from '../model/durations';

/** What a replay needs. */
export interface ReplaySpec {
  /** The built-in name or the file path, as given to `run`. */
  scenario: string;
  seed: number;
  /** The `--until` override, when there was one (ms). */
  until?: number;
}

/** The replay command line, with the scenario quoted for a POSIX shell when needed. */
export function replayCommand(spec: ReplaySpec): string {
  const until = spec.until === undefined ? '' : ` --until ${formatDuration(spec.until)}`;
  return `npx mirrorbeat run ${shellQuote(spec.scenario)} --seed ${spec.seed}${until}`;
}

/** Quote `word` for a POSIX shell unless it is made only of safe characters. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
