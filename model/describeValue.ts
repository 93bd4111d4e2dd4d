/**
 * How a value found in a scenario (or on the command line) reads in an error message
 * (`…, found <this>`), and how any text given by a user is made safe to print: at most about 80
 * characters, no control characters (a terminal escape sequence in a name prints as `\u001b`).
 */

/** Longest string quoted in a message (characters, before escaping). */
const MAX_STRING = 60;

/**
 * C0 and C1 control characters, DEL, line and paragraph separators and the bidirectional
 * overrides: what must never reach a terminal raw.
 */
const CONTROL_CLASS =
  '[\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]';
export const CONTROL_CHARACTERS = new RegExp(CONTROL_CLASS);
const CONTROL_GLOBAL = new RegExp(CONTROL_CLASS, 'g');

/** `text` with every control character written as `\uXXXX`. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL_GLOBAL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `text` shortened to about `max` characters (an ellipsis shows the cut). */
export function shorten(text: string, max = MAX_STRING): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** User text made safe to print in one line: shortened, control characters escaped. */
export function printable(text: string, max = 80): string {
  return escapeControl(shorten(text, max));
}

/**
 * Describe a value for the `found …` part of an error: strings quoted (shortened, control
 * characters escaped), numbers and booleans as written, `nothing` for a missing value, `a list` /
 * `an object` for structures.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return escapeControl(JSON.stringify(shorten(value)));
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (value instanceof Date) return `a date (${value.toISOString().slice(0, 10)})`;
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/**
 * The known word closest to `word` (case-insensitive edit distance ≤ 2, or a prefix match), for
 * "did you mean" hints; undefined when nothing is close.
 */
export function closestWord(word: string, known: readonly string[]): string | undefined {
  // A long word is close to no short one (and the edit distance would cost its length squared).
  if (word.length > 64) return undefined;
  const target = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(target, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.min(2, Math.max(1, Math.floor(target.length / 3)));
  return bestDistance <= limit ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
