/**
 * Durations of scenario files and scripts (SPEC §4.2): `"250ms"`, `"5s"`, `"2m"`, `"1h"` (decimals
 * such as `"1.5s"` too) or a number of milliseconds. Once parsed, every duration is a number of ms.
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

const PATTERN = /^\s*(-?)(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h)\s*$/;

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
 * @param value - a string with a unit (`"1.5s"`) or a finite number of ms.
 * @param options - see {@link ParseDurationOptions}.
 * @returns the duration in ms (rounded to the microsecond), or the phrase of what was expected.
 */
export function tryParseDuration(
  value: unknown,
  options: ParseDurationOptions = {}
): DurationResult {
  let ms: number;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, expected: DURATION_FORMS };
    ms = value;
  } else if (typeof value === 'string') {
    const match = PATTERN.exec(value);
    if (!match) return { ok: false, expected: DURATION_FORMS };
    const [, sign, amount, unit] = match;
    const factor = DURATION_UNITS.find(([u]) => u === unit)![1];
    ms = (sign === '-' ? -1 : 1) * Number(amount) * factor;
  } else {
    return { ok: false, expected: DURATION_FORMS };
  }
  ms = Math.round(ms * 1000) / 1000;
  if (Object.is(ms, -0)) ms = 0;
  if (ms < 0 && !options.allowNegative) return { ok: false, expected: 'a non-negative duration' };
  return { ok: true, ms };
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
 * @param value - `"250ms"`, `"5s"`, `"2m"`, `"1h"`, `"1.5s"`, or a non-negative number of ms.
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
