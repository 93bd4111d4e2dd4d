/**
 * The stable ids of a topology (SPEC §1.1), as scenarios and faults name them. Group 1 is `app`
 * with hosts `prod-1…prod-N` / `standby-1…standby-N` and volumes `prod-data`, `standby-data`,
 * `prod-hb`, `standby-hb` (plus `standby-rhb` → `prod-rhb` when heartbeats are bidirectional);
 * group k ≥ 2 is `app<k>` and prefixes every host and volume id with `app<k>-`.
 */
import type { TopologyConfig } from './config';
import type { SiteId } from './storageTypes';

/** A remote-copy pair of volumes: primary (P-VOL) → secondary (S-VOL). */
export interface VolumePairIds {
  primary: string;
  secondary: string;
}

/** The ids of one application group (a production and a standby host group). */
export interface GroupIds {
  /** `app`, `app2`, `app3`, … */
  name: string;
  /** Hosts of the production host group, `prod-1…` (or `app<k>-prod-1…`). */
  productionHosts: string[];
  /** Hosts of the standby host group, `standby-1…` (or `app<k>-standby-1…`). */
  standbyHosts: string[];
  /** Data volume pair, `prod-data` → `standby-data`. */
  data: VolumePairIds;
  /** Heartbeat volume pair, `prod-hb` → `standby-hb`. */
  heartbeat: VolumePairIds;
  /** Reverse heartbeat pair `standby-rhb` → `prod-rhb`, only when heartbeats are bidirectional. */
  reverseHeartbeat?: VolumePairIds;
}

/** Every id a scenario may name, by kind. */
export interface KnownIds {
  groups: GroupIds[];
  /** Group names, `app`, `app2`, … */
  groupNames: string[];
  hosts: string[];
  storages: string[];
  volumes: string[];
  links: string[];
  networks: string[];
  sites: SiteId[];
}

/** Options of {@link knownIds}. */
export interface KnownIdsOptions {
  /** Second configuration: reverse heartbeat volumes exist (`heartbeat.bidirectional`). */
  bidirectional?: boolean;
}

/** The storage subsystem of each site. */
export const STORAGE_IDS = { production: 'prod-storage', standby: 'standby-storage' } as const;
/** The storage-to-storage remote-copy link. */
export const REMOTE_LINK_ID = 'remote-link';
/** The host-to-host network. */
export const NETWORK_ID = 'network';
/** The two sites. */
export const SITE_IDS: readonly SiteId[] = ['production', 'standby'];

/** The name of application group `k` (1-based): `app`, `app2`, `app3`, … */
export function groupName(k: number): string {
  return k === 1 ? 'app' : `app${k}`;
}

/** The ids of application group `k` (1-based) with `hostsPerGroup` hosts per host group. */
export function groupIds(
  k: number,
  hostsPerGroup: number,
  options: KnownIdsOptions = {}
): GroupIds {
  const prefix = k === 1 ? '' : `${groupName(k)}-`;
  const hosts = (side: string) =>
    Array.from({ length: hostsPerGroup }, (_, i) => `${prefix}${side}-${i + 1}`);
  const pair = (primary: string, secondary: string): VolumePairIds => ({
    primary: prefix + primary,
    secondary: prefix + secondary
  });
  const ids: GroupIds = {
    name: groupName(k),
    productionHosts: hosts('prod'),
    standbyHosts: hosts('standby'),
    data: pair('prod-data', 'standby-data'),
    heartbeat: pair('prod-hb', 'standby-hb')
  };
  if (options.bidirectional) ids.reverseHeartbeat = pair('standby-rhb', 'prod-rhb');
  return ids;
}

/** Every id known for `topology` (and, for reverse heartbeat volumes, the heartbeat options). */
export function knownIds(topology: TopologyConfig, options: KnownIdsOptions = {}): KnownIds {
  const groups = Array.from({ length: topology.groups }, (_, i) =>
    groupIds(i + 1, topology.hostsPerGroup, options)
  );
  return {
    groups,
    groupNames: groups.map((g) => g.name),
    hosts: groups.flatMap((g) => [...g.productionHosts, ...g.standbyHosts]),
    storages: [STORAGE_IDS.production, STORAGE_IDS.standby],
    volumes: groups.flatMap((g) =>
      [g.data, g.heartbeat, g.reverseHeartbeat].flatMap((p) => (p ? [p.primary, p.secondary] : []))
    ),
    links: [REMOTE_LINK_ID],
    networks: [NETWORK_ID],
    sites: [...SITE_IDS]
  };
}
