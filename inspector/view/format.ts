/** Formatting shared by the inspector page and the HTML report. */
import { tryParseDuration } from '../../model/durations';

/** `35.012s` (three decimals), the terminal report's clock. */
export function clock(ms: number): string {
  return `${(ms / 1000).toFixed(3)}s`;
}

/** `2m05s`, `45s`, `1.5s`: a short axis label. */
export function shortTime(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return Number.isInteger(s) ? `${s}s` : `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  const rest = Math.round(s - m * 60);
  return rest === 0 ? `${m}m` : `${m}m${String(rest).padStart(2, '0')}s`;
}

/** Escape text for HTML and SVG. */
export function esc(text: unknown): string {
  return String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Parse a time typed in the page with the one duration parser of mirrorbeat (the same as the
 * command line's and the scenario files'): `120s`, `2m`, `1m30s`, `1500ms`, or a number of ms;
 * null when unreadable.
 */
export function parseTime(text: string): number | null {
  const result = tryParseDuration(text);
  return result.ok ? Math.round(result.ms) : null;
}
