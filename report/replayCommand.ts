/**
 * The one-line command that replays a run exactly: `npx mirrorbeat run <scenario> --seed <n>`.
 */
import { CONTROL_CHARACTERS, escapeControl } from '../model/describeValue';
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

/**
 * Quote `word` for a POSIX shell unless it is made only of safe characters. A word holding control
 * characters (a terminal escape sequence in a file name) is written `$'…'` with each of them as
 * `\xHH` or `\uHHHH`, so the line never prints one raw and still pastes into bash or zsh.
 */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(word)) return word;
  if (CONTROL_CHARACTERS.test(word)) {
    const escaped = word.replace(/[\\']/g, (c) => `\\${c}`);
    return `$'${escapeControl(escaped).replace(/\\u00([0-9a-f]{2})/g, '\\x$1')}'`;
  }
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
