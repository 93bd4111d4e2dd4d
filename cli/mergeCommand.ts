/**
 * `mirrorbeat merge FILES…`: put the shards of an `explore --shard i/n` or `sweep --shard i/n`
 * back together — the summary (and for a sweep the tables and report) of the unsharded run.
 */
import type * as Explore from '../explore/explore';
import type * as Batch from '../explore/exploreBatch';
import type * as Shards from '../explore/shardLines';
import type * as SweepOutput from '../explore/sweepOutput';
import type { CliDeps } from './cliDeps';
import { EXIT, type ExitCode } from './exitCodes';
import { printExploreSummary, settingsOf } from './exploreCommand';
import type { SweepOutputFlags } from './sweepCommand';
import { UsageError } from './usageError';

/** Options of `merge`, as commander gives them. */
export interface MergeFlags extends SweepOutputFlags {
  out?: string;
  json?: boolean;
}

/** Carry out `merge`. */
export function mergeCommand(deps: CliDeps, files: string[], flags: MergeFlags): ExitCode {
  if (files.length === 0) {
    throw new UsageError('mirrorbeat merge: expected one or more shard files, found none');
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { mergeShardFiles } = require('../explore/shardLines') as typeof Shards;
  const merged = mergeShardFiles(files);
  if (merged.command === 'sweep') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const output = require('../explore/sweepOutput') as typeof SweepOutput;
    return output.writeSweepOutputs(deps, merged.spec, merged.batches, merged.wallMs, {
      json: flags.json,
      csv: flags.csv,
      html: flags.html,
      jsonOut: flags.jsonOut,
      svgDir: flags.svg
    });
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { summarize, explorePassed } = require('../explore/explore') as typeof Explore;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { planExplore } = require('../explore/exploreBatch') as typeof Batch;
  const summary = summarize(
    merged.spec,
    planExplore(merged.spec),
    merged.totals,
    merged.shrunk,
    merged.modelCheck,
    { outDir: flags.out ?? 'artifacts/explore', wallMs: merged.wallMs }
  );
  printExploreSummary(deps, summary, {
    json: flags.json === true,
    name: merged.label,
    settings: settingsOf(merged.spec.base)
  });
  return explorePassed(summary) ? EXIT.ok : EXIT.failed;
}
