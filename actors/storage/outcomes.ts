/**
 * How a write ends: acknowledged at its volume, rejected, or applied as an update copy at an
 * S-VOL. Each outcome is applied, counted (in total and per pair), traced, published on the
 * storage side's event stream and, for a host's write, answered.
 */
import type { BlockRecord, IoErrorCode, StorageEvent } from '../../model/storageTypes';
import type { Simulation } from '../../sim';
import type { Pair, Reply, Tally, Volume } from './records';
import { applyRecord } from './volumes';

export interface Outcomes {
  /**
   * The write is done at its volume: apply it, count it, trace it, answer the host; `tracked`
   * marks the block in the pair's differential bitmap.
   */
  acknowledge(
    volume: Volume,
    block: number,
    data: unknown,
    writer: string,
    writeSeq: number,
    reply: Reply<undefined>,
    tracked: boolean
  ): void;
  /** The write is refused with `error`. */
  reject(
    volumeId: string,
    pair: Pair | undefined,
    writer: string,
    block: number,
    error: IoErrorCode,
    detail: string,
    reply: Reply<undefined>
  ): void;
  /** An update copy applied at the S-VOL. */
  applyCopy(pair: Pair, svol: Volume, block: number, entry: Omit<BlockRecord, 'at'>): void;
}

export interface OutcomePorts {
  publish(event: StorageEvent): void;
  /** Totals over every volume. */
  total: Tally;
}

export function createOutcomes(
  sim: Pick<Simulation, 'now' | 'record'>,
  { publish, total }: OutcomePorts
): Outcomes {
  return {
    acknowledge: (volume, block, data, writer, writeSeq, reply, tracked) => {
      const at = sim.now();
      applyRecord(volume, block, { data, writer, at, writeSeq });
      total.writesAcknowledged++;
      const pair = volume.pair;
      if (pair) {
        pair.tally.writesAcknowledged++;
        if (tracked) markDirty(pair, block);
      }
      sim.record(volume.id, 'write-acked', { writer, writeSeq, block });
      publish({ kind: 'write-acked', at, volume: volume.id, writer, writeSeq, block });
      reply({ ok: true, value: undefined });
    },
    reject: (volumeId, pair, writer, block, error, detail, reply) => {
      total.writesFailed++;
      if (pair) pair.tally.writesFailed++;
      sim.record(volumeId, 'write-failed', { writer, block, error });
      publish({ kind: 'write-failed', at: sim.now(), volume: volumeId, writer, error });
      reply({ ok: false, error, detail });
    },
    applyCopy: (pair, svol, block, entry) => {
      const at = sim.now();
      // A literal, not a spread: this runs for every update copy.
      applyRecord(svol, block, {
        data: entry.data,
        writer: entry.writer,
        writeSeq: entry.writeSeq,
        at
      });
      total.copied++;
      pair.tally.copied++;
      sim.record(svol.id, 'copy-applied', {
        pair: pair.id,
        writer: entry.writer,
        writeSeq: entry.writeSeq,
        block
      });
      publish({
        kind: 'copy-applied',
        at,
        pair: pair.id,
        volume: svol.id,
        writer: entry.writer,
        writeSeq: entry.writeSeq,
        block
      });
    }
  };
}

/** Mark `block` in the pair's differential bitmap (and tell the chart the pair is dirty). */
function markDirty(pair: Pair, block: number): void {
  pair.dirtyBlocks.add(block);
  if (!pair.actor.getSnapshot().context.dirty) pair.actor.send({ type: 'MARK_DIRTY' });
}
