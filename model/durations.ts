/**
 * The one duration parser of mirrorbeat, shared by scenario files and scripts, the command line
 * (`--until`, `--duration`) and the inspector's "jump to" box (SPEC §4.2): `"250ms"`, `"5s"`,
 * `"2m"`, `"1h"`, decimals such as `"1.5s"`, compounds such as `"1m30s"` or `"1h30m"`, or a
 * number of milliseconds (a JSON/YAML number, or a string of digits such as `"95"` on the command
 * line). Once parsed, every duration is a number of ms. Nothing beyond 2^53 ms is a duration.
 */
import { describeValue } from './describeValue';

/** Milliseconds per unit, largest first. */
export const DURATION_UNITS = [
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1]
] as const;

/** A duration unit suffix. */
export type DurationUnit = (typeof DURATION_UNITS)[number][0];

/** What a duration looks like, for error messages. */
export const DURATION_FORMS = 'a duration such as "250ms", "5s", "2m", "1h" or a number of ms';

/** Largest duration the parser accepts, in ms (2^53 − 1: beyond it ms are no longer exact). */
export const MAX_DURATION_MS = Number.MAX_SAFE_INTEGER;

/** Longest duration text looked at (anything longer is not a duration). */
const MAX_TEXT = 64;

const NUMBER = /^(\d+(?:\.\d+)?|\.\d+)$/;
const TERM = /^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h)/;

/** Options of {@link parseDuration}. */
export interface ParseDurationOptions {
  /** Accept negative durations such as `"-2s"` (a clock skew offset); default false. */
  allowNegative?: boolean;
}

/** The outcome of {@link tryParseDuration}: the duration in ms, or what was expected instead. */
export type DurationResult = { ok: true; ms: number } | { ok: false; expected: string };

/**
 * Parse a duration without throwing.
 *
 * @param value - a string with units (`"1.5s"`, `"1m30s"`), a string of digits (ms) or a finite
 *   number of ms.
 * @param options - see {@link ParseDurationOptions}.
 * @returns the duration in ms (rounded to the microsecond), or the phrase of what was expected.
 */
export function tryParseDuration(
  value: unknown,
  options: ParseDurationOptions = {}
): DurationResult {
  let ms: number | undefined;
  if (typeof value === 'number') {
    ms = Number.isFinite(value) ? value : undefined;
  } else if (typeof value === 'string' && value.length <= MAX_TEXT) {
    ms = parseText(value);
  }
  if (ms === undefined) return { ok: false, expected: DURATION_FORMS };
  if (Math.abs(ms) > MAX_DURATION_MS) {
    return { ok: false, expected: `a duration of at most ${MAX_DURATION_MS} ms (2^53 − 1)` };
  }
  ms = Math.round(ms * 1000) / 1000;
  if (Object.is(ms, -0)) ms = 0;
  if (ms < 0 && !options.allowNegative) return { ok: false, expected: 'a non-negative duration' };
  return { ok: true, ms };
}

function parseText(text: string): number | undefined {
  let rest = text.trim();
  let sign = 1;
  if (rest.startsWith('-')) {
    sign = -1;
    rest = rest.slice(1).trimStart();
  }
  if (rest === '') return undefined;
  if (NUMBER.test(rest)) return sign * Number(rest);
  let total = 0;
  let lastFactor = Infinity;
  while (rest.length > 0) {
    const match = TERM.exec(rest);
    if (!match) return undefined;
    const factor = DURATION_UNITS.find(([u]) => u === match[2])![1];
    // Units of a compound go from large to small, each once: "1m30s", not "30s1m" or "1s1s".
    if (factor >= lastFactor) return undefined;
    lastFactor = factor;
    total += Number(match[1]) * factor;
    rest = rest.slice(match[0].length).trimStart();
  }
  return sign * total;
}

/** Thrown by {@link parseDuration}; `message` reads `expected …, found …`. */
export class DurationError extends Error {
  constructor(
    /** What was expected, e.g. `a non-negative duration`. */
    readonly expected: string,
    /** The value that was given. */
    readonly value: unknown
  ) {
    super(`expected ${expected}, found ${describeValue(value)}`);
    this.name = 'DurationError';
  }
}

/**
 * Parse a duration.
 *
 * @param value - `"250ms"`, `"5s"`, `"2m"`, `"1h"`, `"1.5s"`, `"1m30s"`, or a non-negative
 *   number of ms.
 * @param options - see {@link ParseDurationOptions} (negative durations only when allowed).
 * @returns the duration in ms.
 * @throws {@link DurationError} when the value is not a duration.
 */
export function parseDuration(value: unknown, options: ParseDurationOptions = {}): number {
  const result = tryParseDuration(value, options);
  if (!result.ok) throw new DurationError(result.expected, value);
  return result.ms;
}

/**
 * Format a duration in ms for display, in the largest unit that shows it exactly with at most
 * three decimals: 1500 → `"1.5s"`, 180000 → `"3m"`, 250 → `"250ms"`, 61000 → `"61s"`,
 * -2000 → `"-2s"`. The result parses back to the same number with {@link parseDuration}.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  for (const [unit, factor] of DURATION_UNITS) {
    if (abs < factor && unit !== 'ms') continue;
    const amount = abs / factor;
    const rounded = Math.round(amount * 1000) / 1000;
    if (Math.abs(rounded - amount) < 1e-9 || unit === 'ms') {
      return `${sign}${formatAmount(rounded)}${unit}`;
    }
  }
  return `${ms}ms`;
}

function formatAmount(amount: number): string {
  return Number.isInteger(amount) ? String(amount) : String(Number(amount.toFixed(3)));
}
