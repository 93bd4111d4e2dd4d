/**
 * The write histories of a group's two data volumes, as an observer rebuilds them from the
 * `VOLUME_WRITE` observations alone: each volume's history is the order in which writes landed
 * on it (a host's write acknowledged there, or an update copy). The two histories are **one**
 * while one is a prefix of the other (a copy lagging behind, an S-VOL that missed writes), and
 * **diverge** at the first write where they disagree: each volume then holds, at the same place
 * in its history, a write the other does not. A full copy (resync, COPY → PAIR) makes them one
 * again.
 *
 * Only the part of each history beyond the common prefix is kept (bounded by the copy lag, or by
 * the writes of a suspension); a write is a number: writer index × 2³² + its sequence number.
 * This ledger is the observer's own mutable record (never shared, never read by what decides).
 */

/** Two histories beyond their common prefix. */
export interface VolumeHistories {
  volumes: readonly [string, string];
  /** Writes beyond the common prefix, per volume (consumed from `head`). */
  tails: Record<string, number[]>;
  heads: Record<string, number>;
  writers: Map<string, number>;
  /** When the histories diverged (null: one history). */
  divergedAt: number | null;
}

/** Two volumes that start as one history. */
export function createHistories(volumes: readonly [string, string]): VolumeHistories {
  return {
    volumes,
    tails: { [volumes[0]]: [], [volumes[1]]: [] },
    heads: { [volumes[0]]: 0, [volumes[1]]: 0 },
    writers: new Map(),
    divergedAt: null
  };
}

const WRITER_BASE = 2 ** 32;

/** The number of write `writer#seq`. */
function codeOf(h: VolumeHistories, writer: string, seq: number): number {
  let index = h.writers.get(writer);
  if (index === undefined) {
    index = h.writers.size;
    h.writers.set(writer, index);
  }
  return index * WRITER_BASE + seq;
}

/** Forget the tails: the histories are one again (or diverged for good). */
function clearTails(h: VolumeHistories): void {
  for (const v of h.volumes) {
    h.tails[v] = [];
    h.heads[v] = 0;
  }
}

/** Drop the consumed part of a tail once it is large. */
function compact(h: VolumeHistories, volume: string): void {
  const head = h.heads[volume];
  const tail = h.tails[volume];
  if (head > 1024 && head * 2 > tail.length) {
    h.tails[volume] = tail.slice(head);
    h.heads[volume] = 0;
  }
}

/**
 * Write `writer#seq` landed on `volume` at `at`: extend its history. Returns true when this
 * write made the histories diverge.
 */
export function recordWrite(
  h: VolumeHistories,
  volume: string,
  writer: string,
  seq: number,
  at: number
): boolean {
  if (h.divergedAt !== null || !(volume in h.tails)) return false;
  h.tails[volume].push(codeOf(h, writer, seq));
  const [a, b] = h.volumes;
  while (h.heads[a] < h.tails[a].length && h.heads[b] < h.tails[b].length) {
    if (h.tails[a][h.heads[a]] !== h.tails[b][h.heads[b]]) {
      h.divergedAt = at;
      clearTails(h);
      return true;
    }
    h.heads[a]++;
    h.heads[b]++;
  }
  compact(h, a);
  compact(h, b);
  return false;
}

/** A full copy made the two volumes one history again. */
export function reconverge(h: VolumeHistories): void {
  h.divergedAt = null;
  clearTails(h);
}
