/**
 * What the invariant monitors consume and produce. Their input alphabet is the world's
 * observation stream (model/observation.ts) plus two events the monitor hub makes itself:
 * `HEALED` (every fault of the timeline is over and the world is whole again — the second phase of
 * a two-phase run) and `END` (the run reached its horizon). Monitors only watch: they never send
 * to the system (P-language `spec` machines).
 */
import type { Observation } from '../model/observation';

/** The data-physics rules (monitors/dataPhysics.ts). */
export type PhysicsRule = 'svol-write' | 'copy' | 'lost-writes';

/** A violation of data physics. */
export interface PhysicsViolation {
  rule: PhysicsRule;
  summary: string;
}

/** A write that landed on a volume (a host's write or an update copy). */
export type VolumeWrite = Extract<Observation, { type: 'VOLUME_WRITE' }>;

/** One event a monitor receives. */
export type MonitorEvent =
  | Observation
  /** Every fault of the timeline is over and the world is whole again (hub-made). */
  | { type: 'HEALED'; at: number }
  /** The run reached its horizon (hub-made). */
  | { type: 'END'; at: number }
  /**
   * A write that broke a data-physics rule (hub-made: the hub feeds every landing to the
   * checker's ledger itself and tells the statechart only of a broken rule).
   */
  | {
      type: 'PHYSICS.BROKEN';
      at: number;
      write: VolumeWrite;
      violation: PhysicsViolation;
    };

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
