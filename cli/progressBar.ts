/**
 * A progress bar on stderr (drawn only when stderr is a terminal): done/total, the rate, and the
 * time remaining at that rate. Wall-clock time only; nothing here touches a simulation.
 */
import type { CliDeps } from './cliDeps';

/** A progress bar. */
export interface ProgressBar {
  update(done: number, total: number, failing?: number): void;
  done(): void;
}

/** A progress bar for `unit` (e.g. `schedules`), or undefined when stderr is not a terminal. */
export function progressBar(
  deps: CliDeps,
  unit: string,
  now: () => number = () => performance.now()
): ProgressBar | undefined {
  if (!deps.errIsTTY) return undefined;
  const started = now();
  let lastDrawn = -Infinity;
  const width = 30;
  return {
    update(done, total, failing) {
      const t = now();
      if (t - lastDrawn < 100 && done !== total) return;
      lastDrawn = t;
      const filled = Math.round((done / Math.max(1, total)) * width);
      const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
      const seconds = (t - started) / 1000;
      const rate = seconds > 0 ? done / seconds : 0;
      const eta = rate > 0 ? formatSeconds((total - done) / rate) : '?';
      const failed = failing === undefined ? '' : `, ${failing} failing`;
      deps.err(`\r${bar} ${done}/${total} ${unit}${failed}, ${rate.toFixed(1)}/s, ${eta} left  `);
    },
    done() {
      deps.err('\n');
    }
  };
}

/** `75` → `1m15s`. */
export function formatSeconds(s: number): string {
  const total = Math.max(0, Math.round(s));
  const m = Math.floor(total / 60);
  return m > 0 ? `${m}m${String(total % 60).padStart(2, '0')}s` : `${total}s`;
}
