/**
 * Replacements of storage-side behaviour for mutation checks: a test or an exploration injects a
 * bug (an S-VOL that accepts writes while paired, an async copy that loses nothing at a takeover,
 * …) that the monitors must catch. Each replacement is chosen once, when the storage side is
 * built, in place of the real function: the normal path calls the real one directly and pays
 * nothing. No scenario file, scenario script field or command-line flag can set them; only code
 * that calls the cluster builder can (`runScenario(…, { storage })`, `explore({ storage })`).
 */
import type { AsyncCopy, AsyncCopyPorts } from './asyncCopy';
import type { Pair, Volume } from './records';
import type { Volumes } from './volumes';
import type { WritePlan } from './writes';

export interface StorageOverrides {
  /** How a host's write to a volume is carried out (the real one: `planWrite`, writes.ts). */
  planWrite?: (volume: Volume) => WritePlan;
  /** The asynchronous copy path (the real one: `createAsyncCopy`, asyncCopy.ts). */
  asyncCopy?: (ports: AsyncCopyPorts) => AsyncCopy;
  /**
   * At an svol-takeover, what the S-VOL lacks, counted as lost (the real one: `pendingOf`,
   * pairs.ts).
   */
  lostAtTakeover?: (pair: Pair, volumes: Pick<Volumes, 'volumeOf'>) => number;
}
