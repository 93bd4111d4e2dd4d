/**
 * Faults are data: each timeline entry `{ at, action, target?, for?, ...params }` is booked on the
 * simulation clock and carried out against the cluster's actors; `for` books the revert.
 */
import type { Cluster } from './createCluster';
import type { FaultEntry } from '../model/scenario';
import { formatDuration } from '../model/durations';
import { STORAGE_IDS } from '../model/knownIds';
import type { SiteId } from '../model/storageTypes';

/** Actions that are operator actions or repairs, not faults (they do not start the clock of detection). */
export const OPERATOR_ACTIONS = new Set([
  'recover',
  'heal',
  'restore',
  'set-method',
  'install',
  'uninstall',
  'failback'
]);

/** Book every entry of `faults` on the cluster's clock; `onChange` runs after each one. */
export function scheduleFaults(cluster: Cluster, faults: FaultEntry[], onChange: () => void): void {
  for (const fault of faults) {
    cluster.sim.clock.setTimeout(() => {
      applyFault(cluster, fault);
      onChange();
    }, fault.at);
    if (fault.for !== undefined && fault.action !== 'hang') {
      cluster.sim.clock.setTimeout(() => {
        revertFault(cluster, fault);
        onChange();
      }, fault.at + fault.for);
    }
  }
}

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

function setMember(
  cluster: Cluster,
  hostId: string,
  up: boolean,
  cause: 'crash' | 'hang' = 'crash'
) {
  const host = cluster.hosts.get(hostId);
  if (!host) return;
  const g = cluster.group(host.group);
  const m = g.membership[host.site];
  m.send(up ? { type: 'MEMBER.UP', host: hostId } : { type: 'MEMBER.DOWN', host: hostId, cause });
}

function crashHost(cluster: Cluster, id: string) {
  const host = cluster.hosts.get(id);
  if (!host || host.state === 'crashed') return;
  host.crash();
  setMember(cluster, id, false, 'crash');
}

function isStorage(id: string | undefined): id is 'prod-storage' | 'standby-storage' {
  return id === STORAGE_IDS.production || id === STORAGE_IDS.standby;
}

/** Carry out one fault or operator action now. */
export function applyFault(cluster: Cluster, fault: FaultEntry): void {
  const { sim } = cluster;
  cluster.narrate('scenario', 'fault', describe(fault));
  sim.record('scenario', 'fault', { ...fault });
  const target = fault.target;
  switch (fault.action) {
    case 'crash':
      if (isStorage(target)) cluster.storage.storages[target].crash();
      else if (target) crashHost(cluster, target);
      break;
    case 'recover':
      if (isStorage(target)) cluster.storage.storages[target].recover();
      else if (target) {
        const host = cluster.hosts.get(target);
        if (host && host.state === 'crashed') {
          host.recover();
          setMember(cluster, target, true);
        }
      }
      break;
    case 'hang': {
      const host = target ? cluster.hosts.get(target) : undefined;
      if (!host || host.state !== 'up') break;
      host.hang();
      setMember(cluster, host.id, false, 'hang');
      sim.clock.setTimeout(() => {
        if (host.state !== 'hung') return;
        cluster.narrate(
          'scenario',
          'fault',
          `${host.id} resumes after hanging for ${formatDuration(fault.for ?? 0)}`
        );
        host.resume();
        setMember(cluster, host.id, true);
      }, fault.for ?? 0);
      break;
    }
    case 'partition':
      cluster.network.partition(fault.direction ?? 'both');
      break;
    case 'heal':
      cluster.network.heal();
      break;
    case 'cut':
      cluster.storage.link.cut();
      break;
    case 'restore':
      cluster.storage.link.restore();
      break;
    case 'degrade': {
      const params = { latency: fault.latency, jitter: fault.jitter, loss: fault.loss };
      if (target === 'remote-link') cluster.storage.link.degrade(params);
      else cluster.network.degrade(params);
      break;
    }
    case 'io-error':
      if (target) cluster.storage.storageOf(target).ioError(target, true);
      break;
    case 'skew':
      if (target) cluster.hosts.get(target)?.skew(fault.offset ?? 0);
      break;
    case 'disaster': {
      const site = (target ?? 'production') as SiteId;
      for (const host of cluster.hosts.values())
        if (host.site === site) crashHost(cluster, host.id);
      cluster.storage.storages[STORAGE_IDS[site]].crash();
      break;
    }
    case 'set-method':
      if (fault.method) cluster.setMethod(fault.method);
      break;
    case 'install':
      cluster.install(fault.group);
      break;
    case 'uninstall':
      cluster.uninstall(fault.group);
      break;
    case 'failback':
      cluster.failback();
      break;
  }
}

/** Undo a fault after its `for`. */
export function revertFault(cluster: Cluster, fault: FaultEntry): void {
  const target = fault.target;
  cluster.narrate('scenario', 'fault', `end of: ${describe(fault)}`);
  cluster.sim.record('scenario', 'revert', { ...fault });
  switch (fault.action) {
    case 'crash':
      applyFault(cluster, { ...fault, action: 'recover', for: undefined });
      break;
    case 'partition':
      cluster.network.heal();
      break;
    case 'cut':
      cluster.storage.link.restore();
      break;
    case 'degrade':
      if (target === 'remote-link') cluster.storage.link.clearDegrade();
      else cluster.network.clearDegrade();
      break;
    case 'io-error':
      if (target) cluster.storage.storageOf(target).ioError(target, false);
      break;
    case 'skew':
      if (target) cluster.hosts.get(target)?.skew(0);
      break;
    case 'disaster': {
      const site = (target ?? 'production') as SiteId;
      cluster.storage.storages[STORAGE_IDS[site]].recover();
      for (const host of cluster.hosts.values()) {
        if (host.site === site && host.state === 'crashed') {
          host.recover();
          setMember(cluster, host.id, true);
        }
      }
      break;
    }
    default:
      break;
  }
}
