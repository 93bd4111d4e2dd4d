/**
 * The verdicts of the standby's failure decision (SPEC §1.8 table), shared by the decision
 * statechart (machines/failureDecisionMachine.ts) and the observers that watch it.
 */
export type Verdict =
  | 'running'
  | 'suspect'
  | 'network-partitioned'
  | 'replication-down'
  | 'heartbeat-writer-fault'
  | 'site-isolated'
  | 'production-failed'
  | 'takeover-requested';
