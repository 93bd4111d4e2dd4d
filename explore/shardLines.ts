/**
 * Shards as JSON lines, and their merge. `--shard i/n` runs one slice of the runs and prints a
 * header (what was run: the spec, the slice), one line per batch result, one per shrunk first
 * schedule (explore) and the model check (explore's first shard), and an end line.
 * `mirrorbeat merge` reads the shards back, checks that they are slices of the same run covering
 * every run exactly once, and merges them by run index — the summary of the unsharded run.
 */
import { readFileSync } from 'node:fs';
import { ScenarioError } from '../model/scenarioError';
import type { DecisionModelResult } from './decisionModel';
import {
  coverageError,
  mergeBatches,
  REPORTED_KEYS,
  type BatchResult,
  type ExploreSpec,
  type ExploreTotals,
  type ShrunkExample
} from './exploreBatch';
import type { ExplorePart } from './exploreParallel';
import type { SweepBatchResult, SweepSpec } from './sweep';

/** Format of the shard lines. */
export const SHARD_FORMAT = 1;

/** The first line of a shard. */
export type ShardHeader = {
  type: 'mirrorbeat-shard';
  format: number;
  shard: { index: number; count: number };
  range: [number, number];
  total: number;
} & (
  | { command: 'explore'; spec: ExploreSpec; shrink: boolean; label: string }
  | { command: 'sweep'; spec: SweepSpec }
);

/** The lines of an explore shard. */
export function exploreShardLines(
  spec: ExploreSpec,
  shard: { index: number; count: number },
  range: [number, number],
  total: number,
  part: ExplorePart,
  options: { shrink: boolean; label: string; wallMs: number }
): string[] {
  const header: ShardHeader = {
    type: 'mirrorbeat-shard',
    format: SHARD_FORMAT,
    command: 'explore',
    spec,
    shrink: options.shrink,
    label: options.label,
    shard,
    range,
    total
  };
  return [
    JSON.stringify(header),
    ...part.batches.map((batch) => JSON.stringify({ type: 'batch', batch })),
    ...part.shrunk.map((example) => JSON.stringify({ type: 'example', example })),
    ...(part.modelCheck ? [JSON.stringify({ type: 'model', results: part.modelCheck })] : []),
    JSON.stringify({ type: 'end', wallMs: Math.round(options.wallMs) })
  ];
}

/** The lines of a sweep shard. */
export function sweepShardLines(
  spec: SweepSpec,
  shard: { index: number; count: number },
  range: [number, number],
  total: number,
  batches: readonly SweepBatchResult[],
  wallMs: number
): string[] {
  const header: ShardHeader = {
    type: 'mirrorbeat-shard',
    format: SHARD_FORMAT,
    command: 'sweep',
    spec,
    shard,
    range,
    total
  };
  return [
    JSON.stringify(header),
    ...batches.map((batch) => JSON.stringify({ type: 'sweep-batch', batch })),
    JSON.stringify({ type: 'end', wallMs: Math.round(wallMs) })
  ];
}

/** Merged explore shards. */
export interface MergedExplore {
  command: 'explore';
  spec: ExploreSpec;
  /** The configuration as the user named it (`--config`, or `defaults`). */
  label: string;
  totals: ExploreTotals;
  shrunk: ShrunkExample[];
  modelCheck: DecisionModelResult[] | null;
  /** Sum of the shards' wall times. */
  wallMs: number;
}

/** Merged sweep shards. */
export interface MergedSweep {
  command: 'sweep';
  spec: SweepSpec;
  batches: SweepBatchResult[];
  wallMs: number;
}

interface ShardFile {
  file: string;
  header: ShardHeader;
  batches: BatchResult[];
  sweepBatches: SweepBatchResult[];
  examples: ShrunkExample[];
  model: DecisionModelResult[] | null;
  wallMs: number;
}

/** Read and merge shard files. @throws {@link ScenarioError} naming the file and line. */
export function mergeShardFiles(files: readonly string[]): MergedExplore | MergedSweep {
  const shards = files.map(readShard);
  const first = shards[0];
  const same = JSON.stringify(specOf(first.header));
  for (const s of shards.slice(1)) {
    if (JSON.stringify(specOf(s.header)) !== same) {
      throw new ScenarioError(
        s.file,
        'line 1',
        `expected a shard of the same ${first.header.command} as ${first.file}, found another one`
      );
    }
  }
  const total = first.header.total;
  const wallMs = shards.reduce((t, s) => t + s.wallMs, 0);
  const where = files.join(', ');
  if (first.header.command === 'sweep') {
    const batches = shards.flatMap((s) => s.sweepBatches);
    const gap = coverageError(batches, total);
    if (gap)
      throw new ScenarioError(
        where,
        '',
        `expected every run once, found ${gap.replace('schedules', 'runs')}`
      );
    return { command: 'sweep', spec: first.header.spec, batches, wallMs };
  }
  const batches = shards.flatMap((s) => s.batches);
  const gap = coverageError(batches, total);
  if (gap) throw new ScenarioError(where, '', `expected every schedule once, found ${gap}`);
  const totals = mergeBatches(batches);
  const examples = shards.flatMap((s) => s.examples);
  const shrunk: ShrunkExample[] = [];
  for (const key of REPORTED_KEYS) {
    const firstOf = totals.first[key];
    if (!firstOf) continue;
    const example = examples.find((e) => e.key === key && e.index === firstOf.index);
    if (!example) {
      throw new ScenarioError(
        where,
        '',
        `expected the shrunk schedule ${firstOf.index} (${key}), found none`
      );
    }
    shrunk.push(example);
  }
  const model = shards.find((s) => s.model !== null)?.model ?? null;
  if (first.header.spec.mode.kind === 'exhaustive' && !model) {
    throw new ScenarioError(where, '', 'expected the model check of shard 1, found none');
  }
  return {
    command: 'explore',
    spec: first.header.spec,
    label: first.header.label,
    totals,
    shrunk,
    modelCheck: model,
    wallMs
  };
}

function specOf(header: ShardHeader): object {
  return header.command === 'explore'
    ? { command: header.command, spec: header.spec, shrink: header.shrink, total: header.total }
    : { command: header.command, spec: header.spec, total: header.total };
}

function readShard(file: string): ShardFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ScenarioError(file, '', 'expected a readable shard file (JSON lines), found none');
  }
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const parsed = lines.map((line, i) => {
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value === 'object' && value !== null && 'type' in value) return value;
    } catch {
      // reported below
    }
    throw new ScenarioError(
      file,
      `line ${i + 1}`,
      'expected a JSON object with a "type", found other text'
    );
  });
  const header = parsed[0] as ShardHeader | undefined;
  if (!header || header.type !== 'mirrorbeat-shard' || header.format !== SHARD_FORMAT) {
    throw new ScenarioError(
      file,
      'line 1',
      `expected a mirrorbeat shard header (format ${SHARD_FORMAT}), found something else`
    );
  }
  const shard: ShardFile = {
    file,
    header,
    batches: [],
    sweepBatches: [],
    examples: [],
    model: null,
    wallMs: 0
  };
  let ended = false;
  parsed.slice(1).forEach((value, i) => {
    const line = value as {
      type: string;
      batch?: BatchResult & SweepBatchResult;
      example?: ShrunkExample;
      results?: DecisionModelResult[];
      wallMs?: number;
    };
    if (line.type === 'batch' && line.batch) shard.batches.push(line.batch);
    else if (line.type === 'sweep-batch' && line.batch) shard.sweepBatches.push(line.batch);
    else if (line.type === 'example' && line.example) shard.examples.push(line.example);
    else if (line.type === 'model' && line.results) shard.model = line.results;
    else if (line.type === 'end') {
      ended = true;
      shard.wallMs = line.wallMs ?? 0;
    } else {
      throw new ScenarioError(
        file,
        `line ${i + 2}`,
        `expected a batch, example, model or end line, found type ${JSON.stringify(line.type)}`
      );
    }
  });
  if (!ended)
    throw new ScenarioError(
      file,
      `line ${lines.length}`,
      'expected an end line, found a truncated shard'
    );
  return shard;
}
