/**
 * What the invariant monitors see: their whole input alphabet. The world never sends these; the
 * monitor hub (monitors/monitorWorld.ts) derives them from what the world exposes — snapshots of
 * the host, receiver, decision and application statecharts (the simulation's inspection stream),
 * the cluster's alerts, the storage side's events and the scenario's timeline — and hands each to
 * the monitors of the application group it concerns. Monitors only watch: they never send to the
 * system (P-language `spec` machines).
 */
import type { Verdict } from '../machines/failureDecisionMachine';
import type { Alert, FaultEntry } from '../model/scenario';
import type { PathKind, PathStatus } from '../model/statusTable';
import type { PairState, SiteId, TakeoverKind } from '../model/storageTypes';

/**
 * High-water marks of the data stream (per writer, the highest write sequence): acknowledged at
 * the production data volume and applied (copied) at the standby data volume. Writes are bulk
 * data moving as RxJS items, not statechart events: the hub keeps the marks and hands them over
 * with each takeover.
 */
export interface WriteMarks {
  acknowledged: Readonly<Record<string, number>>;
  copied: Readonly<Record<string, number>>;
}

/** What a host is doing: running, hung (frozen, will resume) or crashed. */
export type HostCondition = 'up' | 'hung' | 'crashed';

/** One observation of the world, at simulated time `at` (ms). */
export type Observation =
  /** A host of the group changed state. */
  | { type: 'HOST'; at: number; host: string; site: SiteId; state: HostCondition }
  /** A storage subsystem failed or came back. */
  | { type: 'STORAGE'; at: number; site: SiteId; up: boolean }
  /** The group's application started or stopped running on a host. */
  | { type: 'APP'; at: number; host: string; site: SiteId; running: boolean }
  /** A standby receiver's row changed status (FIG. 2/7). */
  | { type: 'PATH'; at: number; host: string; path: PathKind; status: PathStatus }
  /** A standby failure decision changed verdict (not counting the declaration itself). */
  | { type: 'VERDICT'; at: number; host: string; verdict: Verdict }
  /** A standby failure decision declared production failed (the failover starts). */
  | { type: 'DECLARED'; at: number; host: string; verdict: Verdict; reason: string }
  /** An alert was raised for the group. */
  | { type: 'ALERT'; at: number; alert: Alert }
  /** A write was acknowledged at one of the group's data volumes (sent while they diverge). */
  | { type: 'WRITE'; at: number; volume: string; writer: string; writeSeq: number }
  /**
   * The standby array carried out (or refused) a takeover of the group's data pair, with the
   * high-water marks of the data stream at that instant.
   */
  | {
      type: 'TAKEOVER';
      at: number;
      result: TakeoverKind | 'refused';
      detail: string;
      writes: WriteMarks;
    }
  /** One of the group's pairs changed state. */
  | { type: 'PAIR'; at: number; pair: 'data' | 'heartbeat'; from: PairState; to: PairState }
  /** A timeline entry was carried out (`apply`) or reverted after its `for` (`revert`). */
  | { type: 'FAULT'; at: number; fault: FaultEntry; phase: 'apply' | 'revert' }
  /** Every fault of the timeline is over and the world is whole again (two-phase runs). */
  | { type: 'HEALED'; at: number }
  /** The run reached its horizon. */
  | { type: 'END'; at: number };

/** What a monitor found: a violated invariant, or a finding (false failover). */
export interface MonitorFinding {
  /** When it happened (simulated ms). */
  atMs: number;
  /** One line: what was violated and how. */
  summary: string;
  /** The observations that led to it, oldest first, each `<time> <what>`. */
  evidence: string[];
}

/** Context every monitor keeps: its finding (if any) and a short evidence log. */
export interface MonitorContextBase {
  group: string;
  /** The last few relevant observations (at most {@link EVIDENCE_LINES}). */
  evidence: string[];
  finding: MonitorFinding | null;
}

/** How many evidence lines a monitor keeps (bounded memory over long runs). */
export const EVIDENCE_LINES = 10;
