/**
 * Field schemas of the scenario file, each failing with a one-line `expected <what>, found <what>`
 * message (the issue path names the field).
 */
import { z } from 'zod';
import { CONTROL_CHARACTERS, closestWord, describeValue } from './describeValue';
import { formatDuration, tryParseDuration } from './durations';
import { MAX_SIMULATED_MS } from './scenarioLimits';

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
  /** Smallest duration accepted (ms), e.g. a floor on a timer interval. */
  min?: number;
  /** Largest duration accepted (ms, absolute value); default a simulated year. */
  max?: number;
}

/** A duration (see {@link tryParseDuration}) parsed to ms: non-negative unless `kind` says otherwise. */
export function duration(kind: DurationKind = {}) {
  const max = kind.max ?? MAX_SIMULATED_MS;
  const schema = z.unknown().transform((value, ctx): number => {
    const fail = (message: string) => {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    };
    const result = tryParseDuration(value, { allowNegative: kind.allowNegative });
    if (!result.ok) {
      const expected =
        result.expected === 'a non-negative duration' ? describeKind(kind) : result.expected;
      return fail(`expected ${expected}, found ${describeValue(value)}`);
    }
    if (kind.positive && result.ms <= 0) {
      return fail(`expected ${describeKind(kind)}, found ${formatDuration(result.ms)}`);
    }
    if (kind.min !== undefined && result.ms < kind.min) {
      return fail(
        `expected a duration of at least ${formatDuration(kind.min)}, found ${formatDuration(result.ms)}`
      );
    }
    if (Math.abs(result.ms) > max) {
      return fail(
        `expected a duration of at most ${describeMax(max)}, found ${describeValue(value)}`
      );
    }
    return result.ms;
  });
  DURATION_SCHEMAS.add(schema);
  return schema;
}

/** Every duration field's schema (the JSON Schema shows them as strings or numbers of ms). */
export const DURATION_SCHEMAS = new WeakSet<object>();

function describeMax(max: number): string {
  return max === MAX_SIMULATED_MS
    ? `${formatDuration(max)} (a simulated year)`
    : formatDuration(max);
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

/** A finite number from 0 to `max`. */
export function nonNegativeNumber(max = Number.MAX_VALUE) {
  const error = expecting(
    max === Number.MAX_VALUE ? 'a non-negative number' : `a number from 0 to ${max}`
  );
  return z.number({ error }).min(0, { error }).max(max, { error });
}

/** A number from 0 to 1. */
export function probability() {
  const error = expecting('a probability from 0 to 1');
  return z.number({ error }).min(0, { error }).max(1, { error });
}

/** A list of at most `max` items. */
export function list<T extends z.ZodType>(item: T, what: string, max: number) {
  const error = expecting(`${what} (at most ${max})`);
  return z.array(item, { error: expecting(what) }).max(max, { error });
}

/** `true` or `false`. */
export function bool() {
  return z.boolean({ error: expecting('true or false') });
}

/** A string of at most `max` characters without control characters (tab and newline allowed). */
export function text(what = 'a string', max = 200) {
  const error = expecting(`${what} (at most ${max} characters, no control characters)`);
  return z
    .string({ error: expecting(what) })
    .max(max, { error })
    .refine((value) => !CONTROL_CHARACTERS.test(value.replace(/[\t\n]/g, ' ')), { error });
}

/** A non-empty single-line string of at most `max` characters without control characters. */
export function singleLine(what: string, max = 200) {
  const error = expecting(`${what} (at most ${max} characters, no control characters)`);
  return z
    .string({ error: expecting(what) })
    .min(1, { error: expecting(what) })
    .max(max, { error })
    .refine((value) => !CONTROL_CHARACTERS.test(value), { error });
}
