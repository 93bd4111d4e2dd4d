/**
 * Trace files (SPEC §4.4): JSON lines. The first line is a header — the trace format, the
 * mirrorbeat version, the scenario (name, seed, horizon, topology, the resolved configuration,
 * the fault timeline and the expectations: enough to run it again) — then one
 * {@link serializeLine} per delivered event, streamed to disk as the run produces it (a
 * {@link TraceWriter} holds at most about 1 MB), so memory stays bounded for any run length. The
 * header is not part of the trace hash: the same run has the same hash with or without a file.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { validateScenario } from '../model/loadScenario';
import type { Scenario } from '../model/scenario';
import { rawScenarioOfHeader, type TraceHeader } from '../model/traceHeader';
import { serializeLine, type TraceLine } from '../sim/createTrace';

export { TRACE_FORMAT, isTraceHeader, traceHeader, type TraceHeader } from '../model/traceHeader';

/**
 * The scenario a header describes, validated like a scenario file (a header may come from
 * anywhere): running it with the header's seed re-creates the run, with the same trace hash.
 *
 * @throws ScenarioError naming `source` and the field when the header is not a valid scenario.
 */
export function scenarioFromHeader(header: TraceHeader, source = 'trace header'): Scenario {
  return validateScenario(rawScenarioOfHeader(header), source);
}

/** Writes a trace file line by line, buffered. */
export interface TraceWriter {
  /** Append one serialized line (without its newline). */
  write(json: string): void;
  /** Flush and close; throws the first write error, if any. */
  close(): void;
  /** The first write error (a full disk): later lines are dropped, `close` throws it. */
  readonly error: Error | undefined;
  /** Lines written so far (the header not counted). */
  readonly lines: number;
}

/** Bytes buffered before a write. */
const BUFFER_CHARS = 1 << 20;

/**
 * Open `file` for a trace (replacing it) and write `header` first when given.
 *
 * @throws the error of opening the file (the caller checks the path before the run).
 */
export function openTraceWriter(file: string, header?: TraceHeader): TraceWriter {
  const fd = openSync(file, 'w');
  let parts: string[] = [];
  let size = 0;
  let error: Error | undefined;
  let lines = 0;
  let closed = false;
  const flush = () => {
    if (parts.length === 0) return;
    const text = parts.join('\n') + '\n';
    parts = [];
    size = 0;
    if (error) return;
    try {
      writeAll(fd, text);
    } catch (e) {
      error = e instanceof Error ? e : new Error(String(e));
    }
  };
  const push = (json: string) => {
    parts.push(json);
    size += json.length + 1;
    if (size >= BUFFER_CHARS) flush();
  };
  if (header) push(JSON.stringify(header));
  return {
    write(json) {
      if (closed) return;
      lines++;
      push(json);
    },
    close() {
      if (closed) return;
      closed = true;
      flush();
      closeSync(fd);
      if (error) throw error;
    },
    get error() {
      return error;
    },
    get lines() {
      return lines;
    }
  };
}

/**
 * Write `lines` to `file` as JSON lines (each line ends with a newline), after `header` when
 * given, replacing the file. Written in chunks, so a long trace is never one huge string.
 */
export function writeTrace(file: string, lines: Iterable<TraceLine>, header?: TraceHeader): void {
  const writer = openTraceWriter(file, header);
  try {
    for (const line of lines) writer.write(serializeLine(line));
  } finally {
    writer.close();
  }
}

function writeAll(fd: number, text: string): void {
  const buffer = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < buffer.length) {
    offset += writeSync(fd, buffer, offset, buffer.length - offset);
  }
}
