/**
 * Terminal styling: ANSI colours when enabled, plain text otherwise.
 */

/** Text styles; each returns its input unchanged when colours are off. */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  magenta(text: string): string;
}

const codes = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
  magenta: [35, 39]
} as const;

/** Create the styles, with ANSI escapes only when `color` is true. */
export function createStyle(color: boolean): Style {
  const wrap =
    (open: number, close: number) =>
    (text: string): string =>
      color ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    bold: wrap(...codes.bold),
    dim: wrap(...codes.dim),
    red: wrap(...codes.red),
    green: wrap(...codes.green),
    yellow: wrap(...codes.yellow),
    cyan: wrap(...codes.cyan),
    magenta: wrap(...codes.magenta)
  };
}

/** Remove ANSI escapes (for measuring and testing). */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
