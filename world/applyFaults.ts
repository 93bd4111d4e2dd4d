/**
 * Faults are data: each timeline entry `{ at, action, target?, for?, ...params }` is booked once on
 * the simulation clock and carried out through one table of `{ apply, revert }` per action,
 * aimed at the actor it names: a host, a storage subsystem, a volume, the network, the remote
 * link, or — for operator actions — the hosts of the host group that carries the action out
 * (production's for install and de-install, the standby's for the method change and the
 * failback), or — for the operator's pairresync — the storage subsystem holding the volume it
 * names. `for` books the revert.
 */
import type { Cluster } from './createCluster';
import type { FaultEntry } from '../model/scenario';
import { formatDuration } from '../model/durations';
import { STORAGE_IDS } from '../model/knownIds';
import type { SiteId } from '../model/storageTypes';
import type { HostAgent } from '../actors/host/createHostAgent';
import { encodeHeartbeat } from '../model/heartbeatMessage';

/** Actions that are operator actions or repairs, not faults (they do not start the clock of detection). */
export const OPERATOR_ACTIONS = new Set([
  'recover',
  'heal',
  'restore',
  'set-method',
  'install',
  'uninstall',
  'failback',
  'resync'
]);

type Action = FaultEntry['action'];

/** How one action is carried out and undone. */
interface FaultRule {
  apply(cluster: Cluster, fault: FaultEntry): void;
  /** Undo after `for` (absent: the action has no revert). */
  revert?(cluster: Cluster, fault: FaultEntry): void;
}

function isStorage(id: string | undefined): id is 'prod-storage' | 'standby-storage' {
  return id === STORAGE_IDS.production || id === STORAGE_IDS.standby;
}

const hostOf = (cluster: Cluster, fault: FaultEntry) =>
  fault.target ? cluster.hosts.get(fault.target) : undefined;

const siteOf = (fault: FaultEntry) => (fault.target ?? 'production') as SiteId;

/** Tell the hosts of a host group an operator action; the group's active member carries it out. */
function operate(cluster: Cluster, hosts: HostAgent[], what: string, act: (h: HostAgent) => void) {
  const running = hosts.filter((h) => h.state !== 'crashed');
  if (running.length === 0)
    cluster.narrate('scenario', 'info', `${what}: no host there is running`);
  for (const h of running) act(h);
}

/**
 * The operator's pairresync, entered at an array: of the pair of `volume` at the array holding it,
 * or — no volume — of every pair the arrays report suspended (PSUS or PSUE), each asked at the
 * array of its P-VOL (of its S-VOL when that one does not answer). The arrays' answers are
 * narrated; a resync the array refuses (link down, pair not suspended) changes nothing.
 */
function resync(cluster: Cluster, volume: string | undefined): void {
  const issue = (vol: string) =>
    cluster.storage
      .storageOf(vol)
      .command(vol, 'resync')
      .subscribe((r) =>
        cluster.narrate(
          'scenario',
          'info',
          r.ok ? `resync ${vol}: accepted (${r.value})` : `resync ${vol}: refused (${r.detail})`
        )
      );
  if (volume !== undefined) {
    issue(volume);
    return;
  }
  const pairs = cluster.ids.groups.flatMap((g) =>
    [g.data, g.heartbeat, g.reverseHeartbeat].filter((p) => p !== undefined)
  );
  let asked = 0;
  for (const { primary, secondary } of pairs) {
    const at = [primary, secondary].find((v) => cluster.storage.storageOf(v).isUp());
    if (!at) continue;
    asked++;
    cluster.storage
      .storageOf(at)
      .pairStatus(at)
      .subscribe((r) => {
        if (r.ok && (r.value.state === 'PSUE' || r.value.state === 'PSUS')) issue(at);
      });
  }
  if (asked === 0) cluster.narrate('scenario', 'info', 'resync: no array answers');
}

/** The foreign heartbeat streams in force, by timeline entry (stopped by the revert). */
const foreignStreams = new WeakMap<FaultEntry, { stopped: boolean }>();

/**
 * A misconfigured second cluster — a cloned configuration, the same group name and peer address,
 * its own heartbeat pair — sends its heartbeats to `host` every heartbeat interval: another
 * identifier, its own advancing serial, its own clock. It sits at the production site (a partition
 * between the sites blocks it too). A receiver must reject them (FIG. 3: the identifier).
 */
function startForeignHeartbeats(cluster: Cluster, fault: FaultEntry): void {
  const host = hostOf(cluster, fault);
  if (!host) return;
  const stream = { stopped: false };
  foreignStreams.set(fault, stream);
  const from = `foreign-cluster/${host.group}`;
  const identifier = `foreign-cluster/${host.group}/hb-pair`;
  let serial = 0;
  const beat = () => {
    if (stream.stopped) return;
    serial++;
    const data = encodeHeartbeat({ serial, time: cluster.sim.now(), identifier });
    // Both directions' receivers see them: a forward heartbeat at the standby, a reverse one at
    // production (bidirectional heartbeats).
    const reverse = host.site === 'production';
    cluster.network.send(from, host.id, { kind: 'hb', group: host.group, data, reverse });
    cluster.sim.clock.setTimeout(beat, cluster.config.heartbeat.interval);
  };
  beat();
}

const recoverTarget = (cluster: Cluster, fault: FaultEntry) => {
  if (isStorage(fault.target)) cluster.storage.storages[fault.target].recover();
  else hostOf(cluster, fault)?.recover();
};

/** The fault table: one `{ apply, revert }` per action of SPEC §2. */
export const FAULTS: Record<Action, FaultRule> = {
  crash: {
    apply: (c, f) => {
      if (isStorage(f.target)) c.storage.storages[f.target].crash();
      else hostOf(c, f)?.crash();
    },
    revert: recoverTarget
  },
  recover: { apply: recoverTarget },
  hang: {
    // `for` is the hang's length: the host resumes by itself (no revert entry).
    apply: (c, f) => {
      const host = hostOf(c, f);
      if (!host || host.state !== 'up') return;
      host.hang();
      c.sim.clock.setTimeout(() => {
        if (host.state !== 'hung') return;
        c.narrate(
          'scenario',
          'fault',
          `${host.id} resumes after hanging for ${formatDuration(f.for ?? 0)}`
        );
        host.resume();
      }, f.for ?? 0);
    }
  },
  partition: {
    apply: (c, f) => c.network.partition(f.direction ?? 'both'),
    revert: (c) => c.network.heal()
  },
  heal: { apply: (c) => c.network.heal() },
  cut: { apply: (c) => c.storage.link.cut(), revert: (c) => c.storage.link.restore() },
  restore: { apply: (c) => c.storage.link.restore() },
  degrade: {
    apply: (c, f) => {
      const params = { latency: f.latency, jitter: f.jitter, loss: f.loss };
      if (f.target === 'remote-link') c.storage.link.degrade(params);
      else c.network.degrade(params);
    },
    revert: (c, f) => {
      if (f.target === 'remote-link') c.storage.link.clearDegrade();
      else c.network.clearDegrade();
    }
  },
  'io-error': {
    apply: (c, f) => {
      if (f.target) c.storage.storageOf(f.target).ioError(f.target, true);
    },
    revert: (c, f) => {
      if (f.target) c.storage.storageOf(f.target).ioError(f.target, false);
    }
  },
  skew: {
    apply: (c, f) => hostOf(c, f)?.skew(f.offset ?? 0),
    revert: (c, f) => hostOf(c, f)?.skew(0)
  },
  'foreign-heartbeat': {
    apply: startForeignHeartbeats,
    revert: (_c, f) => {
      const stream = foreignStreams.get(f);
      if (stream) stream.stopped = true;
    }
  },
  isolate: {
    // One route carries both links between the sites: losing it partitions the network both
    // ways and cuts the remote link, at the same instant.
    apply: (c) => {
      c.network.partition('both');
      c.storage.link.cut();
    },
    revert: (c) => {
      c.network.heal();
      c.storage.link.restore();
    }
  },
  disaster: {
    apply: (c, f) => {
      for (const host of c.hostsAt(siteOf(f))) host.crash();
      c.storage.storages[STORAGE_IDS[siteOf(f)]].crash();
    },
    revert: (c, f) => {
      c.storage.storages[STORAGE_IDS[siteOf(f)]].recover();
      for (const host of c.hostsAt(siteOf(f))) host.recover();
    }
  },
  'set-method': {
    apply: (c, f) => {
      const method = f.method;
      if (method) operate(c, c.hostsAt('standby'), 'set-method', (h) => h.setMethod(method));
    }
  },
  install: {
    apply: (c, f) => operate(c, c.hostsAt('production', f.group), 'install', (h) => h.install())
  },
  uninstall: {
    apply: (c, f) => operate(c, c.hostsAt('production', f.group), 'uninstall', (h) => h.uninstall())
  },
  failback: {
    apply: (c) => operate(c, c.hostsAt('standby'), 'failback', (h) => h.failback())
  },
  resync: { apply: (c, f) => resync(c, f.target) }
};

function describe(fault: FaultEntry): string {
  const parts: string[] = [fault.action];
  if (fault.target) parts.push(fault.target);
  if (fault.direction && fault.direction !== 'both') parts.push(`(${fault.direction})`);
  if (fault.method) parts.push(`→ ${fault.method}`);
  if (fault.group) parts.push(`(group ${fault.group})`);
  if (fault.offset !== undefined) parts.push(`by ${formatDuration(fault.offset)}`);
  const q: string[] = [];
  if (fault.latency !== undefined) q.push(`latency ${formatDuration(fault.latency)}`);
  if (fault.jitter !== undefined) q.push(`jitter ${formatDuration(fault.jitter)}`);
  if (fault.loss !== undefined) q.push(`loss ${fault.loss}`);
  if (q.length) parts.push(q.join(', '));
  if (fault.for !== undefined) parts.push(`for ${formatDuration(fault.for)}`);
  return parts.join(' ');
}

/** Carry out one fault or operator action now. */
export function applyFault(cluster: Cluster, fault: FaultEntry): void {
  cluster.narrate('scenario', 'fault', describe(fault));
  cluster.sim.record('scenario', 'fault', { ...fault });
  FAULTS[fault.action].apply(cluster, fault);
}

/** Undo a fault after its `for`. */
export function revertFault(cluster: Cluster, fault: FaultEntry): void {
  cluster.narrate('scenario', 'fault', `end of: ${describe(fault)}`);
  cluster.sim.record('scenario', 'revert', { ...fault });
  FAULTS[fault.action].revert?.(cluster, fault);
}

/** Book every entry of `faults` on the cluster's clock, once; `onChange` runs after each one. */
export function scheduleFaults(cluster: Cluster, faults: FaultEntry[], onChange: () => void): void {
  for (const fault of faults) {
    cluster.sim.clock.setTimeout(() => {
      applyFault(cluster, fault);
      onChange();
    }, fault.at);
    if (fault.for !== undefined && FAULTS[fault.action].revert) {
      cluster.sim.clock.setTimeout(() => {
        revertFault(cluster, fault);
        onChange();
      }, fault.at + fault.for);
    }
  }
}
