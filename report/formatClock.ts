/**
 * Simulated instants as the terminal report shows them: seconds with milliseconds, `35.012s`.
 */

/** Format a simulated time in ms as seconds with three decimals: 35012 → `35.012s`. */
export function formatClock(ms: number): string {
  return `${(ms / 1000).toFixed(3)}s`;
}
