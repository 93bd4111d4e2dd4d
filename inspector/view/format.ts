/** Formatting shared by the inspector page and the HTML report. */

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

/** Parse `120s`, `2m`, `1m30s`, `95.5` (seconds) or `1500ms` into ms; null when unreadable. */
export function parseTime(text: string): number | null {
  const s = text.trim().toLowerCase();
  if (s === '') return null;
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  let total = 0;
  let rest = s;
  const re = /^(\d+(?:\.\d+)?)(ms|s|m|h)/;
  while (rest.length > 0) {
    const m = re.exec(rest);
    if (!m) return null;
    const n = Number(m[1]);
    total +=
      m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n * 3_600_000;
    rest = rest.slice(m[0].length);
  }
  return Math.round(total);
}
