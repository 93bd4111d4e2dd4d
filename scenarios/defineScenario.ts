/**
 * Typed builders for TypeScript scenario scripts. A script writes the same shape as a scenario
 * file (SPEC §4.2), with durations as strings (`'5s'`) or ms, and goes through the same schema:
 * a script gets exactly the errors a file would.
 *
 * @example
 * ```ts
 * export default defineScenario({
 *   name: 'partition-with-mirror-alive',
 *   duration: '3m',
 *   faults: [at('30s').partition({ for: '60s' })],
 *   expect: { failover: false, alerts: ['network-heartbeat-lost'] }
 * });
 * ```
 */
import type {
  CheckingMethod,
  FailoverConfig,
  HeartbeatConfig,
  HostsConfig,
  NetworkConfig,
  RemoteCopyConfig,
  StorageConfig,
  TopologyConfig,
  WorkloadConfig
} from '../model/config';
import type { DurationUnit } from '../model/durations';
import { validateScenario } from '../model/loadScenario';
import type {
  AlertKind,
  Expectations,
  FaultAction,
  FaultEntry,
  PartitionDirection,
  Scenario
} from '../model/scenario';
import type { SiteId } from '../model/storageTypes';

/** A duration: `'250ms'`, `'1.5s'`, `'2m'`, `'1h'` (`'-2s'` for a skew offset) or a number of ms. */
export type DurationInput = number | `${number}${DurationUnit}`;

/** `T` with every key optional and the keys `K` taking a {@link DurationInput}. */
export type WithDurations<T, K extends keyof T> = {
  [P in keyof T]?: P extends K ? DurationInput : T[P];
};

/** Configuration overrides as a script writes them. */
export interface ConfigInput {
  heartbeat?: WithDurations<
    HeartbeatConfig,
    'interval' | 'timeout' | 'pollInterval' | 'selfFenceAfter' | 'ioTimeout'
  >;
  network?: WithDurations<NetworkConfig, 'latency' | 'jitter'>;
  remoteCopy?: WithDurations<RemoteCopyConfig, 'latency' | 'jitter' | 'initialCopyTime'>;
  storage?: WithDurations<StorageConfig, 'serviceTime'>;
  failover?: WithDurations<FailoverConfig, 'confirmWait' | 'fenceTimeout' | 'appStartTime'>;
  hosts?: WithDurations<HostsConfig, 'localTakeover'>;
  workload?: Partial<WorkloadConfig>;
}

/** One timeline entry as a script writes it. */
export type FaultInput = Omit<FaultEntry, 'at' | 'for' | 'latency' | 'jitter' | 'offset'> & {
  at: DurationInput;
  for?: DurationInput;
  latency?: DurationInput;
  jitter?: DurationInput;
  offset?: DurationInput;
};

/** Expectations as a script writes them. */
export type ExpectationsInput = Omit<
  Expectations,
  'detectionWithin' | 'failoverWithin' | 'maxUnavailable' | 'alerts'
> & {
  detectionWithin?: DurationInput;
  failoverWithin?: DurationInput;
  maxUnavailable?: DurationInput;
  alerts?: AlertKind[];
};

/** A scenario as a script writes it: the file shape of SPEC §4.2. */
export interface ScenarioInput {
  name: string;
  description?: string;
  /** Default 1. */
  seed?: number;
  duration: DurationInput;
  /** Default one host per host group, one group. */
  topology?: Partial<TopologyConfig>;
  config?: ConfigInput;
  faults?: FaultInput[];
  expect?: ExpectationsInput;
}

/**
 * Validate a scenario script's object and return the {@link Scenario} (durations in ms, defaults
 * applied).
 *
 * @param input - the scenario.
 * @param source - what error messages name (default `scenario "<name>"`).
 * @throws {@link ScenarioError} exactly as a scenario file with the same content would.
 */
export function defineScenario(input: ScenarioInput, source?: string): Scenario {
  const name = typeof input?.name === 'string' ? input.name : '?';
  return validateScenario(input, source ?? `scenario "${name}"`);
}

/** `for`: revert the fault after that long. */
export interface RevertOption {
  for?: DurationInput;
}

/** Parameters of `degrade`. */
export interface DegradeOptions extends RevertOption {
  latency?: DurationInput;
  jitter?: DurationInput;
  /** Loss probability, 0–1. */
  loss?: number;
}

/** Parameters of `partition`. */
export interface PartitionOptions extends RevertOption {
  /** Default `both`. */
  direction?: PartitionDirection;
}

/** The faults and actions of SPEC §2 at one instant; each returns a {@link FaultInput}. */
export interface FaultBuilder {
  /** Crash a host or a storage subsystem (`for`: recover it after that long). */
  crash(target: string, options?: RevertOption): FaultInput;
  /** Recover a crashed host or storage subsystem. */
  recover(target: string): FaultInput;
  /** Stop a host from running for `for`, then let it resume (the split-brain classic). */
  hang(target: string, options: Required<RevertOption>): FaultInput;
  /** Partition the network (default both directions). */
  partition(options?: PartitionOptions): FaultInput;
  /** Heal the network. */
  heal(): FaultInput;
  /** Cut the remote-copy link. */
  cut(options?: RevertOption): FaultInput;
  /** Restore the remote-copy link. */
  restore(): FaultInput;
  /** Degrade the network or the remote-copy link (at least one of latency, jitter, loss). */
  degrade(target: 'network' | 'remote-link', options: DegradeOptions): FaultInput;
  /** Make a volume fail its I/O. */
  ioError(volume: string, options?: RevertOption): FaultInput;
  /** Skew a host's clock by `offset` (may be negative). */
  skew(host: string, offset: DurationInput, options?: RevertOption): FaultInput;
  /**
   * A misconfigured second cluster sends its own heartbeats (another identifier) to `host` over
   * the network, every heartbeat interval, for `for`.
   */
  foreignHeartbeat(host: string, options: { for: DurationInput }): FaultInput;
  /**
   * Cut `site` off: both links between the sites (the host network and the remote-copy link)
   * lost at once, as when they share one route (repaired by `heal` and `restore`, or `for`).
   */
  isolate(site: SiteId, options?: RevertOption): FaultInput;
  /** Lose a whole site: all its hosts and its storage. */
  disaster(site: SiteId): FaultInput;
  /** Change the heartbeat checking method live (FIG. 8). */
  setMethod(method: CheckingMethod): FaultInput;
  /** Install the heartbeat mirror (FIG. 4), of `group` or of every group. */
  install(group?: string): FaultInput;
  /** De-install the heartbeat mirror (FIG. 5), of `group` or of every group. */
  uninstall(group?: string): FaultInput;
  /** Fail back to the production site. */
  failback(): FaultInput;
  /** The operator's pairresync of the pair of `volume`, or of every suspended pair. */
  resync(volume?: string): FaultInput;
}

/**
 * The faults and actions at time `time`: `at('10s').crash('prod-1')`,
 * `at('30s').partition({ for: '60s', direction: 'prod-to-standby' })`.
 */
export function at(time: DurationInput): FaultBuilder {
  const entry = (action: FaultAction, fields: Omit<Partial<FaultInput>, 'at' | 'action'> = {}) => {
    const out: FaultInput = { at: time, action };
    for (const [key, value] of Object.entries(fields)) {
      if (value !== undefined) (out as unknown as Record<string, unknown>)[key] = value;
    }
    return out;
  };
  return {
    crash: (target, options = {}) => entry('crash', { target, for: options.for }),
    recover: (target) => entry('recover', { target }),
    hang: (target, options) => entry('hang', { target, for: options.for }),
    partition: (options = {}) =>
      entry('partition', { direction: options.direction, for: options.for }),
    heal: () => entry('heal'),
    cut: (options = {}) => entry('cut', { for: options.for }),
    restore: () => entry('restore'),
    degrade: (target, options) =>
      entry('degrade', {
        target,
        latency: options.latency,
        jitter: options.jitter,
        loss: options.loss,
        for: options.for
      }),
    ioError: (volume, options = {}) => entry('io-error', { target: volume, for: options.for }),
    skew: (host, offset, options = {}) => entry('skew', { target: host, offset, for: options.for }),
    foreignHeartbeat: (host, options) =>
      entry('foreign-heartbeat', { target: host, for: options.for }),
    isolate: (site, options = {}) => entry('isolate', { target: site, for: options.for }),
    disaster: (site) => entry('disaster', { target: site }),
    setMethod: (method) => entry('set-method', { method }),
    install: (group) => entry('install', { group }),
    uninstall: (group) => entry('uninstall', { group }),
    failback: () => entry('failback'),
    resync: (volume) => entry('resync', { target: volume })
  };
}
