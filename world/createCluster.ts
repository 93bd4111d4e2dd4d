/**
 * The two-site cluster world of FIG. 1: a production and a standby host group per application
 * group, joined by the network; a storage subsystem per site; the remote-copy link; a data pair
 * and a heartbeat pair per group. This module only wires: every decision lives in a statechart
 * (machines/), every movement of data is an RxJS stream on the simulation clock.
 */
import { Subject, interval, of, take, timeout, zip, type Subscription } from 'rxjs';
import type { Actor } from 'xstate';
import { createNetwork, type NetworkControl } from '../actors/network/createNetwork';
import {
  createStorageSide,
  type PairSpec,
  type StorageSide
} from '../actors/storage/createStorageSide';
import { HostRuntime } from '../actors/createHost';
import { applicationMachine } from '../machines/applicationMachine';
import { failoverMachine } from '../machines/failoverMachine';
import { failureDecisionMachine } from '../machines/failureDecisionMachine';
import { hostGroupMachine } from '../machines/hostGroupMachine';
import { receiverMachine } from '../machines/receiverMachine';
import { senderMachine } from '../machines/senderMachine';
import { tiebreakerMachine } from '../machines/tiebreakerMachine';
import type { CheckingMethod, ClusterConfig, TopologyConfig } from '../model/config';
import { decodeHeartbeat } from '../model/heartbeatMessage';
import { knownIds, STORAGE_IDS, type GroupIds, type KnownIds } from '../model/knownIds';
import type { NarrativeEntry } from '../model/run';
import type { Alert, AlertKind } from '../model/scenario';
import type { NetworkApi, SiteId, StorageApi } from '../model/storageTypes';
import type { Simulation } from '../sim';

/** What a site's host group does for its application group right now. */
export type GroupRole = 'serving' | 'monitoring' | 'idle';

/** Runtime of one application group (a production and a standby host group). */
export interface GroupRuntime {
  ids: GroupIds;
  dataPair: string;
  hbPair: string;
  identifier: string;
  role: Record<SiteId, GroupRole>;
  membership: Record<SiteId, Actor<typeof hostGroupMachine>>;
  tiebreaker?: Actor<typeof tiebreakerMachine>;
  declaredAt: number | null;
  completedAt: number | null;
  refusedAt: number | null;
  /** Could production still serve when the failure was declared? */
  falseFailover: boolean;
  /** Did the declaration rest on an invalid heartbeat (or on production's own request)? */
  declaredOnEvidence: boolean;
  takeover: { at: number; kind: string } | null;
  lostWrites: number;
  divergentWrites: number;
  standbyWritesAfterDivergence: number;
  divergedAt: number | null;
}

export interface Cluster {
  sim: Simulation;
  config: ClusterConfig;
  topology: TopologyConfig;
  ids: KnownIds;
  network: NetworkApi & NetworkControl;
  storage: StorageSide;
  hosts: Map<string, HostRuntime>;
  groups: GroupRuntime[];
  alerts: Alert[];
  alert$: Subject<Alert>;
  narrative: NarrativeEntry[];
  /** Raise an alert (also recorded in the trace and the narrative). */
  alert(source: string, kind: AlertKind, detail: string): void;
  /** Add a narrative line. */
  narrate(source: string, kind: NarrativeEntry['kind'], text: string): void;
  group(name: string): GroupRuntime;
  storageAt(site: SiteId): StorageApi & ReturnType<StorageSide['storageOf']>;
  /** Is production able to serve group `g` right now (host up, app running, array up)? */
  productionCanServe(g: GroupRuntime): boolean;
  /** Start every group in steady state (called once by the builder). */
  start(): void;
  /** Change the heartbeat checking method live (FIG. 8). */
  setMethod(method: CheckingMethod): void;
  /** The checking method in force. */
  method(): CheckingMethod;
}

export interface ClusterOptions {
  config: ClusterConfig;
  topology: TopologyConfig;
}

const PAIR_PREFIX = (g: GroupIds) => (g.name === 'app' ? '' : `${g.name}-`);

/** Build the cluster world on a simulation (nothing runs until {@link Cluster.start}). */
export function createCluster(sim: Simulation, options: ClusterOptions): Cluster {
  const { config, topology } = options;
  const ids = knownIds(topology, { bidirectional: config.heartbeat.bidirectional });
  const siteOfHost = new Map<string, SiteId>();
  for (const g of ids.groups) {
    for (const h of g.productionHosts) siteOfHost.set(h, 'production');
    for (const h of g.standbyHosts) siteOfHost.set(h, 'standby');
  }
  const network = createNetwork(sim, {
    ...config.network,
    siteOf: (host) => siteOfHost.get(host) ?? 'production'
  });
  const pairs: PairSpec[] = ids.groups.flatMap((g) => [
    {
      id: `${PAIR_PREFIX(g)}data-pair`,
      kind: 'data' as const,
      primary: g.data.primary,
      secondary: g.data.secondary,
      initialState: 'PAIR' as const
    },
    {
      id: `${PAIR_PREFIX(g)}hb-pair`,
      kind: 'heartbeat' as const,
      primary: g.heartbeat.primary,
      secondary: g.heartbeat.secondary,
      initialState: 'PAIR' as const
    }
  ]);
  const storage = createStorageSide(sim, {
    remoteCopy: config.remoteCopy,
    storage: config.storage,
    pairs
  });

  const alerts: Alert[] = [];
  const alert$ = new Subject<Alert>();
  const narrative: NarrativeEntry[] = [];
  const hosts = new Map<string, HostRuntime>();
  const groups: GroupRuntime[] = [];
  const hb = config.heartbeat;
  let method: CheckingMethod = hb.method;
  const usesMirror = (m: CheckingMethod) => m !== 'network';
  const usesNetwork = (m: CheckingMethod) => m !== 'mirror';

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
  const hostsOf = (g: GroupRuntime, site: SiteId) =>
    site === 'production' ? g.ids.productionHosts : g.ids.standbyHosts;
  const dataVolume = (g: GroupRuntime, site: SiteId) =>
    site === 'production' ? g.ids.data.primary : g.ids.data.secondary;
  const activeOf = (g: GroupRuntime, site: SiteId): HostRuntime | undefined => {
    const id = g.membership[site].getSnapshot().context.active;
    return id ? hosts.get(id) : undefined;
  };

  // ---- programs -------------------------------------------------------------------------

  const ensureSender = (g: GroupRuntime, host: HostRuntime) =>
    host.ensure(
      'sender',
      senderMachine,
      {
        identifier: g.identifier,
        mirrorDevice: g.ids.heartbeat.primary,
        networkPeer: `${g.ids.name}/standby`,
        mirror: usesMirror(method),
        network: usesNetwork(method),
        clockOffset: host.clockOffset,
        interval: hb.interval,
        ioTimeout: hb.ioTimeout
      },
      (actor) => {
        const st = storageAt(host.site);
        actor.on('hb.readBack', () => {
          st.read(g.ids.heartbeat.primary, 0).subscribe((r) => {
            const msg = r.ok ? decodeHeartbeat(r.value?.data) : null;
            host.deliver('sender', {
              type: 'READBACK.DONE',
              serial: msg && msg.identifier === g.identifier ? msg.serial : null
            });
          });
        });
        actor.on('hb.write', (e) => {
          st.write(g.ids.heartbeat.primary, 0, e.data, host.id).subscribe((r) =>
            host.deliver(
              'sender',
              r.ok
                ? { type: 'WRITE.OK', serial: e.serial }
                : { type: 'WRITE.FAILED', serial: e.serial, error: `${r.error}: ${r.detail}` }
            )
          );
        });
        actor.on('hb.send', (e) => {
          for (const peer of hostsOf(g, 'standby')) {
            network.send(host.id, peer, { kind: 'hb', group: g.ids.name, data: e.data });
          }
        });
        actor.on('alert', (e) => alert(host.id, e.kind, e.detail));
      }
    );

  const ensureReceiver = (g: GroupRuntime, host: HostRuntime) =>
    host.ensure(
      'receiver',
      receiverMachine,
      {
        identifier: g.identifier,
        mirrorDevice: g.ids.heartbeat.secondary,
        networkPeer: `${g.ids.name}/production`,
        mirror: usesMirror(method),
        network: usesNetwork(method),
        timeout: hb.timeout,
        pollInterval: hb.pollInterval,
        ioTimeout: hb.ioTimeout,
        clockOffset: host.clockOffset
      },
      (actor) => {
        const st = storageAt(host.site);
        actor.on('hb.read', () => {
          zip(st.read(g.ids.heartbeat.secondary, 0), st.pairStatus(g.ids.heartbeat.secondary))
            .pipe(take(1))
            .subscribe(([r, p]) => {
              const pairState = p.ok ? p.value.state : null;
              host.deliver(
                'receiver',
                r.ok
                  ? { type: 'READ.DONE', data: r.value?.data ?? null, pairState }
                  : { type: 'READ.FAILED', error: `${r.error}: ${r.detail}`, pairState }
              );
            });
        });
        actor.on('path.status', (e) =>
          host.deliver('decision', { type: 'PATH.STATUS', path: e.path, status: e.status })
        );
        actor.on('pair.state', (e) =>
          host.deliver('decision', { type: 'PAIR.STATE', state: e.state })
        );
        actor.on('alert', (e) => alert(host.id, e.kind, e.detail));
      }
    );

  const ensureDecision = (g: GroupRuntime, host: HostRuntime) =>
    host.ensure(
      'decision',
      failureDecisionMachine,
      {
        method,
        onSiteIsolation: config.failover.onSiteIsolation,
        selfFenceWait: hb.bidirectional ? hb.selfFenceAfter : 0,
        tiebreakerRetry: hb.timeout,
        group: g.ids.name
      },
      (actor) => {
        actor.on('failure.declared', (e) => {
          if (g.declaredAt === null) {
            g.declaredAt = sim.now();
            g.falseFailover = e.verdict !== 'takeover-requested' && productionCanServe(g);
            const ctx = actor.getSnapshot().context;
            g.declaredOnEvidence =
              e.verdict === 'takeover-requested' ||
              ctx.network === 'invalid' ||
              ctx.mirror === 'invalid';
          }
          narrate(host.id, 'decision', `failure declared: ${e.reason}`);
          host.deliver('failover', { type: 'DECLARED', reason: e.reason });
        });
        actor.on('tiebreaker.request', () => {
          const tb = g.tiebreaker;
          if (!tb) return;
          narrate(host.id, 'decision', 'asks the tiebreaker for the takeover');
          tb.send({ type: 'REQUEST', site: 'standby' });
        });
        actor.on('alert', (e) => alert(host.id, e.kind, e.detail));
      }
    );

  const ensureFailover = (g: GroupRuntime, host: HostRuntime) =>
    host.ensure(
      'failover',
      failoverMachine,
      {
        group: g.ids.name,
        dataVolume: dataVolume(g, 'standby'),
        confirmWait: config.failover.confirmWait,
        fenceTimeout: config.failover.fenceTimeout,
        takeoverTimeout:
          hb.ioTimeout + 4 * (config.remoteCopy.latency + config.remoteCopy.jitter) + 1000,
        startTimeout: config.failover.appStartTime * 3 + 1000
      },
      (actor) => {
        actor.on('fence.request', () => {
          narrate(
            host.id,
            'decision',
            'asks production to fence itself (stop application and heartbeat)'
          );
          for (const peer of hostsOf(g, 'production')) {
            network.send(host.id, peer, { kind: 'fence', group: g.ids.name });
          }
        });
        actor.on('storage.takeover', (e) => {
          narrate(
            host.id,
            'decision',
            `takeover of ${e.volume} requested from ${STORAGE_IDS.standby}`
          );
          storageAt(host.site)
            .command(e.volume, 'takeover')
            .subscribe((r) =>
              host.deliver(
                'failover',
                r.ok
                  ? { type: 'TAKEOVER.DONE', kind: r.value }
                  : { type: 'TAKEOVER.REFUSED', detail: r.detail }
              )
            );
        });
        actor.on('app.start', () => {
          g.role.standby = 'serving';
          g.role.production = 'idle';
          ensureApp(g, host).send({ type: 'START' });
        });
        actor.on('failover.completed', (e) => {
          if (g.completedAt === null) g.completedAt = sim.now();
          narrate(host.id, 'decision', `failover completed (${e.takeover})`);
          host.drop('receiver');
        });
        actor.on('failover.refused', (e) => {
          if (g.refusedAt === null) g.refusedAt = sim.now();
          g.role.standby = 'monitoring';
          narrate(host.id, 'decision', `failover refused: ${e.detail}`);
        });
        actor.on('alert', (e) => alert(host.id, e.kind, e.detail));
      }
    );

  const writeStreams = new Map<string, Subscription>();
  const stopWriting = (host: HostRuntime) => {
    writeStreams.get(host.id)?.unsubscribe();
    writeStreams.delete(host.id);
  };
  const startWriting = (g: GroupRuntime, host: HostRuntime) => {
    if (writeStreams.has(host.id) || config.workload.writesPerSecond <= 0) return;
    const st = storageAt(host.site);
    const volume = dataVolume(g, host.site);
    const period = 1000 / config.workload.writesPerSecond;
    let n = 0;
    const sub = interval(period, sim.clock).subscribe(() => {
      if (host.state !== 'up') return;
      const block = n++ % 1024;
      st.write(volume, block, { n }, host.id)
        .pipe(
          timeout({
            first: hb.ioTimeout,
            scheduler: sim.clock,
            with: () => of({ ok: false as const, error: 'timeout' as const, detail: 'no answer' })
          })
        )
        .subscribe((r) => {
          const app = host.get<typeof applicationMachine>('app');
          if (!app) return;
          if (r.ok) {
            if (app.getSnapshot().matches({ running: 'blocked' }))
              host.deliver('app', { type: 'WRITE.OK' });
          } else {
            host.deliver('app', { type: 'WRITE.FAILED', error: r.error });
          }
        });
    });
    writeStreams.set(host.id, sub);
  };

  const renewals = new Map<string, Subscription>();
  const ensureApp = (g: GroupRuntime, host: HostRuntime) =>
    host.ensure(
      'app',
      applicationMachine,
      { group: g.ids.name, site: host.site, startTime: config.failover.appStartTime },
      (actor) => {
        actor.subscribe((snap) => {
          if (snap.matches('running')) startWriting(g, host);
          else stopWriting(host);
          const renewing = renewals.has(host.id);
          if (snap.matches('running') && g.tiebreaker && !renewing) {
            const site = host.site;
            renewals.set(
              host.id,
              interval(hb.interval, sim.clock).subscribe(() => {
                if (host.state === 'up') g.tiebreaker?.send({ type: 'RENEW', site });
              })
            );
          } else if (!snap.matches('running') && renewing) {
            renewals.get(host.id)?.unsubscribe();
            renewals.delete(host.id);
          }
        });
        actor.on('app.running', () => {
          narrate(host.id, 'state', `application running at ${host.site}`);
          host.deliver('failover', { type: 'APP.RUNNING' });
        });
        actor.on('app.failed', (e) => {
          narrate(host.id, 'state', `application failed: ${e.detail}`);
          if (host.site === 'production' && g.role.production === 'serving') {
            alert(
              host.id,
              'takeover-requested',
              `${e.detail}; asking the standby group to take over`
            );
            for (const peer of hostsOf(g, 'standby')) {
              network.send(host.id, peer, {
                kind: 'takeover-request',
                group: g.ids.name,
                reason: e.detail
              });
            }
          }
        });
        actor.on('app.stopped', (e) =>
          narrate(host.id, 'state', `application stopped: ${e.reason}`)
        );
        host.onCrash(() => {
          stopWriting(host);
          renewals.get(host.id)?.unsubscribe();
          renewals.delete(host.id);
        });
      }
    );

  /** Start what `host` must run for `g` given its site's role. */
  const activate = (g: GroupRuntime, host: HostRuntime) => {
    if (host.state !== 'up') return;
    const role = g.role[host.site];
    if (role === 'serving') {
      if (host.site === 'production') ensureSender(g, host).send({ type: 'START' });
      ensureApp(g, host).send({ type: 'START' });
    } else if (role === 'monitoring') {
      ensureDecision(g, host).send({ type: 'START' });
      ensureFailover(g, host);
      ensureReceiver(g, host).send({ type: 'START' });
    }
  };

  // ---- network inbox --------------------------------------------------------------------

  const onPacket = (host: HostRuntime, payload: Record<string, unknown>, from: string) => {
    const g = groups.find((x) => x.ids.name === payload.group);
    if (!g) return;
    switch (payload.kind) {
      case 'hb':
        host.deliver('receiver', { type: 'NET.HEARTBEAT', data: payload.data });
        break;
      case 'fence': {
        // Production fences itself on the standby's request: stop the application and the
        // heartbeat, then acknowledge.
        const app = host.get<typeof applicationMachine>('app');
        if (app) host.deliver('app', { type: 'STOP', reason: `fenced at the request of ${from}` });
        host.drop('sender');
        g.role.production = 'idle';
        network.send(host.id, from, { kind: 'fence-ack', group: g.ids.name });
        break;
      }
      case 'fence-ack':
        host.deliver('failover', { type: 'FENCE.ACK', from });
        break;
      case 'takeover-request':
        host.deliver('decision', { type: 'TAKEOVER.REQUESTED', reason: String(payload.reason) });
        break;
    }
  };

  // ---- build ----------------------------------------------------------------------------

  for (const gi of ids.groups) {
    for (const [site, list] of [
      ['production', gi.productionHosts],
      ['standby', gi.standbyHosts]
    ] as const) {
      for (const id of list) hosts.set(id, new HostRuntime(sim, { id, site, group: gi.name }));
    }
    const membership = {
      production: sim.spawn(hostGroupMachine, {
        id: `${gi.name}/prod-group`,
        input: {
          group: gi.name,
          site: 'production',
          members: gi.productionHosts,
          localTakeover: config.hosts.localTakeover
        }
      }),
      standby: sim.spawn(hostGroupMachine, {
        id: `${gi.name}/standby-group`,
        input: {
          group: gi.name,
          site: 'standby',
          members: gi.standbyHosts,
          localTakeover: config.hosts.localTakeover
        }
      })
    };
    const g: GroupRuntime = {
      ids: gi,
      dataPair: `${PAIR_PREFIX(gi)}data-pair`,
      hbPair: `${PAIR_PREFIX(gi)}hb-pair`,
      identifier: `${gi.name}/${PAIR_PREFIX(gi)}hb-pair`,
      role: { production: 'serving', standby: 'monitoring' },
      membership,
      declaredAt: null,
      completedAt: null,
      refusedAt: null,
      falseFailover: false,
      declaredOnEvidence: true,
      takeover: null,
      lostWrites: 0,
      divergentWrites: 0,
      standbyWritesAfterDivergence: 0,
      divergedAt: null
    };
    if (config.failover.onSiteIsolation === 'tiebreaker') {
      g.tiebreaker = sim.spawn(tiebreakerMachine, {
        id: `${PAIR_PREFIX(gi)}tiebreaker`,
        input: { lease: hb.timeout, holder: 'production' }
      });
      g.tiebreaker.on('granted', (e) => {
        if (e.site !== 'standby') return;
        const host = activeOf(g, 'standby');
        if (host) host.deliver('decision', { type: 'TIEBREAKER.GRANTED' });
      });
      g.tiebreaker.on('denied', (e) => {
        if (e.site === 'standby') {
          const host = activeOf(g, 'standby');
          if (host) host.deliver('decision', { type: 'TIEBREAKER.DENIED', holder: e.holder });
        } else {
          // Production lost its lease: it must stop serving (self-fence).
          const host = activeOf(g, 'production');
          if (host && host.get('app') && g.role.production === 'serving') {
            g.role.production = 'idle';
            alert(
              host.id,
              'self-fenced',
              `${g.ids.name}: quorum lease held by ${e.holder}; stopping the application`
            );
            host.deliver('app', { type: 'STOP', reason: 'lost the quorum lease' });
            host.drop('sender');
          }
        }
      });
    }
    for (const site of ['production', 'standby'] as const) {
      membership[site].on('group.promote', (e) => {
        const host = hosts.get(e.host);
        if (!host) return;
        if (e.previous && e.previous !== e.host) {
          const prev = hosts.get(e.previous);
          prev?.drop('sender');
          prev?.drop('app');
          prev?.drop('receiver');
          prev?.drop('decision');
          prev?.drop('failover');
        }
        activate(g, host);
      });
      membership[site].on('group.fenceMember', (e) => {
        narrate(
          `${gi.name}/${site}`,
          'decision',
          `fences hung member ${e.host} before the local takeover`
        );
        hosts.get(e.host)?.crash();
      });
      membership[site].on('alert', (e) => alert(`${gi.name}/${site}`, e.kind, e.detail));
    }
    groups.push(g);
  }

  for (const host of hosts.values()) {
    network
      .inbox<Record<string, unknown>>(host.id)
      .subscribe((packet) => host.whenRunning(() => onPacket(host, packet.payload, packet.from)));
  }

  // ---- outcome bookkeeping from the storage side ---------------------------------------

  storage.events$.subscribe((e) => {
    if (e.kind === 'takeover') {
      const g = groups.find((x) => x.dataPair === e.pair);
      if (!g || e.result === 'refused' || e.result === 'nop-takeover' || g.takeover) return;
      g.takeover = { at: e.at, kind: e.result };
      for (const w of g.ids.productionHosts) {
        g.lostWrites += Math.max(
          0,
          storage.highWater(g.ids.data.primary, w) - storage.highWater(g.ids.data.secondary, w)
        );
      }
      if (e.result === 'svol-takeover') g.divergedAt = e.at;
      narrate(
        STORAGE_IDS.standby,
        'state',
        `${e.pair}: ${e.result} (${e.detail}); lost writes ${g.lostWrites}`
      );
    } else if (e.kind === 'write-acked') {
      for (const g of groups) {
        if (g.divergedAt === null) continue;
        if (e.volume === g.ids.data.primary) g.divergentWrites++;
        else if (e.volume === g.ids.data.secondary) g.standbyWritesAfterDivergence++;
      }
    } else if (e.kind === 'pair-state') {
      narrate(e.pair, 'state', `${e.from} → ${e.to} (${e.reason})`);
    } else if (e.kind === 'storage-state' || e.kind === 'link-state') {
      narrate(e.kind === 'storage-state' ? e.storage : e.link, 'state', e.state);
    }
  });

  const productionCanServe = (g: GroupRuntime): boolean => {
    if (!storageAt('production').isUp()) return false;
    return g.ids.productionHosts.some((id) => {
      const h = hosts.get(id);
      if (!h || h.state !== 'up') return false;
      const app = h.get<typeof applicationMachine>('app');
      return !!app && app.getSnapshot().matches('running');
    });
  };

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
    narrative,
    alert,
    narrate,
    group(name) {
      const g = groups.find((x) => x.ids.name === name);
      if (!g) throw new Error(`unknown group ${name}`);
      return g;
    },
    storageAt,
    productionCanServe,
    method: () => method,
    setMethod(next) {
      const from = method;
      if (next === from) return;
      // Handshake: the receiver first widens to the union of old and new paths, the sender
      // switches, and only after a full timeout of the new paths does the receiver narrow.
      const union = {
        mirror: usesMirror(from) || usesMirror(next),
        network: usesNetwork(from) || usesNetwork(next)
      };
      const target = { mirror: usesMirror(next), network: usesNetwork(next) };
      method = next;
      for (const g of groups) {
        const standby = activeOf(g, 'standby');
        const production = activeOf(g, 'production');
        standby?.deliver('receiver', { type: 'SET.PATHS', ...union });
        production?.deliver('sender', { type: 'SET.PATHS', ...target });
        sim.clock.setTimeout(() => {
          const s2 = activeOf(g, 'standby');
          s2?.deliver('receiver', { type: 'SET.PATHS', ...target });
          s2?.deliver('decision', { type: 'SET.METHOD', method: next });
          alert(
            s2?.id ?? g.ids.name,
            'method-changed',
            `${g.ids.name}: heartbeat checking method ${from} → ${next}`
          );
        }, hb.timeout);
      }
    },
    start() {
      for (const g of groups) {
        for (const site of ['production', 'standby'] as const) {
          const host = activeOf(g, site);
          if (host) activate(g, host);
        }
      }
    }
  };
}
