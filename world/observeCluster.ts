/**
 * The one adapter between the world and its observers: it turns what the world exposes into ONE
 * typed stream of {@link Observation}s (model/observation.ts) plus a read-only {@link WorldProbe}.
 * Monitors, the outcome accounting and the report subscribe to the stream; nothing that decides
 * reads it (SPEC §1.1a).
 *
 * Sources (all read-only; nothing is ever sent to the system):
 * - `cluster.observations$`: what every host publishes of itself through its `observe` port
 *   (its state, its application and each write's answer, the standby's rows, verdicts,
 *   declarations and failovers);
 * - `cluster.alert$` (every alert) and `cluster.storage.events$` (pair states, takeovers, arrays,
 *   the link, and every write landing on a data volume — acknowledged there or applied as a copy);
 * - the scenario's timeline (each entry and each revert, as it happens; then `TIMELINE_OVER`);
 * - the storage side's god's-eye reads (high-water marks at a takeover, a pair's volumes) and the
 *   network's state, which serve observers only.
 *
 * It adds nothing to the trace: a run's trace hash is the same with or without observers.
 */
import { Subject, type Observable, type Subscription } from 'rxjs';
import type { ClusterConfig, TopologyConfig } from '../model/config';
import { knownIds, STORAGE_IDS, type GroupIds } from '../model/knownIds';
import type { HostCondition, Observation, WorldHealth, WorldProbe } from '../model/observation';
import type { FaultEntry } from '../model/scenario';
import type { SiteId } from '../model/storageTypes';
import { OPERATOR_ACTIONS } from './applyFaults';
import type { Cluster } from './createCluster';

/** The adapter: connect the cluster, then the timeline. */
export interface ClusterObservation {
  /** Every observation of the run, in simulated-time order (synchronous, never completes early). */
  readonly observations$: Observable<Observation>;
  /** The observers' read-only probe. */
  readonly probe: WorldProbe;
  /** Start observing `cluster` (after `createCluster`, before `cluster.start()`). */
  connect(cluster: Cluster): void;
  /** Watch the timeline (call after `scheduleFaults`, so each entry is seen once it is done). */
  observeTimeline(faults: readonly FaultEntry[]): void;
  /** Stop observing (end of run): completes the stream. */
  stop(): void;
}

/** Create the adapter for a world with `topology` and `config`, about to be built. */
export function observeCluster(options: {
  config: ClusterConfig;
  topology: TopologyConfig;
}): ClusterObservation {
  const ids = knownIds(options.topology, {
    bidirectional: options.config.heartbeat.bidirectional
  });
  const subject = new Subject<Observation>();
  const hostView = new Map<string, { site: SiteId; group: GroupIds }>();
  const volumeGroup = new Map<string, { group: GroupIds; kind: 'data' | 'heartbeat' }>();
  for (const g of ids.groups) {
    for (const h of g.productionHosts) hostView.set(h, { site: 'production', group: g });
    for (const h of g.standbyHosts) hostView.set(h, { site: 'standby', group: g });
    volumeGroup.set(g.data.primary, { group: g, kind: 'data' });
    volumeGroup.set(g.data.secondary, { group: g, kind: 'data' });
    volumeGroup.set(g.heartbeat.primary, { group: g, kind: 'heartbeat' });
    volumeGroup.set(g.heartbeat.secondary, { group: g, kind: 'heartbeat' });
  }
  /** The data volume each group serves from (the primary role), for the takeover marks. */
  const serving = new Map<string, string>(ids.groups.map((g) => [g.name, g.data.primary]));
  const pairGroups = new Map<string, { group: GroupIds; kind: 'data' | 'heartbeat' } | null>();
  const ioErrors = new Set<string>();
  const subscriptions: Subscription[] = [];
  let cluster: Cluster | null = null;
  let lastNetwork = 'up/none';
  let stopped = false;

  const emit = (o: Observation) => {
    if (!stopped) subject.next(o);
  };

  /** The group and kind of a pair, from its volumes (god's-eye: the pair's current view). */
  const pairOf = (c: Cluster, pair: string) => {
    let found = pairGroups.get(pair);
    if (found === undefined) {
      found = pair ? (volumeGroup.get(c.storage.pairView(pair).primary) ?? null) : null;
      pairGroups.set(pair, found);
    }
    return found;
  };

  const groupOfSource = (source: string): string | null => {
    const host = hostView.get(source);
    if (host) return host.group.name;
    const slash = source.indexOf('/');
    const name = slash < 0 ? source : source.slice(0, slash);
    return ids.groupNames.includes(name) ? name : null;
  };

  const health = (): WorldHealth => {
    const c = cluster;
    if (!c) {
      return {
        hostsDown: [],
        arraysDown: [],
        link: 'up',
        network: { mode: 'up', partition: 'none' },
        ioErrors: []
      };
    }
    const hostsDown: { host: string; state: HostCondition }[] = [];
    for (const host of c.hosts.values())
      if (host.state !== 'up') hostsDown.push({ host: host.id, state: host.state });
    const arraysDown: SiteId[] = [];
    for (const site of ['production', 'standby'] as const)
      if (!c.storage.storages[STORAGE_IDS[site]].isUp()) arraysDown.push(site);
    const net = c.network.state();
    return {
      hostsDown,
      arraysDown,
      link: c.storage.link.state(),
      network: { mode: net.mode, partition: net.partition },
      ioErrors: [...ioErrors]
    };
  };

  return {
    observations$: subject.asObservable(),
    probe: { now: () => cluster?.sim.now() ?? 0, health },

    connect(c) {
      cluster = c;
      subscriptions.push(
        c.observations$.subscribe(emit),
        c.alert$.subscribe((alert) =>
          emit({ type: 'ALERT', at: alert.atMs, group: groupOfSource(alert.source), alert })
        ),
        c.storage.events$.subscribe((e) => {
          switch (e.kind) {
            case 'takeover': {
              const p = pairOf(c, e.pair);
              if (!p || p.kind !== 'data') return;
              const g = p.group;
              const moved = e.result === 'swap-takeover' || e.result === 'svol-takeover';
              const from = moved ? (serving.get(g.name) ?? g.data.primary) : null;
              const to =
                from === null ? null : from === g.data.primary ? g.data.secondary : g.data.primary;
              const acknowledged: Record<string, number> = {};
              const copied: Record<string, number> = {};
              if (from !== null && to !== null) {
                for (const w of [...g.productionHosts, ...g.standbyHosts]) {
                  const high = c.storage.highWater(from, w);
                  if (high > 0) acknowledged[w] = high;
                  const there = c.storage.highWater(to, w);
                  if (there > 0) copied[w] = there;
                }
                serving.set(g.name, to);
              }
              emit({
                type: 'TAKEOVER',
                at: e.at,
                group: g.name,
                result: e.result,
                detail: e.detail,
                from,
                to,
                writes: { acknowledged, copied }
              });
              return;
            }
            case 'pair-state': {
              const p = pairOf(c, e.pair);
              if (!p) return;
              emit({
                type: 'PAIR',
                at: e.at,
                group: p.group.name,
                pair: p.kind,
                from: e.from,
                to: e.to,
                primary: c.storage.pairView(e.pair).primary
              });
              return;
            }
            case 'write-acked':
            case 'copy-applied': {
              const v = volumeGroup.get(e.volume);
              if (!v || v.kind !== 'data') return;
              emit({
                type: 'VOLUME_WRITE',
                at: e.at,
                group: v.group.name,
                volume: e.volume,
                block: e.block,
                writer: e.writer,
                writeSeq: e.writeSeq,
                origin: e.kind === 'write-acked' ? 'host' : 'copy'
              });
              return;
            }
            case 'storage-state': {
              const site: SiteId = e.storage === STORAGE_IDS.production ? 'production' : 'standby';
              emit({ type: 'STORAGE', at: e.at, site, up: e.state === 'up' });
              return;
            }
            case 'link-state':
              emit({ type: 'LINK', at: e.at, state: e.state });
              return;
            default:
              return;
          }
        })
      );
    },

    observeTimeline(faults) {
      const c = cluster;
      if (!c) throw new Error('connect the cluster before observing its timeline');
      const clock = c.sim.clock;
      const observe = (fault: FaultEntry, phase: 'apply' | 'revert') => {
        if (fault.action === 'io-error' && fault.target) {
          if (phase === 'apply') ioErrors.add(fault.target);
          else ioErrors.delete(fault.target);
        }
        const now = c.sim.now();
        emit({
          type: 'FAULT',
          at: now,
          fault,
          phase,
          operator: OPERATOR_ACTIONS.has(fault.action)
        });
        const net = c.network.state();
        const key = `${net.mode}/${net.partition}`;
        if (key !== lastNetwork) {
          lastNetwork = key;
          emit({ type: 'NETWORK', at: now, mode: net.mode, partition: net.partition });
        }
      };
      let last = 0;
      for (const fault of faults) {
        clock.setTimeout(() => observe(fault, 'apply'), fault.at);
        last = Math.max(last, fault.at);
        if (fault.for !== undefined) {
          last = Math.max(last, fault.at + fault.for);
          if (fault.action !== 'hang') {
            clock.setTimeout(() => observe(fault, 'revert'), fault.at + fault.for);
          }
        }
      }
      // Once everything due at `last` (reverts, resumes booked meanwhile) has run.
      clock.setTimeout(() => {
        clock.setTimeout(() => emit({ type: 'TIMELINE_OVER', at: c.sim.now() }), 0);
      }, last);
    },

    stop() {
      stopped = true;
      for (const s of subscriptions) s.unsubscribe();
      subject.complete();
    }
  };
}
