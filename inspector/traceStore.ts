/**
 * The inspector's compact, shared store of JSON lines: the text lives in a file (a saved trace
 * file itself, or a temporary file the live run streams its trace to), and memory holds only an
 * index of 12 bytes per line (where it starts, its length, and a number such as its simulated
 * time). Every connected page is served from the same store by reading ranges of the file, so
 * memory does not grow with the trace or with the number of pages.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A growable array of float64 (amortised doubling). */
class Float64List {
  private data = new Float64Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
  get(i: number): number {
    return this.data[i];
  }
}

/** A growable array of uint32. */
class Uint32List {
  private data = new Uint32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
  get(i: number): number {
    return this.data[i];
  }
}

/** Read-only view of a store of JSON lines. */
export interface LineStore {
  /** Number of lines. */
  readonly count: number;
  /** The number kept with line `i` (a simulated time, a line index). */
  keyAt(i: number): number;
  /** Bytes of lines `[from, to)` (their JSON text). */
  bytes(from: number, to: number): number;
  /** The JSON texts of lines `[from, to)`, joined by commas (the inside of a JSON array). */
  joined(from: number, to: number): string;
  /** Release the file. */
  close(): void;
}

/** A store being filled: append lines, then {@link LineStoreBuilder.finish}. */
export interface LineStoreBuilder {
  /** Append one JSON line (no newline inside: JSON text never has a raw one). */
  append(json: string, key: number): void;
  readonly count: number;
  /** Flush and give the read-only store. */
  finish(): LineStore;
}

const WRITE_BUFFER = 1 << 20;

/**
 * A store in a temporary file of its own, removed from the directory at once (it lives while it
 * is open, and disappears with the process however it ends).
 */
export function createSpillStore(): LineStoreBuilder {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mirrorbeat-inspector-'));
  const file = path.join(dir, 'store.jsonl');
  const fd = openSync(file, 'w+');
  rmSync(dir, { recursive: true, force: true });
  const starts = new Float64List();
  const lengths = new Uint32List();
  const keys = new Float64List();
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let position = 0;
  const flush = () => {
    if (pending.length === 0) return;
    const buffer = Buffer.concat(pending, pendingBytes);
    let offset = 0;
    while (offset < buffer.length) offset += writeSync(fd, buffer, offset);
    pending = [];
    pendingBytes = 0;
  };
  return {
    append(json, key) {
      const buffer = Buffer.from(json + '\n', 'utf8');
      starts.push(position);
      lengths.push(buffer.length - 1);
      keys.push(key);
      position += buffer.length;
      pending.push(buffer);
      pendingBytes += buffer.length;
      if (pendingBytes >= WRITE_BUFFER) flush();
    },
    get count() {
      return starts.length;
    },
    finish() {
      flush();
      return fileStore(fd, starts, lengths, keys);
    }
  };
}

/** An index of lines of an existing file (built by the caller while it reads the file). */
export interface FileIndex {
  add(start: number, length: number, key: number): void;
  readonly count: number;
  /** The store over the file `fd` (closed with the store). */
  finish(fd: number): LineStore;
}

/** Start indexing the lines of an existing file. */
export function createFileIndex(): FileIndex {
  const starts = new Float64List();
  const lengths = new Uint32List();
  const keys = new Float64List();
  return {
    add(start, length, key) {
      starts.push(start);
      lengths.push(length);
      keys.push(key);
    },
    get count() {
      return starts.length;
    },
    finish(fd) {
      return fileStore(fd, starts, lengths, keys);
    }
  };
}

function fileStore(
  fd: number,
  starts: Float64List,
  lengths: Uint32List,
  keys: Float64List
): LineStore {
  const count = starts.length;
  let closed = false;
  return {
    count,
    keyAt: (i) => keys.get(i),
    bytes(from, to) {
      if (to <= from) return 0;
      return starts.get(to - 1) + lengths.get(to - 1) - starts.get(from);
    },
    joined(from, to) {
      if (to <= from || closed) return '';
      const start = starts.get(from);
      const buffer = Buffer.alloc(starts.get(to - 1) + lengths.get(to - 1) - start);
      let got = 0;
      while (got < buffer.length) {
        const n = readSync(fd, buffer, got, buffer.length - got, start + got);
        if (n === 0) break;
        got += n;
      }
      const parts: string[] = [];
      for (let i = from; i < to; i++) {
        const s = starts.get(i) - start;
        parts.push(buffer.toString('utf8', s, s + lengths.get(i)));
      }
      return parts.join(',');
    },
    close() {
      if (closed) return;
      closed = true;
      closeSync(fd);
    }
  };
}
