/**
 * What an inspector serves: a scenario run computed on request (live), or a saved trace file.
 * Both give trace lines in order, status-table samples, the statecharts and, at the end, the
 * report. Shared by every browser tab connected to the server.
 *
 * Memory is bounded whatever the trace's length: the lines live in a file (the trace file itself,
 * or a temporary file the live run streams to) behind a compact index ({@link LineStore}); the
 * hello message is serialized once. Start-up is linear in the trace's size and actor count.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import type { AnyActorLogic, InspectionEvent } from 'xstate';
import { nestingDepth } from '../model/loadScenario';
import type { NarrativeEntry, RunScenario } from '../model/run';
import type { RunReport, Scenario } from '../model/scenario';
import type { StatusRow } from '../model/statusTable';
import { isTraceHeader, type TraceHeader } from '../report/writeTrace';
import { withInspection } from '../sim/createSimulation';
import { stableActorId, type TraceLine } from '../sim/createTrace';
import { loadMachines } from './statechart/loadMachines';
import { renderStatechartSvg } from './statechart/renderSvg';
import { toStatechart } from './statechart/toStatechart';
import { createFileIndex, createSpillStore, type LineStore } from './traceStore';
import { classifyActor } from './view/actors';
import type { HelloMessage, TableSample } from './view/protocol';
import { deriveTables } from './view/statusTables';
import { boundedStringify } from './boundedJson';

export interface InspectorSession {
  readonly hello: HelloMessage;
  /** {@link InspectorSession.hello}, serialized once for every page. */
  readonly helloJson: string;
  /** The trace lines (key: simulated time). */
  readonly lines: LineStore;
  /** Status-table samples as {@link TableSample} JSON (key: the line index `i`). */
  readonly tables: LineStore;
  /** Actor id → machine name, as confirmed by inspection (live runs). */
  readonly machines: Readonly<Record<string, string>>;
  /** The trace file's header (a file written by `run --trace`). */
  readonly header?: TraceHeader;
  /** Simulated time computed so far. */
  upTo(): number;
  done(): boolean;
  report(): RunReport | undefined;
  narrative(): NarrativeEntry[] | undefined;
  /** Compute up to `until` (live runs; a file is complete). */
  need(until: number): void;
  /** Release the simulation and the stores. */
  close(): void;
}

/** Deepest nesting accepted in a trace line (a payload nested deeper is refused). */
export const MAX_TRACE_NESTING = 64;
/** Longest trace line accepted (bytes). */
export const MAX_TRACE_LINE_BYTES = 1 << 20;

/** Statecharts of every machine, with their SVG. */
export async function renderStatecharts(): Promise<HelloMessage['statecharts']> {
  const out: HelloMessage['statecharts'] = {};
  for (const entry of loadMachines()) {
    const chart = toStatechart(entry.name, entry.machine);
    out[entry.name] = { chart, svg: await renderStatechartSvg(chart) };
  }
  return out;
}

export interface LiveSessionOptions {
  seed?: number;
  /** Extra inspection observer (e.g. Stately's WebSocket inspector). */
  inspect?: (event: InspectionEvent) => void;
}

/**
 * A session that runs `scenario` once with `runScenario` (the runner `mirrorbeat run` uses, so the
 * trace hash is the same), streaming every trace line to its store and sampling the sender's and
 * receiver's status tables from their own context through XState's inspection. The page then
 * replays the recorded lines on its own clock.
 */
export async function createLiveSession(
  runScenario: RunScenario,
  scenario: Scenario,
  options: LiveSessionOptions = {}
): Promise<InspectorSession> {
  const statecharts = await renderStatecharts();
  const names = Object.keys(statecharts);
  const byLogic = new Map<AnyActorLogic, string>();
  for (const entry of loadMachines()) byLogic.set(entry.machine, entry.name);
  const machines: Record<string, string> = {};
  const lines = createSpillStore();
  const tables = createSpillStore();
  const actors = new Set<string>();
  const lastRows = new Map<string, string>();
  let count = 0;

  const sample = (event: InspectionEvent) => {
    if (event.type === '@xstate.actor') {
      const name = byLogic.get(
        (event.actorRef as { logic?: AnyActorLogic }).logic as AnyActorLogic
      );
      if (name) machines[stableActorId(event.actorRef)] = name;
      return;
    }
    if (event.type !== '@xstate.snapshot') return;
    const ctx = (event.snapshot as { context?: { mirror?: StatusRow; network?: StatusRow } })
      .context;
    if (!ctx || !isRow(ctx.mirror) || !isRow(ctx.network)) return;
    const actor = stableActorId(event.actorRef);
    const key = JSON.stringify([ctx.mirror, ctx.network]);
    if (lastRows.get(actor) === key) return;
    lastRows.set(actor, key);
    // The trace records this snapshot's line just before this observer runs.
    const i = Math.max(0, count - 1);
    tables.append(`{"i":${i},"actor":${JSON.stringify(actor)},"rows":${key}}`, i);
  };
  const inspect = options.inspect
    ? (event: InspectionEvent) => {
        sample(event);
        options.inspect?.(event);
      }
    : sample;

  const run = withInspection(inspect, () =>
    runScenario(scenario, {
      seed: options.seed,
      trace: 'hash',
      onLine: (line, json) => {
        count++;
        actors.add(line.actor);
        lines.append(json, line.t);
      }
    })
  );
  const hello: HelloMessage = {
    type: 'hello',
    source: 'run',
    scenario: scenario.name,
    description: scenario.description,
    seed: run.report.seed,
    durationMs: run.report.simulatedMs,
    statecharts,
    actors: [...actors].map((id) => classifyActor(id, names)),
    tables: 'context'
  };
  return completeSession({
    hello,
    lines: lines.finish(),
    tables: tables.finish(),
    machines,
    upTo: run.report.simulatedMs,
    report: run.report,
    narrative: run.narrative
  });
}

/**
 * A session replaying the trace file `file` (JSON lines of `run --trace`, its header first when
 * it has one), read once, streaming: only regular files, each line at most 1 MB and nested at
 * most {@link MAX_TRACE_NESTING} deep.
 *
 * @throws Error naming the file (and the line) when it cannot be read or is not a trace.
 */
export async function createFileSession(file: string, name?: string): Promise<InspectorSession> {
  const statecharts = await renderStatecharts();
  const names = Object.keys(statecharts);
  const index = createFileIndex();
  const tables = createSpillStore();
  const rowState = new Map<string, StatusRow[]>();
  const actors = new Set<string>();
  let header: TraceHeader | undefined;
  let last = 0;
  const fd = openTraceFile(file);
  try {
    readLines(fd, file, (text, start, length, lineNo) => {
      const value = parseTraceLine(text, file, lineNo, header === undefined && index.count === 0);
      if (isTraceHeader(value)) {
        header = value;
        return;
      }
      const line = value;
      const i = index.count;
      index.add(start, length, line.t);
      actors.add(line.actor);
      last = line.t;
      const program = line.actor.slice(line.actor.lastIndexOf('/') + 1);
      if (program === 'sender' || program === 'receiver') {
        for (const sample of deriveTables([line], i, rowState)) {
          tables.append(JSON.stringify(sample), sample.i);
        }
      }
    });
  } catch (error) {
    closeSync(fd);
    tables.finish().close();
    throw error;
  }
  const hello: HelloMessage = {
    type: 'hello',
    source: 'file',
    scenario: header?.scenario ?? name ?? file,
    ...(header?.description !== undefined ? { description: header.description } : {}),
    ...(header ? { seed: header.seed } : {}),
    durationMs: header?.durationMs ?? last,
    statecharts,
    actors: [...actors].map((id) => classifyActor(id, names)),
    tables: 'derived'
  };
  return completeSession({
    hello,
    lines: index.finish(fd),
    tables: tables.finish(),
    machines: {},
    upTo: last,
    header
  });
}

function completeSession(parts: {
  hello: HelloMessage;
  lines: LineStore;
  tables: LineStore;
  machines: Record<string, string>;
  upTo: number;
  report?: RunReport;
  narrative?: NarrativeEntry[];
  header?: TraceHeader;
}): InspectorSession {
  return {
    hello: parts.hello,
    helloJson: boundedStringify(parts.hello),
    lines: parts.lines,
    tables: parts.tables,
    machines: parts.machines,
    ...(parts.header ? { header: parts.header } : {}),
    upTo: () => parts.upTo,
    done: () => true,
    report: () => parts.report,
    narrative: () => parts.narrative,
    need: () => undefined,
    close: () => {
      parts.lines.close();
      parts.tables.close();
    }
  };
}

/** Open a trace file for reading: a regular file only (stat first, never block on a FIFO). */
function openTraceFile(file: string): number {
  const check = (stats: Stats) => {
    if (!stats.isFile()) {
      throw new Error(
        `${file}: expected a trace file (from 'run --trace'), found ${kindOf(stats)}`
      );
    }
  };
  let fd: number;
  try {
    check(statSync(file));
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === undefined) throw error;
    throw new Error(
      `${file}: expected a readable trace file, found ${code === 'ENOENT' ? 'no such file' : code}`
    );
  }
  try {
    check(fstatSync(fd));
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return fd;
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return 'something that is not a regular file';
}

/**
 * Call `onLine` with each non-blank line of `fd` (its text, its byte offset and length in the
 * file, its 1-based number), reading 1 MB at a time.
 */
function readLines(
  fd: number,
  file: string,
  onLine: (text: string, start: number, length: number, lineNo: number) => void
): void {
  const block = Buffer.alloc(1 << 20);
  let carry: Buffer = Buffer.alloc(0);
  let carryStart = 0;
  let position = 0;
  let lineNo = 0;
  const emit = (buffer: Buffer, from: number, to: number, start: number) => {
    lineNo++;
    let end = to;
    if (end > from && buffer[end - 1] === 0x0d) end--;
    if (end - from > MAX_TRACE_LINE_BYTES) {
      throw new Error(`${file}: line ${lineNo}: expected a trace line of at most 1 MB, found more`);
    }
    let blank = true;
    for (let k = from; k < end && blank; k++) {
      const c = buffer[k];
      blank = c === 0x20 || c === 0x09;
    }
    if (!blank) onLine(buffer.toString('utf8', from, end), start, end - from, lineNo);
  };
  for (;;) {
    const n = readSync(fd, block, 0, block.length, position);
    if (n === 0) break;
    const data = carry.length > 0 ? Buffer.concat([carry, block.subarray(0, n)]) : block;
    const dataLength = carry.length + n;
    const base = carry.length > 0 ? carryStart : position;
    let from = 0;
    for (let k = data.indexOf(0x0a, 0); k !== -1 && k < dataLength; k = data.indexOf(0x0a, k + 1)) {
      emit(data, from, k, base + from);
      from = k + 1;
    }
    if (dataLength - from > MAX_TRACE_LINE_BYTES) {
      throw new Error(
        `${file}: line ${lineNo + 1}: expected a trace line of at most 1 MB, found more`
      );
    }
    carry = Buffer.from(data.subarray(from, dataLength));
    carryStart = base + from;
    position += n;
  }
  if (carry.length > 0) emit(carry, 0, carry.length, carryStart);
}

/** Parse one trace line (or the header, when `first`); throws naming the file and line. */
function parseTraceLine(
  text: string,
  file: string,
  lineNo: number,
  first: boolean
): TraceLine | TraceHeader {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(
      `${file}: line ${lineNo}: expected a JSON trace line, found ${JSON.stringify(text.slice(0, 40))}`
    );
  }
  if (nestingDepth(value, MAX_TRACE_NESTING + 1) > MAX_TRACE_NESTING) {
    throw new Error(
      `${file}: line ${lineNo}: expected at most ${MAX_TRACE_NESTING} levels of nesting, found more`
    );
  }
  if (first && isTraceHeader(value)) return value;
  const line = value as TraceLine;
  if (
    !line ||
    typeof line !== 'object' ||
    typeof line.t !== 'number' ||
    !Number.isFinite(line.t) ||
    typeof line.actor !== 'string' ||
    typeof line.type !== 'string'
  ) {
    throw new Error(`${file}: line ${lineNo}: expected {t, actor, type, payload?, state?}`);
  }
  return line;
}

/** Parse JSON-lines trace text (a header line is skipped); throws naming the file and line. */
export function parseTrace(text: string, file = 'trace'): TraceLine[] {
  const out: TraceLine[] = [];
  text.split(/\r?\n/).forEach((row, i) => {
    if (row.trim() === '') return;
    const value = parseTraceLine(row, file, i + 1, out.length === 0);
    if (!isTraceHeader(value)) out.push(value);
  });
  return out;
}

function isRow(x: unknown): x is StatusRow {
  return !!x && typeof x === 'object' && 'status' in x && 'path' in x;
}

/** The table samples of a store, parsed (for tests and tools). */
export function tableSamples(store: LineStore): TableSample[] {
  return JSON.parse(`[${store.joined(0, store.count)}]`) as TableSample[];
}
