/**
 * Which heartbeat paths of a group physically deliver, production → standby, as an observer
 * rebuilds it from the observation stream alone (pure data, no actor): the network delivers while
 * a production host of the group is up, no partition blocks production → standby and the network
 * does not drop every packet; the mirror delivers while, besides a production host up, both
 * arrays are up, the remote link is not down (nor dropping every packet), the group's heartbeat
 * pair is in PAIR and no I/O error is injected on either heartbeat volume.
 *
 * Used by the monitors that judge a declaration by the configured checking method (SPEC §1.7,
 * §1.8): a declaration while a watched path is valid and delivering is the decision's fault; one
 * after every watched path was lost to faults is inherent. Only watches.
 */
import type { CheckingMethod } from '../model/config';
import type { HostCondition } from '../model/observation';
import type { PathKind, PathStatus } from '../model/statusTable';
import type { PairState, SiteId } from '../model/storageTypes';
import type { MonitorEvent } from './monitorEvents';
import { withIoError } from './monitorSupport';

/** What the tracker needs to know of the group. */
export interface PathDeliveryInput {
  productionHosts: readonly string[];
  /** The group's heartbeat volumes (PVOL, SVOL). */
  heartbeatVolumes: readonly string[];
  /** The configured checking method at the start of the run. */
  method: CheckingMethod;
  /** The configured loss of the network and of the remote link (0–1). */
  networkLoss: number;
  linkLoss: number;
}

/** The tracker's state (plain data, kept in a monitor's context). */
export interface PathDelivery {
  input: PathDeliveryInput;
  method: CheckingMethod;
  hosts: Record<string, HostCondition>;
  arrays: Record<SiteId, boolean>;
  link: 'up' | 'degraded' | 'down';
  partition: string;
  networkLoss: number;
  linkLoss: number;
  heartbeatPair: PairState;
  ioErrors: string[];
  /** Each standby host's rows, as its receiver last reported them. */
  rows: Record<string, Record<PathKind, PathStatus>>;
}

/** The tracker at the start of a run (steady state: everything up, both pairs in PAIR). */
export function initialDelivery(input: PathDeliveryInput): PathDelivery {
  return {
    input,
    method: input.method,
    hosts: {},
    arrays: { production: true, standby: true },
    link: 'up',
    partition: 'none',
    networkLoss: input.networkLoss,
    linkLoss: input.linkLoss,
    heartbeatPair: 'PAIR',
    ioErrors: [],
    rows: {}
  };
}

/** The tracker after `o` (the same object when `o` changes nothing it follows). */
export function trackDelivery(d: PathDelivery, o: MonitorEvent): PathDelivery {
  switch (o.type) {
    case 'HOST':
      return d.input.productionHosts.includes(o.host)
        ? { ...d, hosts: { ...d.hosts, [o.host]: o.state } }
        : d;
    case 'STORAGE':
      return { ...d, arrays: { ...d.arrays, [o.site]: o.up } };
    case 'LINK':
      return { ...d, link: o.state };
    case 'NETWORK':
      return { ...d, partition: o.partition };
    case 'PAIR':
      return o.pair === 'heartbeat' ? { ...d, heartbeatPair: o.to } : d;
    case 'PATH': {
      const rows = d.rows[o.host] ?? { network: 'valid', mirror: 'valid' };
      return { ...d, rows: { ...d.rows, [o.host]: { ...rows, [o.path]: o.status } } };
    }
    case 'FAULT': {
      const f = o.fault;
      const apply = o.phase === 'apply';
      if (f.action === 'set-method' && f.method && apply) return { ...d, method: f.method };
      if (f.action === 'degrade' && f.target === 'network') {
        return { ...d, networkLoss: apply ? (f.loss ?? d.networkLoss) : d.input.networkLoss };
      }
      if (f.action === 'degrade' && f.target === 'remote-link') {
        return { ...d, linkLoss: apply ? (f.loss ?? d.linkLoss) : d.input.linkLoss };
      }
      if (f.action === 'io-error' && f.target && d.input.heartbeatVolumes.includes(f.target)) {
        return { ...d, ioErrors: withIoError(d.ioErrors, f.target, o.phase) };
      }
      return d;
    }
    default:
      return d;
  }
}

/** The paths the configured method watches. */
export function watchedPaths(method: CheckingMethod): PathKind[] {
  if (method === 'both') return ['network', 'mirror'];
  return [method];
}

/** Whether `path` physically delivers production's heartbeats to the standby right now. */
export function delivers(d: PathDelivery, path: PathKind): boolean {
  const senderUp = d.input.productionHosts.some((h) => (d.hosts[h] ?? 'up') === 'up');
  if (!senderUp) return false;
  if (path === 'network') {
    const blocked = d.partition === 'both' || d.partition === 'prod-to-standby';
    return !blocked && d.networkLoss < 1;
  }
  return (
    d.arrays.production &&
    d.arrays.standby &&
    d.link !== 'down' &&
    d.linkLoss < 1 &&
    d.heartbeatPair === 'PAIR' &&
    d.ioErrors.length === 0
  );
}

/** Why `path` does not deliver (for evidence), or null when it does. */
export function whyNotDelivering(d: PathDelivery, path: PathKind): string | null {
  if (delivers(d, path)) return null;
  if (!d.input.productionHosts.some((h) => (d.hosts[h] ?? 'up') === 'up')) {
    return 'no production host up';
  }
  if (path === 'network') {
    return d.networkLoss >= 1
      ? 'network drops every packet'
      : `network partitioned (${d.partition})`;
  }
  if (!d.arrays.production || !d.arrays.standby) return 'an array is down';
  if (d.link === 'down' || d.linkLoss >= 1) return 'remote link down';
  if (d.heartbeatPair !== 'PAIR') return `heartbeat pair ${d.heartbeatPair}`;
  return `I/O errors on ${d.ioErrors.join(', ')}`;
}

/**
 * The watched paths of `host`'s receiver that are valid and delivering (empty: every watched
 * path was lost, or its row was not valid).
 */
export function validDelivering(d: PathDelivery, host: string): PathKind[] {
  const rows = d.rows[host] ?? { network: 'valid', mirror: 'valid' };
  return watchedPaths(d.method).filter((p) => rows[p] === 'valid' && delivers(d, p));
}

/** Each watched path in words: `network valid, delivering; mirror invalid (remote link down)`. */
export function describePaths(d: PathDelivery, host: string): string {
  const rows = d.rows[host] ?? { network: 'valid', mirror: 'valid' };
  return watchedPaths(d.method)
    .map((p) => {
      const why = whyNotDelivering(d, p);
      return `${p} ${rows[p]}, ${why === null ? 'delivering' : `not delivering (${why})`}`;
    })
    .join('; ');
}
