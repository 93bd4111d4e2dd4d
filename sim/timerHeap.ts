/**
 * A binary min-heap of timer entries keyed by `(due, seq)`.
 *
 * `seq` grows with every insertion, so entries due at the same instant pop in the order they were
 * scheduled (FIFO), the SimPy / TigerBeetle rule. Cancelled entries stay in the heap and are
 * skipped when popped (lazy deletion), which keeps `clearTimeout` O(1).
 */
export interface TimerEntry {
  due: number;
  seq: number;
  fn: (() => void) | null;
}

export class TimerHeap {
  private readonly items: TimerEntry[] = [];

  get size(): number {
    return this.items.length;
  }

  push(entry: TimerEntry): void {
    const items = this.items;
    items.push(entry);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(entry, items[parent])) break;
      items[i] = items[parent];
      i = parent;
    }
    items[i] = entry;
  }

  peek(): TimerEntry | undefined {
    return this.items[0];
  }

  pop(): TimerEntry | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    const n = items.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && before(items[r], items[l]) ? r : l;
      if (!before(items[child], last)) break;
      items[i] = items[child];
      i = child;
    }
    items[i] = last;
    return top;
  }

  /** Empty the heap, handing each entry to `forget` first. */
  clear(forget?: (entry: TimerEntry) => void): void {
    if (forget) for (const entry of this.items) forget(entry);
    this.items.length = 0;
  }
}

function before(a: TimerEntry, b: TimerEntry): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}
