/**
 * Writing a run's trace (SPEC §4.4) as JSON lines, one {@link serializeLine} per delivered event.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { serializeLine, type TraceLine } from '../sim/createTrace';

const CHUNK_LINES = 4096;

/**
 * Write `lines` to `file` as JSON lines (each line ends with a newline), replacing the file.
 * Written in chunks, so a long trace is never one huge string.
 */
export function writeTrace(file: string, lines: Iterable<TraceLine>): void {
  const fd = openSync(file, 'w');
  try {
    let chunk: string[] = [];
    for (const line of lines) {
      chunk.push(serializeLine(line));
      if (chunk.length === CHUNK_LINES) {
        writeAll(fd, chunk.join('\n') + '\n');
        chunk = [];
      }
    }
    if (chunk.length > 0) writeAll(fd, chunk.join('\n') + '\n');
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, text: string): void {
  const buffer = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < buffer.length) {
    offset += writeSync(fd, buffer, offset, buffer.length - offset);
  }
}
