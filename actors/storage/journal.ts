/**
 * The async journal of one pair: the writes acknowledged at the P-VOL and not yet applied at the
 * S-VOL, oldest first. Entries are appended in write order and applied in the same order (the
 * link delivers in order per direction); `used()` is what `pairdisplay` shows and what fills the
 * journal up to its capacity. Pure data: the async copy path (asyncCopy.ts) ships the entries.
 */

/** One journaled write. */
export interface JournalEntry {
  block: number;
  data: unknown;
  writer: string;
  writeSeq: number;
  /** Pair copy epoch the entry was sent in. */
  epoch: number;
}

export interface Journal {
  /** Entries appended and not yet applied. */
  used(): number;
  /** `used()` has reached `capacity`: the next write cannot be journaled. */
  isFull(): boolean;
  append(entry: JournalEntry): void;
  /** The oldest pending entry was applied at the S-VOL. */
  applyOldest(): void;
  /** Forget every pending entry (the pair was resynchronised, deleted or taken over). */
  clear(): void;
}

/** Applied entries are dropped from the front in batches of at least this many. */
const COMPACT_AFTER = 1024;

/** An empty journal holding at most `capacity` pending entries. */
export function createJournal(capacity: number): Journal {
  let entries: JournalEntry[] = [];
  let head = 0;
  const used = () => entries.length - head;
  return {
    used,
    isFull: () => used() >= capacity,
    append: (entry) => {
      entries.push(entry);
    },
    applyOldest: () => {
      head++;
      if (head >= COMPACT_AFTER && head * 2 >= entries.length) {
        entries = entries.slice(head);
        head = 0;
      }
    },
    clear: () => {
      entries = [];
      head = 0;
    }
  };
}
