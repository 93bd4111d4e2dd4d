/**
 * The flags every long command takes (SPEC §4.1): `--workers N` (default the machine's cores),
 * `--shard i/n` (one slice of the runs, written as JSON lines) and `--queue redis://host:port`
 * (batches on a job queue, carried out by `mirrorbeat worker`).
 */
import { describeValue } from '../model/describeValue';
import { UsageError } from './usageError';

/** The parallel flags as commander gives them. */
export interface ParallelFlags {
  workers?: string;
  shard?: string;
  queue?: string;
  batch?: string;
}

/** The parallel flags, checked. */
export interface ParallelOptions {
  /** Worker threads; undefined: the machine's cores. */
  workers: number | undefined;
  /** Shard `index` (1-based) of `count`, or null. */
  shard: { index: number; count: number } | null;
  /** Redis URL of the job queue, or null. */
  queue: string | null;
  /** Runs per batch; undefined: the default. */
  batch: number | undefined;
}

/** Check the parallel flags of `command`. */
export function parseParallelFlags(command: string, flags: ParallelFlags): ParallelOptions {
  const workers =
    flags.workers === undefined ? undefined : integer(command, '--workers', flags.workers, 1, 256);
  const batch =
    flags.batch === undefined ? undefined : integer(command, '--batch', flags.batch, 1, 100_000);
  let shard: ParallelOptions['shard'] = null;
  if (flags.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(flags.shard);
    const index = m ? Number(m[1]) : NaN;
    const count = m ? Number(m[2]) : NaN;
    if (!(index >= 1 && count >= 1 && index <= count && count <= 100_000)) {
      throw new UsageError(
        `mirrorbeat ${command}: --shard: expected i/n with 1 ≤ i ≤ n (e.g. 2/4), found ${describeValue(flags.shard)}`
      );
    }
    shard = { index, count };
  }
  const queue = flags.queue === undefined ? null : parseQueueUrl(command, flags.queue);
  if (shard && queue) {
    throw new UsageError(
      `mirrorbeat ${command}: expected at most one of --shard and --queue, found both`
    );
  }
  return { workers, shard, queue, batch };
}

/** Check a `redis://host:port` URL. */
export function parseQueueUrl(command: string, text: string): string {
  let url: URL | null = null;
  try {
    url = new URL(text);
  } catch {
    url = null;
  }
  if (!url || url.protocol !== 'redis:' || url.hostname === '') {
    throw new UsageError(
      `mirrorbeat ${command}: --queue: expected redis://host:port, found ${describeValue(text)}`
    );
  }
  return text;
}

/** Range `[from, to)` of shard `index` of `count` over `total` runs. */
export function shardRange(
  shard: { index: number; count: number },
  total: number
): [number, number] {
  return [
    Math.floor((total * (shard.index - 1)) / shard.count),
    Math.floor((total * shard.index) / shard.count)
  ];
}

/** Check an integer flag. */
export function integer(
  command: string,
  flag: string,
  text: string,
  min: number,
  max: number
): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) {
    throw new UsageError(
      `mirrorbeat ${command}: ${flag}: expected an integer from ${min} to ${max}, found ${describeValue(text)}`
    );
  }
  return n;
}
