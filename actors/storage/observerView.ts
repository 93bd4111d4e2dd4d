/**
 * The storage side's god's-eye {@link StorageObserverView}: high-water marks, block peeks, write
 * counters and a pair seen from nowhere, all without I/O. It knows what no host can know, so it is
 * handed to observers only (monitors, the report, the inspector, tests), never to a host.
 */
import type { RemoteCopyConfig } from '../../model/config';
import { pendingOf, viewOf } from './pairs';
import type { Pair, Tally } from './records';
import type { StorageCounters, StorageObserverView } from './types';
import type { Volumes } from './volumes';

export interface ObserverViewPorts {
  remoteCopy: RemoteCopyConfig;
  volumes: Pick<Volumes, 'volumeOf'>;
  /** Every pair by id. */
  pairs: ReadonlyMap<string, Pair>;
  /** Totals over every volume. */
  total: Tally;
}

export function createObserverView({
  remoteCopy,
  volumes,
  pairs,
  total
}: ObserverViewPorts): StorageObserverView {
  const pairOf = (id: string): Pair => {
    const pair = pairs.get(id);
    if (!pair) throw new Error(`unknown pair '${id}'`);
    return pair;
  };
  const countersOf = (tally: Tally, pending: number): StorageCounters => ({
    writesAcknowledged: tally.writesAcknowledged,
    writesFailed: tally.writesFailed,
    copied: tally.copied,
    pending,
    lost: tally.lost
  });
  return {
    pairView: (pairId) => {
      const pair = pairOf(pairId);
      return viewOf(volumes.volumeOf(pair.actor.getSnapshot().context.primary), remoteCopy);
    },
    highWater: (volume, writer) => volumes.volumeOf(volume).highWater.get(writer) ?? 0,
    peekBlock: (volume, block) => volumes.volumeOf(volume).blocks.get(block),
    counters: () => {
      let pending = 0;
      for (const pair of pairs.values()) pending += pendingOf(pair, volumes);
      return countersOf(total, pending);
    },
    countersOf: (pairId) => {
      const pair = pairOf(pairId);
      return countersOf(pair.tally, pendingOf(pair, volumes));
    }
  };
}
