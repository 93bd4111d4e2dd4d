/**
 * A sweep's results: per cell (configuration values × fault kind) the detection distribution
 * (p50/p90/p99/max with order-statistic intervals), the rates of declaration, completed failover,
 * false failover and split brain (Wilson intervals), lost writes and unavailability — as a text
 * table, CSV, JSON, and a self-contained HTML report with inline SVG plots.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CliDeps } from '../cli/cliDeps';
import { tryParseDuration } from '../model/durations';
import {
  REAL_FAILURES,
  type SweepBatchResult,
  type SweepCell,
  type SweepRun,
  type SweepSpec
} from './sweep';
import { distribution, wilson, type Distribution, type Rate } from './sweepStats';

/** The figures of one cell. */
export interface CellSummary {
  index: number;
  fault: string;
  values: SweepCell['values'];
  runs: number;
  declared: Rate;
  failedOver: Rate;
  /** Detection (onset → declaration), ms, over the runs that declared. */
  detection: Distribution | null;
  falseFailover: Rate;
  splitBrain: Rate;
  lostWrites: { total: number; mean: number; max: number; runsWithLoss: Rate };
  /** Unavailability, ms, over the runs where it was measured. */
  unavailable: Distribution | null;
}

/** The whole sweep summarised (the same for any number of workers or shards). */
export interface SweepSummary {
  name: string;
  seed: number;
  seedsPerCell: number;
  keys: string[];
  runs: number;
  cells: CellSummary[];
}

/** Summarise the runs of a sweep (batches in any order). */
export function summarizeSweep(
  spec: SweepSpec,
  batches: readonly SweepBatchResult[]
): SweepSummary {
  const byCell = new Map<number, SweepRun[]>();
  const ordered = [...batches].sort((a, b) => a.from - b.from);
  for (const b of ordered)
    for (const r of b.runs) (byCell.get(r.cell) ?? byCell.set(r.cell, []).get(r.cell)!).push(r);
  const cells = spec.cells.map((cell): CellSummary => {
    const runs = byCell.get(cell.index) ?? [];
    const n = runs.length;
    const count = (f: (r: SweepRun) => boolean) => runs.filter(f).length;
    const lost = runs.map((r) => r.lostWrites);
    const lostTotal = lost.reduce((t, v) => t + v, 0);
    return {
      index: cell.index,
      fault: cell.fault,
      values: cell.values,
      runs: n,
      declared: wilson(
        count((r) => r.declared),
        n
      ),
      failedOver: wilson(
        count((r) => r.failoverMs !== null),
        n
      ),
      detection: distribution(runs.flatMap((r) => (r.detectionMs === null ? [] : [r.detectionMs]))),
      falseFailover: wilson(
        count((r) => r.falseFailover),
        n
      ),
      splitBrain: wilson(
        count((r) => r.splitBrain),
        n
      ),
      lostWrites: {
        total: lostTotal,
        mean: n > 0 ? lostTotal / n : 0,
        max: lost.length > 0 ? Math.max(...lost) : 0,
        runsWithLoss: wilson(
          count((r) => r.lostWrites > 0),
          n
        )
      },
      unavailable: distribution(
        runs.flatMap((r) => (r.unavailableMs === null ? [] : [r.unavailableMs]))
      )
    };
  });
  return {
    name: spec.name,
    seed: spec.seed,
    seedsPerCell: spec.seeds,
    keys: spec.keys,
    runs: ordered.reduce((t, b) => t + b.runs.length, 0),
    cells
  };
}

const ms = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${Math.round(v)}`;
const pct = (r: Rate) =>
  `${(r.rate * 100).toFixed(1)}% [${(r.low * 100).toFixed(1)}–${(r.high * 100).toFixed(1)}]`;

/** The cell table as text (one line per cell). */
export function renderSweepTable(summary: SweepSummary): string {
  const head = [
    'cell',
    'fault',
    ...summary.keys.map((k) => k.split('.')[1]),
    'declared',
    'detect p50',
    'p90',
    'p99',
    'max',
    'false failover [95% CI]',
    'split brain',
    'lost writes mean/max',
    'unavail. p50'
  ];
  const rows = summary.cells.map((c) => [
    String(c.index),
    c.fault,
    ...summary.keys.map((k) => String(c.values[k])),
    `${c.declared.count}/${c.runs}`,
    ms(c.detection?.p50.value),
    ms(c.detection?.p90.value),
    ms(c.detection?.p99.value),
    ms(c.detection?.max),
    pct(c.falseFailover),
    String(c.splitBrain.count),
    `${c.lostWrites.mean.toFixed(1)}/${c.lostWrites.max}`,
    ms(c.unavailable?.p50.value)
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((v, i) => v.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

/** The cell table as CSV. */
export function renderSweepCsv(summary: SweepSummary): string {
  const q = (d: Distribution | null, key: 'p50' | 'p90' | 'p99') =>
    d ? [d[key].value, d[key].low ?? '', d[key].high ?? ''] : ['', '', ''];
  const rate = (r: Rate) => [r.count, r.rate.toFixed(4), r.low.toFixed(4), r.high.toFixed(4)];
  const header = [
    'cell',
    'fault',
    ...summary.keys,
    'runs',
    ...['declared', 'declared_rate', 'declared_low', 'declared_high'],
    ...['failed_over', 'failed_over_rate', 'failed_over_low', 'failed_over_high'],
    'detection_n',
    ...['detection_p50_ms', 'detection_p50_low', 'detection_p50_high'],
    ...['detection_p90_ms', 'detection_p90_low', 'detection_p90_high'],
    ...['detection_p99_ms', 'detection_p99_low', 'detection_p99_high'],
    'detection_max_ms',
    ...['false_failovers', 'false_failover_rate', 'false_failover_low', 'false_failover_high'],
    ...['split_brains', 'split_brain_rate', 'split_brain_low', 'split_brain_high'],
    'lost_writes_total',
    'lost_writes_mean',
    'lost_writes_max',
    'unavailable_n',
    ...['unavailable_p50_ms', 'unavailable_p50_low', 'unavailable_p50_high'],
    ...['unavailable_p90_ms', 'unavailable_p90_low', 'unavailable_p90_high'],
    'unavailable_max_ms'
  ];
  const rows = summary.cells.map((c) => [
    c.index,
    c.fault,
    ...summary.keys.map((k) => c.values[k]),
    c.runs,
    ...rate(c.declared),
    ...rate(c.failedOver),
    c.detection?.n ?? 0,
    ...q(c.detection, 'p50'),
    ...q(c.detection, 'p90'),
    ...q(c.detection, 'p99'),
    c.detection?.max ?? '',
    ...rate(c.falseFailover),
    ...rate(c.splitBrain),
    c.lostWrites.total,
    c.lostWrites.mean.toFixed(3),
    c.lostWrites.max,
    c.unavailable?.n ?? 0,
    ...q(c.unavailable, 'p50'),
    ...q(c.unavailable, 'p90'),
    c.unavailable?.max ?? ''
  ]);
  const cell = (v: unknown) => {
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Plots (inline SVG, no library).

interface Series {
  name: string;
  points: [number, number][];
  step?: boolean;
}

const COLOURS = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#ff7f0e',
  '#8c564b',
  '#e377c2',
  '#17becf'
];

/** A line chart. */
export function svgChart(options: {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  yMax?: number;
  /** Left end of the x axis (default the smallest x). */
  xMin?: number;
}): string {
  const W = 640;
  const H = 360;
  const L = 64;
  const R = 200;
  const T = 36;
  const B = 48;
  const all = options.series.flatMap((s) => s.points);
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const x0 = options.xMin ?? (xs.length ? Math.min(...xs) : 0);
  const x1 = xs.length ? Math.max(...xs) : 1;
  const y1 = options.yMax ?? niceCeiling(ys.length ? Math.max(...ys) : 1);
  const sx = (x: number) => L + ((x - x0) / (x1 - x0 || 1)) * (W - L - R);
  const sy = (y: number) => H - B - (y / y1) * (H - T - B);
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const ticks = (a: number, b: number) =>
    Array.from({ length: 5 }, (_, i) => a + ((b - a) * i) / 4);
  const fmt = (v: number) =>
    Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(1) : v.toFixed(2);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2 - R / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${esc(options.title)}</text>`,
    `<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="#333"/>`,
    `<line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="#333"/>`,
    ...ticks(x0, x1).map(
      (x) =>
        `<line x1="${sx(x)}" y1="${H - B}" x2="${sx(x)}" y2="${H - B + 4}" stroke="#333"/><text x="${sx(x)}" y="${H - B + 16}" text-anchor="middle">${fmt(x)}</text>`
    ),
    ...ticks(0, y1).map(
      (y) =>
        `<line x1="${L - 4}" y1="${sy(y)}" x2="${W - R}" y2="${sy(y)}" stroke="#eee"/><text x="${L - 6}" y="${sy(y) + 4}" text-anchor="end">${fmt(y)}</text>`
    ),
    `<text x="${(L + W - R) / 2}" y="${H - 10}" text-anchor="middle">${esc(options.xLabel)}</text>`,
    `<text x="14" y="${(T + H - B) / 2}" text-anchor="middle" transform="rotate(-90 14 ${(T + H - B) / 2})">${esc(options.yLabel)}</text>`
  ];
  options.series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const pts: [number, number][] = [];
    s.points.forEach(([x, y], k) => {
      if (s.step && k > 0) pts.push([x, s.points[k - 1][1]]);
      pts.push([x, y]);
    });
    const d = pts
      .map(([x, y], k) => `${k === 0 ? 'M' : 'L'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`)
      .join('');
    parts.push(`<path d="${d}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    if (!s.step) {
      for (const [x, y] of s.points)
        parts.push(
          `<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="3" fill="${colour}"/>`
        );
    }
    const ly = T + 10 + i * 18;
    parts.push(
      `<line x1="${W - R + 12}" y1="${ly}" x2="${W - R + 32}" y2="${ly}" stroke="${colour}" stroke-width="2"/><text x="${W - R + 38}" y="${ly + 4}">${esc(s.name)}</text>`
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** The smallest 1, 2 or 5 × 10^k at or above `v` (1 for nothing to show). */
function niceCeiling(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return ([1, 2, 5, 10].find((m) => m * p >= v) ?? 10) * p;
}

/** A grid value as a number (durations in ms). */
function numeric(v: string | number | boolean): number {
  if (typeof v === 'number') return v;
  const d = tryParseDuration(v);
  return d.ok ? d.ms : NaN;
}

const METHOD_KEY = 'heartbeat.method';

/** The three plots of a sweep (each null when the grid has not the axes it needs). */
export function sweepPlots(
  spec: SweepSpec,
  batches: readonly SweepBatchResult[]
): {
  detectionCdf: string | null;
  falseFailover: string | null;
  lostWrites: string | null;
} {
  const runs = batches.flatMap((b) => b.runs);
  const cellOf = (r: SweepRun) => spec.cells[r.cell];
  const group = (c: SweepCell, keys: string[]) =>
    keys.map((k) => `${k.split('.')[1]}=${c.values[k]}`).join(' ') || 'all';
  const methodKeys = spec.keys.includes(METHOD_KEY) ? [METHOD_KEY] : [];

  // 1. Detection CDF per method, over the real failures, pooled over the other grid values.
  const byMethod = new Map<string, number[]>();
  for (const r of runs) {
    const c = cellOf(r);
    if (!REAL_FAILURES.includes(c.fault) || r.detectionMs === null) continue;
    const g = group(c, methodKeys);
    (byMethod.get(g) ?? byMethod.set(g, []).get(g)!).push(r.detectionMs / 1000);
  }
  const detectionCdf =
    byMethod.size === 0
      ? null
      : svgChart({
          title: 'Detection time after a real failure (CDF)',
          xLabel: 'failure onset → failure declared (s)',
          yLabel: 'fraction of runs',
          yMax: 1,
          xMin: 0,
          series: [...byMethod].map(([name, values]) => {
            const sorted = values.sort((a, b) => a - b);
            return {
              name,
              step: true,
              points: sorted.map((v, i): [number, number] => [v, (i + 1) / sorted.length])
            };
          })
        });

  // 2. False-failover rate against the timeout, one line per method and loss.
  const timeoutKey = 'heartbeat.timeout';
  const lossKey = 'network.loss';
  let falseFailover: string | null = null;
  if (spec.keys.includes(timeoutKey)) {
    const lineKeys = [...methodKeys, ...(spec.keys.includes(lossKey) ? [lossKey] : [])];
    const acc = new Map<string, Map<number, [number, number]>>();
    for (const r of runs) {
      const c = cellOf(r);
      const g = group(c, lineKeys);
      const x = numeric(c.values[timeoutKey]) / 1000;
      const line = acc.get(g) ?? acc.set(g, new Map()).get(g)!;
      const [k, n] = line.get(x) ?? [0, 0];
      line.set(x, [k + (r.falseFailover ? 1 : 0), n + 1]);
    }
    falseFailover = svgChart({
      title: 'False-failover rate against the timeout',
      xLabel: 'heartbeat timeout (s)',
      yLabel: 'false failovers per run (%)',
      series: [...acc].map(([name, line]) => ({
        name,
        points: [...line]
          .sort((a, b) => a[0] - b[0])
          .map(([x, [k, n]]): [number, number] => [x, (100 * k) / n])
      }))
    });
  }

  // 3. Lost writes against the link latency, for asynchronous copy.
  const latencyKey = 'remoteCopy.latency';
  let lostWrites: string | null = null;
  if (spec.keys.includes(latencyKey)) {
    const acc = new Map<string, Map<number, [number, number]>>();
    for (const r of runs) {
      const c = cellOf(r);
      if ((c.base.config.remoteCopy?.mode ?? 'sync') !== 'async') continue;
      const g = c.fault;
      const x = numeric(c.values[latencyKey]);
      const line = acc.get(g) ?? acc.set(g, new Map()).get(g)!;
      const [t, n] = line.get(x) ?? [0, 0];
      line.set(x, [t + r.lostWrites, n + 1]);
    }
    if (acc.size > 0) {
      lostWrites = svgChart({
        title: 'Writes lost with an asynchronous copy',
        xLabel: 'remote-copy link latency (ms)',
        yLabel: 'lost writes per run (mean)',
        xMin: 0,
        series: [...acc].map(([name, line]) => ({
          name,
          points: [...line]
            .sort((a, b) => a[0] - b[0])
            .map(([x, [t, n]]): [number, number] => [x, t / n])
        }))
      });
    }
  }
  return { detectionCdf, falseFailover, lostWrites };
}

/** The HTML report: the plots and the table, one self-contained file. */
export function renderSweepHtml(
  summary: SweepSummary,
  plots: ReturnType<typeof sweepPlots>
): string {
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const figures = [plots.detectionCdf, plots.falseFailover, plots.lostWrites].filter(
    (p): p is string => p !== null
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mirrorbeat sweep ${esc(summary.name)}</title>
<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}th{background:#f4f4f4}figure{display:inline-block;margin:0 1em 1em 0}</style>
</head><body>
<h1>mirrorbeat sweep: ${esc(summary.name)}</h1>
<p>${summary.cells.length} cells × ${summary.seedsPerCell} seeds = ${summary.runs} runs (seed ${summary.seed}). Intervals are 95 %: Wilson for rates, order statistics for quantiles; detection is from the failure onset to the declaration.</p>
${figures.map((f) => `<figure>${f}</figure>`).join('\n')}
<pre>${esc(renderSweepTable(summary))}</pre>
</body></html>
`;
}

/** Output flags of `sweep` and `merge`. */
export interface SweepOutputOptions {
  json?: boolean;
  csv?: string;
  html?: string;
  jsonOut?: string;
  /** Write the plots as SVG files into this directory. */
  svgDir?: string;
}

/** Print a sweep's table (or JSON) and write the files asked for; exit 0. */
export function writeSweepOutputs(
  deps: CliDeps,
  spec: SweepSpec,
  batches: readonly SweepBatchResult[],
  wallMs: number,
  options: SweepOutputOptions
): 0 {
  const summary = summarizeSweep(spec, batches);
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    writeFileSync(file, text);
  };
  const json = JSON.stringify({ ...summary, wallMs: Math.round(wallMs) }, null, 2) + '\n';
  if (options.csv) write(options.csv, renderSweepCsv(summary));
  if (options.jsonOut) write(options.jsonOut, json);
  if (options.html || options.svgDir) {
    const plots = sweepPlots(spec, batches);
    if (options.html) write(options.html, renderSweepHtml(summary, plots));
    if (options.svgDir) {
      for (const [name, svg] of Object.entries(plots)) {
        if (svg) write(path.join(options.svgDir, `${spec.name}-${name}.svg`), svg + '\n');
      }
    }
  }
  if (options.json) deps.out(json);
  else {
    deps.out(
      `mirrorbeat sweep ${spec.name}: ${summary.cells.length} cells × ${spec.seeds} seeds = ${summary.runs} runs in ${(wallMs / 1000).toFixed(1)} s\n` +
        renderSweepTable(summary) +
        '\n'
    );
  }
  return 0;
}
