/**
 * What each fault action accepts (SPEC §2): the kinds of target it names, its default target, and
 * which parameters it requires or allows. The scenario schema checks every fault against this.
 */
import type { FaultAction, FaultEntry } from './scenario';

/** Every {@link FaultAction}, in the order of SPEC §2. */
export const FAULT_ACTIONS = [
  'crash',
  'recover',
  'hang',
  'partition',
  'heal',
  'cut',
  'restore',
  'degrade',
  'io-error',
  'skew',
  'foreign-heartbeat',
  'isolate',
  'disaster',
  'set-method',
  'install',
  'uninstall',
  'failback',
  'resync'
] as const satisfies readonly FaultAction[];

type MissingFaultAction = Exclude<FaultAction, (typeof FAULT_ACTIONS)[number]>;
const _everyFaultActionListed: [MissingFaultAction] extends [never] ? true : MissingFaultAction =
  true;

/** A kind of id a fault can target. */
export type TargetKind = 'host' | 'storage' | 'volume' | 'network' | 'remote-link' | 'site';

/** A fault parameter (every key of a fault entry but `at`, `action` and `target`). */
export type FaultParam = Exclude<keyof FaultEntry, 'at' | 'action' | 'target'>;

/** Every fault parameter, in the order of {@link FaultEntry}. */
export const FAULT_PARAMS: readonly FaultParam[] = [
  'for',
  'direction',
  'latency',
  'jitter',
  'loss',
  'offset',
  'method',
  'group'
];

/** What one action accepts. */
export interface FaultRule {
  /** Kinds of id the target may be; empty when the action takes no target. */
  targets: readonly TargetKind[];
  /** Target used when none is given (then the target is optional). */
  defaultTarget?: string;
  /** The target may be left out: the action then concerns every id it could name. */
  targetOptional?: boolean;
  /** Parameters that must be given. */
  required: readonly FaultParam[];
  /** Parameters that may be given. */
  optional: readonly FaultParam[];
  /** At least one of these must be given. */
  atLeastOne?: readonly FaultParam[];
}

/**
 * The rule of every action. `for` (revert after that long) is accepted by the faults that can be
 * reverted: crash, hang (required), partition, cut, degrade, io-error, skew,
 * foreign-heartbeat (required) and isolate.
 */
export const FAULT_RULES: Readonly<Record<FaultAction, FaultRule>> = {
  crash: { targets: ['host', 'storage'], required: [], optional: ['for'] },
  recover: { targets: ['host', 'storage'], required: [], optional: [] },
  hang: { targets: ['host'], required: ['for'], optional: [] },
  partition: {
    targets: ['network'],
    defaultTarget: 'network',
    required: [],
    optional: ['direction', 'for']
  },
  heal: { targets: ['network'], defaultTarget: 'network', required: [], optional: [] },
  cut: { targets: ['remote-link'], defaultTarget: 'remote-link', required: [], optional: ['for'] },
  restore: { targets: ['remote-link'], defaultTarget: 'remote-link', required: [], optional: [] },
  degrade: {
    targets: ['network', 'remote-link'],
    required: [],
    optional: ['latency', 'jitter', 'loss', 'for'],
    atLeastOne: ['latency', 'jitter', 'loss']
  },
  'io-error': { targets: ['volume'], required: [], optional: ['for'] },
  skew: { targets: ['host'], required: ['offset'], optional: ['for'] },
  // A misconfigured second cluster sends its heartbeats to this host (until it is corrected).
  'foreign-heartbeat': { targets: ['host'], required: ['for'], optional: [] },
  // Both links between the sites lost at once (one route): the network partitioned, the link cut.
  isolate: { targets: ['site'], required: [], optional: ['for'] },
  disaster: { targets: ['site'], required: [], optional: [] },
  'set-method': { targets: [], required: ['method'], optional: [] },
  install: { targets: [], required: [], optional: ['group'] },
  uninstall: { targets: [], required: [], optional: ['group'] },
  failback: { targets: [], required: [], optional: [] },
  // pairresync: a volume of the pair (issued at the array holding it); none: every suspended pair.
  resync: { targets: ['volume'], targetOptional: true, required: [], optional: [] }
};

/** Everything `action` accepts besides `at` and `action`, for messages (`target, for`). */
export function acceptedKeys(action: FaultAction): string[] {
  const rule = FAULT_RULES[action];
  return [...(rule.targets.length > 0 ? ['target'] : []), ...rule.required, ...rule.optional];
}
