/**
 * Every timer derived from other timers, computed in one place. Hosts, lifecycle flows and the
 * observers' bounds all read these, so a change of one configured value moves every timer built
 * on it together.
 *
 * @example
 * ```ts
 * const t = deriveTimers(resolveConfig());
 * t.takeoverTimeout; // 2000 + 4 × (2 + 0.5) + 1000 = 3010 ms
 * ```
 */
import type { ClusterConfig } from './config';

/** The derived timers of one configuration (ms). */
export interface DerivedTimers {
  /** How long the standby array may take to answer a takeover (or any pair) command. */
  takeoverTimeout: number;
  /** How long the application may take to start before its start is given up. */
  startTimeout: number;
  /** After a refused failover, how long before the decision may judge again. */
  retryDelay: number;
  /**
   * How long the standby waits after a site isolation before taking over when production
   * self-fences (bidirectional heartbeats): production's `selfFenceAfter`, one heartbeat interval
   * and one poll (the two sides may have heard each other last that far apart), the network's
   * latency and jitter and two I/O service times (the last reads and writes in flight).
   */
  selfFenceWait: number;
  /**
   * Bidirectional heartbeats: the longest pause of a production host after which the reverse
   * heartbeats it reads are still trusted (one heartbeat interval, well inside the slack of
   * `selfFenceWait`); after a longer one with the network channel invalid it fences itself.
   */
  pauseTolerance: number;
  /** Lifecycle flows: messages sent before giving up. */
  attempts: number;
  /** Lifecycle flows: a network round trip plus one heartbeat interval. */
  ackTimeout: number;
  /** Lifecycle flows: how long the array may take to answer a pair command. */
  commandTimeout: number;
  /** Lifecycle flows: how long an initial or resync copy may take. */
  copyTimeout: number;
  /** Failback: how long the standby's lease takes to run out after its last renewal. */
  quorumTimeout: number;
  /** Local membership: period of the local heartbeats between members of a host group. */
  localBeatInterval: number;
  /** Local membership: a member silent this long is taken for dead. */
  localBeatTimeout: number;
  /** Local membership: after the active member is taken for dead, the successor's wait. */
  localPromoteDelay: number;
  /** How often a host polls its own array while it waits for a pair to change state. */
  pairPollInterval: number;
}

/** The derived timers of `config`. */
export function deriveTimers(config: ClusterConfig): DerivedTimers {
  const { heartbeat: hb, network, remoteCopy: rc, failover, hosts, storage } = config;
  const commandTimeout = hb.ioTimeout + 4 * (rc.latency + rc.jitter) + 1000;
  const localBeatInterval = Math.max(1, Math.round(hosts.localTakeover / 4));
  const localBeatTimeout = Math.max(localBeatInterval + 1, Math.round(hosts.localTakeover / 2));
  return {
    takeoverTimeout: commandTimeout,
    startTimeout: failover.appStartTime * 3 + 1000,
    retryDelay: hb.timeout,
    selfFenceWait: hb.bidirectional
      ? hb.selfFenceAfter +
        hb.interval +
        hb.pollInterval +
        network.latency +
        network.jitter +
        2 * storage.serviceTime
      : 0,
    pauseTolerance: hb.interval,
    attempts: 3,
    ackTimeout: hb.interval + 2 * (network.latency + network.jitter),
    commandTimeout,
    copyTimeout: 4 * rc.initialCopyTime + commandTimeout,
    quorumTimeout: hb.timeout + hb.interval + 1000,
    localBeatInterval,
    localBeatTimeout,
    localPromoteDelay: Math.max(0, hosts.localTakeover - localBeatTimeout),
    pairPollInterval: hb.pollInterval
  };
}
