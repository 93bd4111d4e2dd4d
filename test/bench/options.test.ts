/**
 * The options of the benchmark scripts: checked like the CLI's, a bad one is exit 2 in one line.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { durationOption, integerOption, OptionError } from '../../bench/options';

const root = path.resolve(__dirname, '../..');

describe('benchmark script options', () => {
  it('should take integers within their range', () => {
    expect(integerOption('--runs', '250', 1, 1000)).toBe(250);
    expect(() => integerOption('--runs', 'abc', 1, 1000)).toThrow(
      new OptionError('--runs: expected an integer from 1 to 1000, found "abc"')
    );
    expect(() => integerOption('--runs', '0', 1, 1000)).toThrow(/found "0"/);
    expect(() => integerOption('--runs', '1.5', 1, 1000)).toThrow(/found "1\.5"/);
  });

  it('should take durations with a unit or as a number of ms, with a floor', () => {
    expect(durationOption('--duration', '60s', 30_000)).toBe(60_000);
    expect(durationOption('--duration', '45000', 30_000)).toBe(45_000);
    expect(() => durationOption('--duration', '10s', 30_000)).toThrow(
      '--duration: expected at least 30000 ms, found 10000 ms'
    );
    expect(() => durationOption('--duration', 'soon', 30_000)).toThrow(/^--duration: expected/);
  });

  it('should make the soak exit 2 in one line for --runs abc, before running anything', () => {
    const result = spawnSync(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        path.join(root, 'bench', 'soak.ts'),
        '--runs',
        'abc'
      ],
      { cwd: root, encoding: 'utf8' }
    );
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'soak: --runs: expected an integer from 1 to 10000000, found "abc"; see \'npm run soak -- --help\'\n'
    );
  });
});
