/**
 * The two-site cluster world of FIG. 1, built and wired: a production and a standby host group
 * per application group, joined by the network; a storage subsystem per site; the remote-copy
 * link; a data pair and a heartbeat pair per group (and a reverse heartbeat pair with
 * bidirectional heartbeats); a third-site tiebreaker when isolation is decided by one. This module
 * only instantiates and connects ports: every decision is in a host's statecharts
 * (actors/host/), every movement of data in the storage side and the network.
 */
import { Subject, type Observable } from 'rxjs';
import { createHostAgent, type HostAgent } from '../actors/host/createHostAgent';
import type { HostIdentity, QuorumPort } from '../actors/host/hostPorts';
import { createNetwork, type NetworkControl } from '../actors/network/createNetwork';
import {
  createStorageSide,
  type PairSpec,
  type StorageOverrides,
  type StorageSide
} from '../actors/storage/createStorageSide';
import { tiebreakerMachine } from '../machines/tiebreakerMachine';
import type { ClusterConfig, TopologyConfig } from '../model/config';
import type { ControlMessage, LocalBeat } from '../model/controlMessage';
import { knownIds, STORAGE_IDS, type GroupIds, type KnownIds } from '../model/knownIds';
import type { HostObservation } from '../model/observation';
import type { NarrativeEntry } from '../model/run';
import type { Alert, AlertKind } from '../model/scenario';
import type { SiteId } from '../model/storageTypes';
import type { NetworkApi, StorageApi } from '../model/ports';
import { deriveTimers } from '../model/timers';
import type { Simulation } from '../sim';

/** The static identity of one application group (what the configuration names). */
export interface GroupInfo {
  ids: GroupIds;
  dataPair: string;
  hbPair: string;
  identifier: string;
  /** Reverse heartbeat pair (`standby-rhb` → `prod-rhb`), bidirectional heartbeats only. */
  rhbPair?: string;
  reverseIdentifier?: string;
}

export interface Cluster {
  sim: Simulation;
  config: ClusterConfig;
  topology: TopologyConfig;
  ids: KnownIds;
  network: NetworkApi & NetworkControl;
  storage: StorageSide;
  hosts: Map<string, HostAgent>;
  groups: GroupInfo[];
  alerts: Alert[];
  alert$: Subject<Alert>;
  /** What the hosts publish of themselves, for observers only. */
  observations$: Observable<HostObservation>;
  narrative: NarrativeEntry[];
  /** Raise an alert (also recorded in the trace and the narrative). */
  alert(source: string, kind: AlertKind, detail: string): void;
  /** Add a narrative line. */
  narrate(source: string, kind: NarrativeEntry['kind'], text: string): void;
  group(name: string): GroupInfo;
  storageAt(site: SiteId): StorageApi & ReturnType<StorageSide['storageOf']>;
  /** The hosts of `group` (default every group) at `site`. */
  hostsAt(site: SiteId, group?: string): HostAgent[];
  /** Start every host in steady state (called once by the builder's caller). */
  start(): void;
}

export interface ClusterOptions {
  config: ClusterConfig;
  topology: TopologyConfig;
  /** Test-only: replaced storage behaviour (mutation checks; actors/storage/overrides.ts). */
  storage?: StorageOverrides;
}

const PAIR_PREFIX = (g: GroupIds) => (g.name === 'app' ? '' : `${g.name}-`);

/** The pairs of one application group. */
function pairsOf(g: GroupIds): PairSpec[] {
  const p = PAIR_PREFIX(g);
  return [
    { id: `${p}data-pair`, kind: 'data', ...g.data, initialState: 'PAIR' },
    { id: `${p}hb-pair`, kind: 'heartbeat', ...g.heartbeat, initialState: 'PAIR' },
    // Second configuration: the reverse heartbeat pair has its P-VOL at the standby site.
    ...(g.reverseHeartbeat
      ? [
          {
            id: `${p}rhb-pair`,
            kind: 'heartbeat' as const,
            ...g.reverseHeartbeat,
            primarySite: 'standby' as const,
            initialState: 'PAIR' as const
          }
        ]
      : [])
  ];
}

function groupInfo(g: GroupIds): GroupInfo {
  const p = PAIR_PREFIX(g);
  return {
    ids: g,
    dataPair: `${p}data-pair`,
    hbPair: `${p}hb-pair`,
    identifier: `${g.name}/${p}hb-pair`,
    ...(g.reverseHeartbeat
      ? { rhbPair: `${p}rhb-pair`, reverseIdentifier: `${g.name}/${p}rhb-pair` }
      : {})
  };
}

/** A third-site tiebreaker reached by the hosts of one group (its answers are synchronous). */
function quorumOf(sim: Simulation, g: GroupIds, lease: number): QuorumPort {
  const tb = sim.spawn(tiebreakerMachine, {
    id: `${PAIR_PREFIX(g)}tiebreaker`,
    input: { lease, holder: 'production' }
  });
  const ask = (type: 'RENEW' | 'REQUEST', site: SiteId) => {
    let answer: ReturnType<QuorumPort['renew']> = { granted: false, holder: 'none' };
    const granted = tb.on('granted', (e) => {
      if (e.site === site) answer = { granted: true };
    });
    const denied = tb.on('denied', (e) => {
      if (e.site === site) answer = { granted: false, holder: e.holder };
    });
    tb.send({ type, site });
    granted.unsubscribe();
    denied.unsubscribe();
    return answer;
  };
  return { renew: (site) => ask('RENEW', site), request: (site) => ask('REQUEST', site) };
}

/** Build the cluster world on a simulation (nothing runs until {@link Cluster.start}). */
export function createCluster(sim: Simulation, options: ClusterOptions): Cluster {
  const { config, topology } = options;
  const ids = knownIds(topology, { bidirectional: config.heartbeat.bidirectional });
  const timers = deriveTimers(config);
  const siteOfHost = new Map<string, SiteId>();
  for (const g of ids.groups) {
    for (const h of g.productionHosts) siteOfHost.set(h, 'production');
    for (const h of g.standbyHosts) siteOfHost.set(h, 'standby');
  }
  const network = createNetwork(sim, {
    ...config.network,
    siteOf: (host) => siteOfHost.get(host) ?? 'production'
  });
  const storage = createStorageSide(
    sim,
    {
      remoteCopy: config.remoteCopy,
      storage: config.storage,
      pairs: ids.groups.flatMap(pairsOf)
    },
    options.storage
  );
  const alerts: Alert[] = [];
  const alert$ = new Subject<Alert>();
  const observations$ = new Subject<HostObservation>();
  const narrative: NarrativeEntry[] = [];
  const hosts = new Map<string, HostAgent>();
  const groups = ids.groups.map(groupInfo);

  const narrate = (source: string, kind: NarrativeEntry['kind'], text: string) => {
    narrative.push({ atMs: sim.now(), source, kind, text });
  };
  const alert = (source: string, kind: AlertKind, detail: string) => {
    const a: Alert = { atMs: sim.now(), kind, source, detail };
    alerts.push(a);
    sim.record(source, 'alert', { kind, detail });
    narrate(source, 'alert', `${kind}: ${detail}`);
    alert$.next(a);
  };
  const storageAt = (site: SiteId) => storage.storages[STORAGE_IDS[site]];

  for (const [k, g] of ids.groups.entries()) {
    const info = groups[k]!;
    const quorum =
      config.failover.onSiteIsolation === 'tiebreaker'
        ? quorumOf(sim, g, config.heartbeat.timeout)
        : null;
    for (const site of ['production', 'standby'] as const) {
      const members = site === 'production' ? g.productionHosts : g.standbyHosts;
      const remote = site === 'production' ? g.standbyHosts : g.productionHosts;
      const localBus = new Subject<LocalBeat>();
      for (const id of members) {
        const identity: HostIdentity = {
          id,
          site,
          group: g.name,
          members,
          remote,
          dataVolume: site === 'production' ? g.data.primary : g.data.secondary,
          forward: {
            pvol: g.heartbeat.primary,
            svol: g.heartbeat.secondary,
            identifier: info.identifier
          },
          reverse: g.reverseHeartbeat
            ? {
                pvol: g.reverseHeartbeat.primary,
                svol: g.reverseHeartbeat.secondary,
                identifier: info.reverseIdentifier!
              }
            : null
        };
        const agent = createHostAgent(
          identity,
          {
            sim,
            inbox$: network.inbox<ControlMessage>(id),
            send: (to, message) => network.send(id, to, message),
            storage: storageAt(site),
            localBeats$: localBus.asObservable(),
            beat: (beat) => localBus.next(beat),
            quorum,
            // The host group's power-fencing device switches off a member of this group only.
            powerFence: (target) => {
              if (members.includes(target)) hosts.get(target)?.crash();
            },
            alert,
            narrate,
            observe: (o) => observations$.next(o)
          },
          { config, timers }
        );
        hosts.set(id, agent);
      }
    }
  }

  // Outcome narration of the storage side (observers read the same events).
  storage.events$.subscribe((e) => {
    if (e.kind === 'pair-state') narrate(e.pair, 'state', `${e.from} → ${e.to} (${e.reason})`);
    else if (e.kind === 'takeover')
      narrate(STORAGE_IDS.standby, 'state', `${e.pair}: ${e.result} (${e.detail})`);
    else if (e.kind === 'storage-state') narrate(e.storage, 'state', e.state);
    else if (e.kind === 'link-state') narrate(e.link, 'state', e.state);
  });

  const hostsAt = (site: SiteId, group?: string) =>
    [...hosts.values()].filter((h) => h.site === site && (!group || h.group === group));

  return {
    sim,
    config,
    topology,
    ids,
    network,
    storage,
    hosts,
    groups,
    alerts,
    alert$,
    observations$: observations$.asObservable(),
    narrative,
    alert,
    narrate,
    group(name) {
      const g = groups.find((x) => x.ids.name === name);
      if (!g) throw new Error(`unknown group ${name}`);
      return g;
    },
    storageAt,
    hostsAt,
    start() {
      for (const host of hosts.values()) host.start();
    }
  };
}
