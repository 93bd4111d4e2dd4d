/**
 * Sweeps: grid files checked before anything runs, cells and seed-drawn fault phases, the same
 * figures for any number of workers, and the statistics (Wilson and order-statistic intervals).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_TOPOLOGY, resolveConfig } from '../../model/config';
import { cellMetrics } from '../../explore/cellMetrics';
import { sweepScenario, sweepTotal, runSweepBatch } from '../../explore/sweep';
import { loadSweep, validateSweep } from '../../explore/sweepFile';
import { summarizeSweep, sweepPlots } from '../../explore/sweepOutput';
import { runSweep } from '../../explore/sweepRun';
import { createWorkerPool } from '../../explore/workerPool';
import { inProcessExecutor } from '../../explore/workerTasks';
import { distribution, quantile, wilson } from '../../explore/sweepStats';
import type { RunReport } from '../../model/scenario';
import { captureCli } from './captureCli';

jest.setTimeout(120_000);

const tiny = {
  name: 'tiny',
  seeds: 3,
  duration: '40s',
  grid: { 'heartbeat.method': ['network', 'both'], 'heartbeat.timeout': ['3s', '5s'] },
  faults: ['crash', 'partition']
};

describe('sweep files', () => {
  it('should expand the grid into cells, faults outermost, last key fastest', () => {
    const spec = validateSweep(tiny, 'tiny.yaml');
    expect(spec.cells).toHaveLength(8);
    expect(
      spec.cells.map((c) => [c.fault, c.values['heartbeat.method'], c.values['heartbeat.timeout']])
    ).toEqual([
      ['crash', 'network', '3s'],
      ['crash', 'network', '5s'],
      ['crash', 'both', '3s'],
      ['crash', 'both', '5s'],
      ['partition', 'network', '3s'],
      ['partition', 'network', '5s'],
      ['partition', 'both', '3s'],
      ['partition', 'both', '5s']
    ]);
    expect(spec.cells[1].base.config.heartbeat).toEqual({ method: 'network', timeout: 5000 });
    expect(sweepTotal(spec)).toBe(24);
  });

  it.each([
    [
      { ...tiny, grid: { 'heartbeat.timeout': ['3s', 'soon'] } },
      /^s\.yaml: grid\.heartbeat\.timeout\[1\]: expected /
    ],
    [
      { ...tiny, grid: { 'heartbeat.method': ['smoke'] } },
      /^s\.yaml: grid\.heartbeat\.method\[0\]: expected one of/
    ],
    [
      { ...tiny, grid: { 'heartbeat.timeout': ['500ms'] } },
      /^s\.yaml: grid\.heartbeat\.timeout\[0\]: expected .*interval/
    ],
    [{ ...tiny, faults: ['meteor'] }, /^s\.yaml: faults\[0\]: expected one of crash, /],
    [{ ...tiny, seeds: 0 }, /^s\.yaml: seeds: expected an integer from 1 to 100000, found 0$/],
    [{ ...tiny, colour: 'red' }, /^s\.yaml: colour: expected one of name, /]
  ])('should refuse %j with one line naming the field', (raw, message) => {
    expect(() => validateSweep(raw, 's.yaml')).toThrow(message);
  });

  it('should load the built-in sweeps', () => {
    const methods = loadSweep('methods');
    expect(methods.keys).toEqual(['heartbeat.method', 'heartbeat.timeout', 'network.loss']);
    expect(methods.cells.length).toBe(3 * 3 * 2 * 7);
    expect(
      loadSweep('async-loss').cells.every((c) => c.base.config.remoteCopy?.mode === 'async')
    ).toBe(true);
  });

  it('should place the fault at a seed-drawn phase within one heartbeat interval, the same seeds in every cell', () => {
    const spec = validateSweep({ ...tiny, seeds: 40 }, 't');
    const times = Array.from({ length: 40 }, (_, i) => sweepScenario(spec, i).faultAtMs);
    for (const t of times) expect(t >= 20_000 && t <= 21_000).toBe(true);
    expect(new Set(times).size).toBeGreaterThan(30);
    // Cell 1 (another timeout) draws the same seeds, hence the same phases.
    expect(sweepScenario(spec, 40 + 7).scenario.seed).toBe(sweepScenario(spec, 7).scenario.seed);
    expect(sweepScenario(spec, 7).scenario.faults).toEqual([
      { at: times[7], action: 'crash', target: 'prod-1' }
    ]);
  });
});

describe('running a sweep', () => {
  it('should give the same summary for 1, 2 and 3 workers and any batch size', async () => {
    const spec = validateSweep(tiny, 'tiny');
    const one = summarizeSweep(spec, await runSweep(spec, inProcessExecutor()));
    for (const [workers, batchSize] of [
      [2, 5],
      [3, 2]
    ]) {
      const pool = createWorkerPool(workers);
      try {
        expect(summarizeSweep(spec, await runSweep(spec, pool, { batchSize }))).toEqual(one);
      } finally {
        await pool.close();
      }
    }
    // A crash is detected in every run; a partition under `both` is not taken for a failure.
    expect(one.cells[0].declared.count).toBe(3);
    expect(one.cells[0].detection!.max).toBeLessThanOrEqual(3000 + 1000);
    expect(one.cells[6].falseFailover.count).toBe(0);
    expect(one.cells[4].falseFailover.count).toBe(3);
  });

  it('should write the table, CSV, JSON and an HTML report with inline SVG plots', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mirrorbeat-sweep-'));
    try {
      const file = path.join(dir, 'tiny.json');
      writeFileSync(file, JSON.stringify(tiny));
      const csv = path.join(dir, 'o.csv');
      const html = path.join(dir, 'o.html');
      const { code, stdout } = await captureCli([
        'sweep',
        file,
        '--workers',
        '1',
        '--csv',
        csv,
        '--html',
        html
      ]);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^mirrorbeat sweep tiny: 8 cells × 3 seeds = 24 runs in/);
      const rows = readFileSync(csv, 'utf8').trim().split('\n');
      expect(rows).toHaveLength(9);
      expect(rows[0]).toMatch(/^cell,fault,heartbeat\.method,heartbeat\.timeout,runs,declared,/);
      const page = readFileSync(html, 'utf8');
      expect(page.match(/<svg /g)).toHaveLength(2);
      expect(page).toContain('Detection time after a real failure (CDF)');
      expect(page).toContain('False-failover rate against the timeout');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should plot lost writes against link latency for an asynchronous copy', () => {
    const spec = validateSweep(
      {
        name: 'a',
        seeds: 1,
        duration: '40s',
        config: { remoteCopy: { mode: 'async' } },
        grid: { 'remoteCopy.latency': ['2ms', '50ms'] },
        faults: ['disaster']
      },
      'a'
    );
    const plots = sweepPlots(spec, [runSweepBatch(spec, 0, sweepTotal(spec))]);
    expect(plots.lostWrites).toContain('Writes lost with an asynchronous copy');
    expect(plots.falseFailover).toBeNull();
  });
});

describe('cell metrics', () => {
  const report = (outcome: object): RunReport => ({
    scenario: 's',
    seed: 1,
    simulatedMs: 60_000,
    version: '0.0.0',
    ok: true,
    config: { ...resolveConfig(), topology: DEFAULT_TOPOLOGY },
    groups: [],
    outcome: {
      failover: { happened: true, declaredAtMs: 25_000, completedAtMs: 26_000 },
      firstFaultMs: 20_400,
      failureOnsetMs: 20_400,
      detectionMs: 4_600,
      failoverMs: 5_600,
      unavailableMs: 5_700,
      falseFailover: false,
      splitBrain: false,
      divergentWrites: 0,
      lostWrites: 0,
      ...outcome
    },
    alerts: [],
    invariants: [],
    expectations: [],
    events: 0,
    traceHash: ''
  });

  it('should measure nothing from a run whose fault did not stop production (a false failover)', () => {
    const m = cellMetrics(
      report({
        failureOnsetMs: null,
        detectionMs: null,
        failoverMs: null,
        unavailableMs: 0,
        falseFailover: true
      }),
      { atMs: 30_000, realFailure: false }
    );
    expect(m).toMatchObject({
      declared: true,
      detectionMs: null,
      failoverMs: null,
      unavailableMs: null,
      falseFailover: true
    });
  });

  it('should take the figures measured from the failure onset when the report has them', () => {
    const m = cellMetrics(
      report({
        failureOnsetMs: 21_000,
        detectionMs: 4_000,
        failoverMs: 5_000,
        unavailableMs: 5_200
      }),
      {
        atMs: 20_400,
        realFailure: true
      }
    );
    expect(m).toMatchObject({ detectionMs: 4_000, failoverMs: 5_000, unavailableMs: 5_200 });
  });
});

describe('statistics', () => {
  it('should give Wilson intervals', () => {
    const r = wilson(5, 20);
    expect(r.rate).toBe(0.25);
    expect(r.low).toBeCloseTo(0.1119, 3);
    expect(r.high).toBeCloseTo(0.4687, 3);
    expect(wilson(0, 10).low).toBe(0);
    expect(wilson(0, 10).high).toBeCloseTo(0.2775, 3);
  });

  it('should give order-statistic intervals that widen to nothing when the sample is too small', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    const median = quantile(sorted, 0.5);
    expect(median.value).toBe(50);
    // Binomial(100, 0.5): ranks 40 and 61 bound the median with at least 95 %.
    expect([median.low, median.high]).toEqual([40, 61]);
    const p99 = quantile(sorted.slice(0, 20), 0.99);
    expect(p99.value).toBe(20);
    expect(p99.high).toBeNull();
    const d = distribution([3, 1, 2]);
    expect(d).toMatchObject({ n: 3, mean: 2, max: 3 });
    expect(distribution([])).toBeNull();
  });
});
