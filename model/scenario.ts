/**
 * The scenario model shared by TypeScript scenario scripts and scenario files (SPEC §4.2), and the
 * run report (SPEC §4.3). Durations are ms once parsed.
 */
import type { CheckingMethod, ClusterConfig, ConfigOverrides, TopologyConfig } from './config';

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
  | 'foreign-heartbeat'
  | 'isolate'
  | 'disaster'
  | 'set-method'
  | 'install'
  | 'uninstall'
  | 'failback'
  | 'resync';

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
  /** Failure declared within this long of the failure onset (SPEC §3), in every group. */
  detectionWithin?: number;
  /** Application running at the standby within this long of the failure onset, in every group. */
  failoverWithin?: number;
  /** At most this much unavailability (no site acknowledging writes), in every group. */
  maxUnavailable?: number;
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

/**
 * What a run measured (SPEC §3, §4.3), for the run or for one application group. Times are
 * simulated ms; every figure comes from the observers (monitors/).
 */
export interface RunOutcome {
  failover: {
    /** A failover completed: the application runs on the standby group. */
    happened: boolean;
    /** The first declaration of a production failure (the run: the first of any group). */
    declaredAtMs: number | null;
    /** The first completed failover (the run: the first of any group). */
    completedAtMs: number | null;
  };
  /** When the first fault of the timeline struck (operator actions and repairs are not faults). */
  firstFaultMs: number | null;
  /**
   * The failure the failover answers: when production stopped being able to serve (no production
   * host up with the application running on a working array). The run: the earliest group's.
   */
  failureOnsetMs: number | null;
  /** Failure onset → failure declared (the run: the slowest group's). */
  detectionMs: number | null;
  /** Failure onset → application running on the standby (the run: the slowest group's). */
  failoverMs: number | null;
  /**
   * Total time no site acknowledged the application's writes (the users' view; the run: the
   * group unavailable longest). See monitors/outcomeObserver.ts for the exact definition.
   */
  unavailableMs: number;
  /** A failover while production could still serve (any group). */
  falseFailover: boolean;
  /** Writes accepted at both sites after they diverged (any group). */
  splitBrain: boolean;
  /** Production writes acknowledged after the copies diverged (sum over groups). */
  divergentWrites: number;
  /** Writes acknowledged at the site given up, missing at the volume taken over (sum over groups). */
  lostWrites: number;
}

/** One application group's outcome. */
export interface GroupOutcome {
  /** `app`, `app2`, … */
  group: string;
  outcome: RunOutcome;
}

/** The resolved configuration of a run, with its topology (SPEC §4.3 `config`). */
export type ResolvedRunConfig = ClusterConfig & { topology: TopologyConfig };

/** The run report (`run --json`), exactly SPEC §4.3. */
export interface RunReport {
  scenario: string;
  seed: number;
  /** mirrorbeat's version (package.json). */
  version: string;
  /** True exactly when every expectation and invariant holds (exit code 0). */
  ok: boolean;
  simulatedMs: number;
  config: ResolvedRunConfig;
  outcome: RunOutcome;
  /** The same figures for each application group. */
  groups: GroupOutcome[];
  alerts: Alert[];
  invariants: { name: string; ok: boolean; detail?: string }[];
  expectations: { name: string; ok: boolean; detail: string }[];
  events: number;
  traceHash: string;
}
