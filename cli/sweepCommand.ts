/**
 * `mirrorbeat sweep <file|name>`: run a declarative grid of configurations × fault kinds, N seeds
 * per cell, and report per cell detection p50/p90/p99/max, false-failover rate, split brains, lost
 * writes and unavailability with confidence intervals — a table on stdout (or `--json`), and
 * `--csv`, `--json-out`, `--html` files and `--svg DIR` plots. Built-in sweeps: `methods` (network
 * vs mirror vs both) and `async-loss`. Takes `--workers`, `--shard i/n` and `--queue`.
 */
import type * as SweepFile from '../explore/sweepFile';
import type * as SweepRun from '../explore/sweepRun';
import type * as SweepModule from '../explore/sweep';
import type * as SweepOutput from '../explore/sweepOutput';
import type * as ExploreRun from '../explore/exploreRun';
import type * as Shards from '../explore/shardLines';
import type { CliDeps } from './cliDeps';
import { EXIT, type ExitCode } from './exitCodes';
import { integer, parseParallelFlags, shardRange, type ParallelFlags } from './parallelFlags';
import { progressBar } from './progressBar';

/** The output flags of `sweep` (and of `merge` for sweep shards). */
export interface SweepOutputFlags {
  csv?: string;
  html?: string;
  jsonOut?: string;
  svg?: string;
}

/** Options of `sweep`, as commander gives them. */
export interface SweepFlags extends SweepOutputFlags, ParallelFlags {
  json?: boolean;
  seeds?: string;
}

/** Carry out `sweep`. */
export function sweepCommand(deps: CliDeps, sweep: string, flags: SweepFlags): Promise<ExitCode> {
  const parallel = parseParallelFlags('sweep', flags);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadSweep } = require('../explore/sweepFile') as typeof SweepFile;
  let spec = loadSweep(sweep);
  if (flags.seeds !== undefined) {
    spec = { ...spec, seeds: integer('sweep', '--seeds', flags.seeds, 1, 100_000) };
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runSweep } = require('../explore/sweepRun') as typeof SweepRun;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { sweepTotal } = require('../explore/sweep') as typeof SweepModule;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { writeSweepOutputs } = require('../explore/sweepOutput') as typeof SweepOutput;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { executorOf } = require('../explore/exploreRun') as typeof ExploreRun;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { sweepShardLines } = require('../explore/shardLines') as typeof Shards;

  const progress = progressBar(deps, 'runs');
  const started = performance.now();
  const total = sweepTotal(spec);
  const range = parallel.shard ? shardRange(parallel.shard, total) : undefined;
  const run = async (): Promise<ExitCode> => {
    const executor = await executorOf(parallel, 'sweep');
    try {
      const batches = await runSweep(spec, executor, {
        range,
        batchSize: parallel.batch,
        onProgress: progress?.update
      });
      progress?.done();
      const wallMs = performance.now() - started;
      if (parallel.shard && range) {
        for (const line of sweepShardLines(spec, parallel.shard, range, total, batches, wallMs)) {
          deps.out(line + '\n');
        }
        return EXIT.ok;
      }
      return writeSweepOutputs(deps, spec, batches, wallMs, {
        json: flags.json,
        csv: flags.csv,
        html: flags.html,
        jsonOut: flags.jsonOut,
        svgDir: flags.svg
      });
    } finally {
      await executor.close();
    }
  };
  return run();
}
