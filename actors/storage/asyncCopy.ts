/**
 * The asynchronous copy path: a P-VOL write in PAIR is acknowledged after the local service time
 * and journaled; the entry travels over the remote link and is applied at the S-VOL in write order.
 * A write that finds the journal full suspends the pair (async pairs never fence: the write stays
 * local, tracked for the resync). An entry sent before the pair last changed state is never
 * applied: it stays pending.
 */
import type { RemoteLink } from './createRemoteLink';
import type { JournalEntry } from './journal';
import type { Outcomes } from './outcomes';
import { copyFailed, pathLost, type Pair, type Reply, type Volume } from './records';
import type { Volumes } from './volumes';

export interface AsyncCopy {
  /** Serve a write of `volume`, the P-VOL of async `pair` in PAIR, with sequence `writeSeq`. */
  write(
    pair: Pair,
    volume: Volume,
    block: number,
    data: unknown,
    writer: string,
    writeSeq: number,
    reply: Reply<undefined>
  ): void;
}

export interface AsyncCopyPorts {
  link: Pick<RemoteLink, 'send'>;
  volumes: Pick<Volumes, 'volumeOf'>;
  outcomes: Pick<Outcomes, 'acknowledge' | 'applyCopy'>;
}

export function createAsyncCopy({ link, volumes, outcomes }: AsyncCopyPorts): AsyncCopy {
  /** A journal entry reaches the S-VOL's array (in order) and is applied there. */
  const restore = (pair: Pair, svol: Volume, entry: JournalEntry): void => {
    // Copying stopped since it was sent: the entry stays pending in the journal.
    if (entry.epoch !== pair.epoch || !svol.storage.up) return;
    if (svol.ioError) {
      copyFailed(pair, `S-VOL ${svol.id} I/O error`, true);
      return;
    }
    pair.journal.applyOldest();
    outcomes.applyCopy(pair, svol, entry.block, entry);
  };

  return {
    write: (pair, volume, block, data, writer, writeSeq, reply) => {
      if (pair.journal.isFull()) {
        pair.actor.send({ type: 'JOURNAL_FULL', journalUsed: pair.journal.used() });
        outcomes.acknowledge(volume, block, data, writer, writeSeq, reply, true);
        return;
      }
      outcomes.acknowledge(volume, block, data, writer, writeSeq, reply, false);
      const entry: JournalEntry = { block, data, writer, writeSeq, epoch: pair.epoch };
      pair.journal.append(entry);
      const svol = volumes.volumeOf(pair.actor.getSnapshot().context.secondary);
      const sent = link.send(volume.site, svol.site, () => restore(pair, svol, entry));
      if (!sent) pathLost(pair, 'remote link down', 'link');
    }
  };
}
