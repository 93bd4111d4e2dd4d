/**
 * The one time format of the terminal report: seconds with three decimals, for instants and
 * durations alike (`35.012s`, `4.720s`, `10.000s`).
 */

/** Format a simulated time or duration in ms as seconds with three decimals: 35012 → `35.012s`. */
export function formatClock(ms: number): string {
  return `${(ms / 1000).toFixed(3)}s`;
}
