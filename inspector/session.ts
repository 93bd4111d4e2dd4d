/**
 * What an inspector serves: a scenario run computed on request (live), or a saved trace file.
 * Both give trace lines in order, status-table samples, the statecharts and, at the end, the
 * report. Shared by every browser tab connected to the server.
 */
import { readFileSync } from 'node:fs';
import type { AnyActorLogic, InspectionEvent } from 'xstate';
import type { NarrativeEntry, RunScenario } from '../model/run';
import type { RunReport, Scenario } from '../model/scenario';
import type { StatusRow } from '../model/statusTable';
import { withInspection } from '../sim/createSimulation';
import { stableActorId, type TraceLine } from '../sim/createTrace';
import { loadMachines } from './statechart/loadMachines';
import { renderStatechartSvg } from './statechart/renderSvg';
import { toStatechart } from './statechart/toStatechart';
import { classifyActor } from './view/actors';
import type { HelloMessage, TableSample } from './view/protocol';
import { deriveTables } from './view/statusTables';

export interface InspectorSession {
  readonly hello: HelloMessage;
  readonly lines: readonly TraceLine[];
  readonly tables: readonly TableSample[];
  /** Actor id → machine name, as confirmed by inspection (live runs). */
  readonly machines: Readonly<Record<string, string>>;
  /** Simulated time computed so far. */
  upTo(): number;
  done(): boolean;
  report(): RunReport | undefined;
  narrative(): NarrativeEntry[] | undefined;
  /** Compute up to `until` (live runs; a file is complete). */
  need(until: number): void;
  /** Release the simulation. */
  close(): void;
}

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
 * trace hash is the same), keeping every trace line and sampling the sender's and receiver's
 * status tables from their own context through XState's inspection. The page then replays the
 * recorded lines on its own clock.
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
  const tables: TableSample[] = [];
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
    const rows = [ctx.mirror, ctx.network];
    const key = JSON.stringify(rows);
    if (lastRows.get(actor) === key) return;
    lastRows.set(actor, key);
    // The trace records this snapshot's line just before this observer runs.
    tables.push({ i: Math.max(0, count - 1), actor, rows: JSON.parse(key) as StatusRow[] });
  };
  const inspect = options.inspect
    ? (event: InspectionEvent) => {
        sample(event);
        options.inspect?.(event);
      }
    : sample;

  const run = withInspection(inspect, () =>
    runScenario(scenario, { seed: options.seed, trace: 'full', onLine: () => count++ })
  );
  const lines = run.lines;
  const hello: HelloMessage = {
    type: 'hello',
    source: 'run',
    scenario: scenario.name,
    description: scenario.description,
    seed: run.report.seed,
    durationMs: run.report.simulatedMs,
    statecharts,
    actors: lines
      .map((l) => l.actor)
      .filter(unique)
      .map((id) => classifyActor(id, names)),
    tables: 'context'
  };
  return {
    hello,
    lines,
    tables,
    machines,
    upTo: () => run.report.simulatedMs,
    done: () => true,
    report: () => run.report,
    narrative: () => run.narrative,
    need: () => undefined,
    close: () => undefined
  };
}

/** A session replaying the trace file `file` (JSON lines of `run --trace`). */
export async function createFileSession(file: string, name?: string): Promise<InspectorSession> {
  const lines = parseTrace(readFileSync(file, 'utf8'), file);
  const statecharts = await renderStatecharts();
  const names = Object.keys(statecharts);
  const last = lines.length > 0 ? lines[lines.length - 1].t : 0;
  const hello: HelloMessage = {
    type: 'hello',
    source: 'file',
    scenario: name ?? file,
    durationMs: last,
    statecharts,
    actors: lines
      .map((l) => l.actor)
      .filter(unique)
      .map((id) => classifyActor(id, names)),
    tables: 'derived'
  };
  const tables = deriveTables(lines);
  return {
    hello,
    lines,
    tables,
    machines: {},
    upTo: () => last,
    done: () => true,
    report: () => undefined,
    narrative: () => undefined,
    need: () => undefined,
    close: () => undefined
  };
}

/** Parse JSON-lines trace text; throws naming the file and line of the first bad line. */
export function parseTrace(text: string, file = 'trace'): TraceLine[] {
  const out: TraceLine[] = [];
  const rows = text.split(/\r?\n/);
  rows.forEach((row, i) => {
    if (row.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(row);
    } catch {
      throw new Error(
        `${file}: line ${i + 1}: expected a JSON trace line, found ${JSON.stringify(row.slice(0, 40))}`
      );
    }
    const line = value as TraceLine;
    if (
      !line ||
      typeof line.t !== 'number' ||
      typeof line.actor !== 'string' ||
      typeof line.type !== 'string'
    ) {
      throw new Error(`${file}: line ${i + 1}: expected {t, actor, type, payload?, state?}`);
    }
    out.push(line);
  });
  return out;
}

function isRow(x: unknown): x is StatusRow {
  return !!x && typeof x === 'object' && 'status' in x && 'path' in x;
}

function unique<T>(x: T, i: number, all: T[]): boolean {
  return all.indexOf(x) === i;
}
