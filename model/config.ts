/**
 * Resolved configuration of a simulated cluster (all durations in ms), with the defaults of the
 * specification (SPEC §4.2).
 */
import type { CopyMode, FenceLevel } from './storageTypes';

export type CheckingMethod = 'network' | 'mirror' | 'both';
export type SiteIsolationPolicy = 'manual' | 'automatic' | 'tiebreaker';

export interface HeartbeatConfig {
  method: CheckingMethod;
  interval: number;
  timeout: number;
  pollInterval: number;
  /** Second configuration: a reverse heartbeat pair so each side monitors the other. */
  bidirectional: boolean;
  /** Production stops its application after losing both channels to the standby this long. */
  selfFenceAfter: number;
  /** I/O timeout of the heartbeat programs (a failed array answers nothing). */
  ioTimeout: number;
}

export interface NetworkConfig {
  latency: number;
  jitter: number;
  loss: number;
}

export interface RemoteCopyConfig {
  mode: CopyMode;
  latency: number;
  jitter: number;
  loss: number;
  fenceLevel: FenceLevel;
  journalCapacity: number;
  /** Time to carry out the initial copy of a new pair (COPY → PAIR). */
  initialCopyTime: number;
  /**
   * Cluster software on the host holding a P-VOL resynchronises its pair once it is suspended by
   * error (PSUE) and the array accepts the resync again (the link is back).
   */
  autoResync: boolean;
}

export interface StorageConfig {
  /** Service time of one read or write I/O. */
  serviceTime: number;
}

export interface FailoverConfig {
  onSiteIsolation: SiteIsolationPolicy;
  confirmWait: number;
  /** How long the standby waits for production to acknowledge a fence request. */
  fenceTimeout: number;
  /** Time to start the application on the standby group. */
  appStartTime: number;
}

export interface HostsConfig {
  /** Local (same-site) takeover inside a host group. */
  localTakeover: number;
}

export interface WorkloadConfig {
  writesPerSecond: number;
}

export interface ClusterConfig {
  heartbeat: HeartbeatConfig;
  network: NetworkConfig;
  remoteCopy: RemoteCopyConfig;
  storage: StorageConfig;
  failover: FailoverConfig;
  hosts: HostsConfig;
  workload: WorkloadConfig;
}

export interface TopologyConfig {
  /** Hosts in each host group (default 1). */
  hostsPerGroup: number;
  /** Host groups (applications) sharing the two storage subsystems (default 1). */
  groups: number;
}

export const DEFAULT_TOPOLOGY: TopologyConfig = { hostsPerGroup: 1, groups: 1 };

export const DEFAULT_CONFIG: ClusterConfig = {
  heartbeat: {
    method: 'both',
    interval: 1000,
    timeout: 5000,
    pollInterval: 1000,
    bidirectional: false,
    selfFenceAfter: 10_000,
    ioTimeout: 2000
  },
  network: { latency: 1, jitter: 0.5, loss: 0 },
  remoteCopy: {
    mode: 'sync',
    latency: 2,
    jitter: 0.5,
    loss: 0,
    fenceLevel: 'data',
    journalCapacity: 1000,
    initialCopyTime: 500,
    autoResync: false
  },
  storage: { serviceTime: 1 },
  failover: { onSiteIsolation: 'manual', confirmWait: 0, fenceTimeout: 1000, appStartTime: 1000 },
  hosts: { localTakeover: 2000 },
  workload: { writesPerSecond: 10 }
};

/** Deep partial, for overrides. */
export type ConfigOverrides = { [K in keyof ClusterConfig]?: Partial<ClusterConfig[K]> };

/** Merge overrides onto the defaults. */
export function resolveConfig(overrides: ConfigOverrides = {}): ClusterConfig {
  const out = structuredClone(DEFAULT_CONFIG) as ClusterConfig;
  for (const key of Object.keys(overrides) as (keyof ClusterConfig)[]) {
    Object.assign(out[key], overrides[key]);
  }
  return out;
}
