/**
 * Field schemas of the scenario file, each failing with a one-line `expected <what>, found <what>`
 * message (the issue path names the field).
 */
import { z } from 'zod';
import { closestWord, describeValue } from './describeValue';
import { DURATION_FORMS, formatDuration, tryParseDuration } from './durations';

/** The part of a zod issue an error function reads. */
export interface RawIssue {
  code?: string;
  input?: unknown;
  keys?: string[];
}

/** An error function reading `expected <what>, found <the input>`. */
export function expecting(what: string) {
  return (issue: RawIssue) => `expected ${what}, found ${describeValue(issue.input)}`;
}

/**
 * A strict object: an unknown key fails with the list of known keys (and a "did you mean" hint);
 * a non-object fails with `expected <what>`.
 */
export function strict<T extends z.ZodRawShape>(shape: T, what: string) {
  const keys = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue: RawIssue) => {
      if (issue.code !== 'unrecognized_keys') return expecting(what)(issue);
      const hint = closestWord(issue.keys?.[0] ?? '', keys);
      return `expected one of the keys ${keys.join(', ')}, found an unknown key${didYouMean(hint)}`;
    }
  });
}

/** One of a fixed list of strings (with a "did you mean" hint on a near miss). */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (issue: RawIssue) => {
      const hint = typeof issue.input === 'string' ? closestWord(issue.input, values) : undefined;
      return `expected one of ${values.join(', ')}, found ${describeValue(issue.input)}${didYouMean(hint)}`;
    }
  });
}

/** ` (did you mean "x"?)`, or nothing without a hint. */
export function didYouMean(hint: string | undefined): string {
  return hint === undefined ? '' : ` (did you mean "${hint}"?)`;
}

/** Which durations a field accepts. */
export interface DurationKind {
  allowNegative?: boolean;
  positive?: boolean;
}

/** A duration (see {@link tryParseDuration}) parsed to ms: non-negative unless `kind` says otherwise. */
export function duration(kind: DurationKind = {}) {
  return z.unknown().transform((value, ctx): number => {
    const result = tryParseDuration(value, { allowNegative: kind.allowNegative });
    if (!result.ok) {
      const expected = result.expected === DURATION_FORMS ? result.expected : describeKind(kind);
      ctx.addIssue({
        code: 'custom',
        message: `expected ${expected}, found ${describeValue(value)}`
      });
      return z.NEVER;
    }
    if (kind.positive && result.ms <= 0) {
      ctx.addIssue({
        code: 'custom',
        message: `expected ${describeKind(kind)}, found ${formatDuration(result.ms)}`
      });
      return z.NEVER;
    }
    return result.ms;
  });
}

function describeKind(kind: DurationKind): string {
  if (kind.positive) return 'a duration greater than 0';
  if (kind.allowNegative) return 'a duration (may be negative)';
  return 'a non-negative duration';
}

/** An integer from `min` to `max`. */
export function integer(min: number, max = Number.MAX_SAFE_INTEGER) {
  const what =
    max === Number.MAX_SAFE_INTEGER
      ? `an integer of at least ${min}`
      : `an integer from ${min} to ${max}`;
  const error = expecting(what);
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

/** A finite number ≥ 0. */
export function nonNegativeNumber() {
  const error = expecting('a non-negative number');
  return z.number({ error }).min(0, { error }).max(Number.MAX_VALUE, { error });
}

/** A number from 0 to 1. */
export function probability() {
  const error = expecting('a probability from 0 to 1');
  return z.number({ error }).min(0, { error }).max(1, { error });
}

/** `true` or `false`. */
export function bool() {
  return z.boolean({ error: expecting('true or false') });
}

/** Any string. */
export function text(what = 'a string') {
  const error = expecting(what);
  return z.string({ error });
}

/** A non-empty string without line breaks. */
export function singleLine(what: string) {
  const error = expecting(what);
  return z
    .string({ error })
    .min(1, { error })
    .regex(/^[^\r\n]*$/, { error });
}
