/**
 * What the inspector server and page say to each other over the WebSocket (JSON messages).
 *
 * - page → server `need`: "have the run computed up to simulated time `until`";
 * - server → page `hello` once, then `chunk`s with the trace lines (and status-table samples) the
 *   page has not received yet, and the report with the last one.
 *
 * The page paces its own simulated clock over what it received; the server only computes ahead.
 */
import type { NarrativeEntry } from '../../model/run';
import type { RunReport } from '../../model/scenario';
import type { StatusRow } from '../../model/statusTable';
import type { TraceLine } from '../../sim/createTrace';
import type { Statechart } from '../statechart/toStatechart';
import type { ActorInfo } from './actors';

/** A status-table sample: `rows` hold once line `i` has been applied. */
export interface TableSample {
  i: number;
  actor: string;
  rows: StatusRow[];
}

export interface HelloMessage {
  type: 'hello';
  /** `run`: computed live by the server; `file`: a saved trace file. */
  source: 'run' | 'file';
  scenario: string;
  description?: string;
  seed?: number;
  /** Simulated span (ms). */
  durationMs: number;
  /** Statecharts by machine name, with their SVG (states have ids `st:<path>`). */
  statecharts: Record<string, { chart: Statechart; svg: string }>;
  /** Actors known so far (more arrive with the lines). */
  actors: ActorInfo[];
  /** Whether the status tables come from the programs' own context (`context`) or the trace. */
  tables: 'context' | 'derived';
}

export interface ChunkMessage {
  type: 'chunk';
  /** Index of the first line in `lines`. */
  from: number;
  lines: TraceLine[];
  tables: TableSample[];
  /** Actors whose machine was confirmed by XState's inspection (id → machine). */
  machines: Record<string, string>;
  /** Simulated time computed so far. */
  upTo: number;
  done: boolean;
  report?: RunReport;
  narrative?: NarrativeEntry[];
}

export interface NeedMessage {
  type: 'need';
  until: number;
}

export type ServerMessage = HelloMessage | ChunkMessage | { type: 'error'; message: string };
export type ClientMessage = NeedMessage;
