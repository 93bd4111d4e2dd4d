/**
 * The scenario model shared by TypeScript scenario scripts and scenario files (SPEC §4.2), and the
 * run report (SPEC §4.3). Durations are ms once parsed.
 */
import type { CheckingMethod, ConfigOverrides, TopologyConfig } from './config';

export type FaultAction =
  | 'crash'
  | 'recover'
  | 'hang'
  | 'partition'
  | 'heal'
  | 'cut'
  | 'restore'
  | 'degrade'
  | 'io-error'
  | 'skew'
  | 'disaster'
  | 'set-method'
  | 'install'
  | 'uninstall'
  | 'failback';

export type PartitionDirection = 'both' | 'prod-to-standby' | 'standby-to-prod';

/** One timeline entry `{ at, action, target?, for?, ...params }`. */
export interface FaultEntry {
  at: number;
  action: FaultAction;
  target?: string;
  /** Revert the fault after this long. */
  for?: number;
  direction?: PartitionDirection;
  latency?: number;
  jitter?: number;
  loss?: number;
  offset?: number;
  method?: CheckingMethod;
  group?: string;
}

export interface Expectations {
  failover?: boolean;
  failoverWithin?: number;
  splitBrain?: boolean;
  maxLostWrites?: number;
  alerts?: string[];
  /** Whether a failover while production could still serve happens (a finding otherwise). */
  falseFailover?: boolean;
  /**
   * After the last timeline entry, with every fault over, the cluster converges: exactly one site
   * runs the application (the second phase of a two-phase run).
   */
  converges?: boolean;
}

export interface Scenario {
  name: string;
  description?: string;
  seed: number;
  duration: number;
  topology: TopologyConfig;
  config: ConfigOverrides;
  faults: FaultEntry[];
  expect: Expectations;
}

export type AlertKind =
  | 'network-heartbeat-lost'
  | 'mirror-heartbeat-lost'
  | 'heartbeat-warning'
  | 'heartbeat-restored'
  | 'heartbeat-write-failed'
  | 'pair-suspended'
  | 'network-partitioned'
  | 'replication-down'
  | 'heartbeat-writer-fault'
  | 'clock-skew'
  | 'failure-declared'
  | 'operator-decision-required'
  | 'failover-started'
  | 'fence-unconfirmed'
  | 'failover-completed'
  | 'failover-refused'
  | 'local-takeover'
  | 'self-fenced'
  | 'takeover-requested'
  | 'install-failed'
  | 'installed'
  | 'uninstalled'
  | 'uninstall-aborted'
  | 'method-changed'
  | 'method-refused'
  | 'failback-completed'
  | 'failback-refused';

export interface Alert {
  atMs: number;
  kind: AlertKind;
  source: string;
  detail: string;
}

/** The run report (`run --json`), exactly SPEC §4.3. */
export interface RunReport {
  scenario: string;
  seed: number;
  simulatedMs: number;
  outcome: {
    failover: { happened: boolean; declaredAtMs: number | null; completedAtMs: number | null };
    detectionMs: number | null;
    falseFailover: boolean;
    splitBrain: boolean;
    divergentWrites: number;
    lostWrites: number;
  };
  alerts: Alert[];
  invariants: { name: string; ok: boolean; detail?: string }[];
  expectations: { name: string; ok: boolean; detail: string }[];
  events: number;
  traceHash: string;
}
