import { parseTime } from '../../inspector/view/format';
import {
  DurationError,
  formatDuration,
  parseDuration,
  tryParseDuration
} from '../../model/durations';

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['5s', 5000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1.5s', 1500],
    ['0.25m', 15_000],
    ['.5s', 500],
    ['0s', 0],
    [' 3 s ', 3000],
    ['1.1s', 1100],
    [0, 0],
    [1500, 1500],
    [2.5, 2.5],
    ['95', 95],
    ['1m30s', 90_000],
    ['1h30m', 5_400_000],
    ['1h 2m 3s 4ms', 3_723_004],
    ['2.5m10s', 160_000]
  ])('should parse %j as %d ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it('should accept a negative duration only when allowed', () => {
    expect(parseDuration('-2s', { allowNegative: true })).toBe(-2000);
    expect(parseDuration(-250, { allowNegative: true })).toBe(-250);
    expect(() => parseDuration('-2s')).toThrow('expected a non-negative duration, found "-2s"');
    expect(() => parseDuration(-1)).toThrow('expected a non-negative duration, found -1');
  });

  it.each([
    ['5 sec', 'found "5 sec"'],
    ['30s1m', 'found "30s1m"'],
    ['1s1s', 'found "1s1s"'],
    ['1e3', 'found "1e3"'],
    ['x'.repeat(100_000), `found "${'x'.repeat(59)}…"`],
    ['1d', 'found "1d"'],
    ['s', 'found "s"'],
    ['', 'found ""'],
    [null, 'found null'],
    [undefined, 'found nothing'],
    [true, 'found true'],
    [Number.NaN, 'found NaN'],
    [Number.POSITIVE_INFINITY, 'found Infinity'],
    [{ s: 5 }, 'found an object'],
    [['5s'], 'found a list']
  ])('should reject %p', (input, found) => {
    expect(() => parseDuration(input)).toThrow(DurationError);
    expect(() => parseDuration(input)).toThrow(
      `expected a duration such as "250ms", "5s", "2m", "1h" or a number of ms, ${found}`
    );
  });

  it.each([1e308, 2 ** 53, '99999999999999999999h', `${2 ** 53}`])(
    'should reject %p as beyond 2^53 ms',
    (input) => {
      expect(tryParseDuration(input)).toEqual({
        ok: false,
        expected: 'a duration of at most 9007199254740991 ms (2^53 − 1)'
      });
    }
  );

  it('should accept 2^53 − 1 ms, the largest exact duration', () => {
    expect(parseDuration(Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('should report what was expected without throwing through tryParseDuration', () => {
    expect(tryParseDuration('3m')).toEqual({ ok: true, ms: 180_000 });
    expect(tryParseDuration('-3m')).toEqual({ ok: false, expected: 'a non-negative duration' });
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [250, '250ms'],
    [1000, '1s'],
    [1500, '1.5s'],
    [35_012, '35.012s'],
    [61_000, '61s'],
    [90_000, '1.5m'],
    [180_000, '3m'],
    [3_600_000, '1h'],
    [86_400_000, '24h'],
    [-2000, '-2s'],
    [0.5, '0.5ms']
  ])('should format %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('should round-trip through parseDuration', () => {
    for (const ms of [1, 999, 1001, 12_345, 59_999, 60_001, 3_599_999, 7_200_000, 123_456_789]) {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }
  });
});

describe('one duration parser everywhere', () => {
  it('should read the inspector jump box as the command line and files do', () => {
    for (const text of ['95', '95s', '1m30s', '1500ms', '2m']) {
      expect(parseTime(text)).toBe(parseDuration(text));
    }
    expect(parseTime('soon')).toBeNull();
  });
});
