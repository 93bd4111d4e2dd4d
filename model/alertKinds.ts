/**
 * Every alert kind a run can raise, as a runtime list (for validating `expect.alerts`).
 */
import type { AlertKind } from './scenario';

/** Every {@link AlertKind}, in the order of the union in model/scenario.ts. */
export const ALERT_KINDS = [
  'network-heartbeat-lost',
  'mirror-heartbeat-lost',
  'heartbeat-warning',
  'heartbeat-restored',
  'heartbeat-write-failed',
  'pair-suspended',
  'network-partitioned',
  'replication-down',
  'heartbeat-writer-fault',
  'clock-skew',
  'failure-declared',
  'operator-decision-required',
  'failover-started',
  'fence-unconfirmed',
  'failover-completed',
  'failover-refused',
  'local-takeover',
  'self-fenced',
  'takeover-requested',
  'install-failed',
  'installed',
  'uninstalled',
  'uninstall-aborted',
  'method-changed',
  'method-refused',
  'failback-completed',
  'failback-refused'
] as const satisfies readonly AlertKind[];

/** Compile-time proof that {@link ALERT_KINDS} lists every member of {@link AlertKind}. */
type MissingAlertKind = Exclude<AlertKind, (typeof ALERT_KINDS)[number]>;
const _everyAlertKindListed: [MissingAlertKind] extends [never] ? true : MissingAlertKind = true;

/** True when `value` is a known {@link AlertKind}. */
export function isAlertKind(value: unknown): value is AlertKind {
  return (ALERT_KINDS as readonly unknown[]).includes(value);
}
