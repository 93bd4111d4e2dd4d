/**
 * The liveness bound of SPEC §3 — "a real production failure leads to failover (or an operator
 * alert) within timeout + pollInterval + copy lag + takeover time" — made exact for this design,
 * and the extra allowance a degraded network or remote link adds while it is in force.
 *
 * After production stops (host group gone or production array failed) at F, with the standby able
 * to watch:
 * - the last heartbeat carried by the network arrives by F + network latency + jitter;
 * - the last heartbeat written to the P-VOL reaches the S-VOL by F + service time + link latency
 *   + jitter (plus retransmissions on a lossy link), and a poll sees it at most one poll period and
 *   one read (service time) later;
 * - each path turns invalid `timeout` after its serial last advanced; the decision declares (or
 *   alerts the operator on a site isolation) when the last path turns invalid;
 * - a failed production array is also noticed by the application itself: its next write times out
 *   after `ioTimeout` and production asks for the takeover over the network;
 * - a standby host group of several hosts first fails over locally (`localTakeover`), and with
 *   bidirectional heartbeats the standby waits for production to have fenced itself (before an
 *   automatic takeover on a site isolation, and before any declaration on the network heartbeat
 *   alone) (`selfFenceWait` of model/timers.ts: `selfFenceAfter` plus the slack of one
 *   heartbeat interval, one poll, the network and two I/O service times).
 * So the bound is timeout + pollInterval + ioTimeout + 2 × (link latency + jitter + service time)
 * + network latency + jitter (+ localTakeover, + selfFenceWait where they apply).
 *
 * A standby host that comes back (or a local successor) watches afresh: it asks its array whose
 * the volumes are, starts its receiver at a seeded phase of one poll period and waits a whole
 * timeout from that start; the poll period and `ioTimeout` in the bound cover the phase and the
 * array's answer, so the monitor only starts the bound again at that moment.
 */
import type { ClusterConfig, TopologyConfig } from '../model/config';
import type { FaultEntry } from '../model/scenario';
import { deriveTimers } from '../model/timers';

/** Most retransmissions the remote link draws per message (actors/storage/createRemoteLink.ts). */
export const LINK_MAX_RETRANSMITS = 8;
/** Extra delay of one retransmission (actors/storage/createRemoteLink.ts). */
export const LINK_RETRANSMIT_PENALTY = 10;

/** Worst extra delay of one message over a link of this quality (retransmissions included). */
export function linkDelay(latency: number, jitter: number, loss: number): number {
  const retransmits = loss > 0 ? LINK_MAX_RETRANSMITS * (2 * latency + LINK_RETRANSMIT_PENALTY) : 0;
  return latency + jitter + retransmits;
}

/** The liveness bound (ms) of a configuration, before any degradation. */
export function livenessBound(config: ClusterConfig, topology: TopologyConfig): number {
  const hb = config.heartbeat;
  const rc = config.remoteCopy;
  const copyLag = 2 * linkDelay(rc.latency, rc.jitter, rc.loss) + 2 * config.storage.serviceTime;
  const local = topology.hostsPerGroup > 1 ? config.hosts.localTakeover : 0;
  const selfFence = hb.bidirectional ? deriveTimers(config).selfFenceWait : 0;
  return (
    hb.timeout +
    hb.pollInterval +
    hb.ioTimeout +
    copyLag +
    config.network.latency +
    config.network.jitter +
    local +
    selfFence
  );
}

/**
 * Extra time (ms) a fault may add to the bound: a `degrade` while it is in force; an I/O error on
 * a heartbeat volume for its length (the receiver cannot read the serial meanwhile, so the mirror
 * path's last advance may be seen that much later); 0 otherwise.
 */
export function degradeAllowance(fault: FaultEntry): number {
  if (fault.action === 'io-error' && /(^|-)r?hb$/.test(fault.target ?? '')) return fault.for ?? 0;
  if (fault.action !== 'degrade') return 0;
  const latency = fault.latency ?? 0;
  const jitter = fault.jitter ?? 0;
  if (fault.target === 'remote-link') return 2 * linkDelay(latency, jitter, fault.loss ?? 0);
  return latency + jitter;
}

/**
 * Extra time (ms) an operator's method change (FIG. 8) may add while a failure is being detected:
 * the standby watches both paths and holds its verdict through the handshake, which a dead
 * production never acknowledges — `attempts` messages, each waiting `ackTimeout`.
 */
export function methodChangeAllowance(config: ClusterConfig): number {
  const t = deriveTimers(config);
  return t.attempts * t.ackTimeout;
}

/**
 * How long a healed world may take to converge (ms): a detection still under way (the liveness
 * bound), then a whole failover — confirmation wait, fence request, takeover, application start —
 * and a local takeover and an application start on the site that keeps serving.
 */
export function convergenceBound(config: ClusterConfig, topology: TopologyConfig): number {
  const f = config.failover;
  const { takeoverTimeout, startTimeout } = deriveTimers(config);
  return (
    livenessBound(config, topology) +
    f.confirmWait +
    f.fenceTimeout +
    takeoverTimeout +
    startTimeout +
    config.hosts.localTakeover +
    f.appStartTime
  );
}
