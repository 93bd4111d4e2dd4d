/** The progress bar of the long commands: only on a terminal, with the rate and the time left. */
import type { CliDeps } from '../../cli/cliDeps';
import { formatSeconds, progressBar } from '../../cli/progressBar';
import { catalogue } from '../../scenarios/catalogue';

const depsWith = (errIsTTY: boolean, err: string[]): CliDeps => ({
  runScenario: () => {
    throw new Error('not used');
  },
  catalogue,
  out: () => undefined,
  err: (t) => err.push(t),
  exit: () => undefined,
  errIsTTY
});

describe('progressBar', () => {
  it('should draw done/total, failures, the rate and the time left on a terminal', () => {
    const err: string[] = [];
    let now = 0;
    const bar = progressBar(depsWith(true, err), 'schedules', () => now)!;
    now = 2000;
    bar.update(10, 40, 1);
    expect(err.pop()).toBe(
      `\r${'█'.repeat(8)}${'░'.repeat(22)} 10/40 schedules, 1 failing, 5.0/s, 6s left  `
    );
    // Redrawn at most every 100 ms, except the last update.
    now = 2050;
    bar.update(11, 40, 1);
    expect(err).toHaveLength(0);
    now = 2060;
    bar.update(40, 40);
    expect(err.pop()).toContain('40/40 schedules, 19.4/s, 0s left');
    bar.done();
    expect(err.pop()).toBe('\n');
  });

  it('should draw nothing when stderr is not a terminal', () => {
    expect(progressBar(depsWith(false, []), 'runs')).toBeUndefined();
  });

  it('should write minutes and seconds', () => {
    expect(formatSeconds(75)).toBe('1m15s');
    expect(formatSeconds(9.6)).toBe('10s');
    expect(formatSeconds(-3)).toBe('0s');
  });
});
