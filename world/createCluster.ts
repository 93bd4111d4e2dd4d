/**
 * The two-site cluster world of FIG. 1: a production and a standby host group per application
 * group, joined by the network; a storage subsystem per site; the remote-copy link; a data pair
 * and a heartbeat pair per group. This module only wires: every decision lives in a statechart
 * (machines/), every movement of data is an RxJS stream on the simulation clock.
 */
import { Subject, interval, type Subscription } from 'rxjs';
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
import { methodOf, pathsOf } from '../machines/checkingMethodMachine';
import { selfFenceMachine } from '../machines/selfFenceMachine';
import { takeoverRequestMachine } from '../machines/takeoverRequestMachine';
import { tiebreakerMachine } from '../machines/tiebreakerMachine';
import type { CheckingMethod, ClusterConfig, TopologyConfig } from '../model/config';
import { decodeHeartbeat } from '../model/heartbeatMessage';
import { knownIds, STORAGE_IDS, type GroupIds, type KnownIds } from '../model/knownIds';
import type { NarrativeEntry } from '../model/run';
import type { Alert, AlertKind } from '../model/scenario';
import type {
  BlockRecord,
  IoResult,
  NetworkApi,
  PairView,
  SiteId,
  StorageApi
} from '../model/storageTypes';
import type { Simulation } from '../sim';
import { createFailbackFlow } from './failbackFlow';
import { createHeartbeatFlows, type FlowRuntime } from './heartbeatFlows';

/** What a site's host group does for its application group right now. */
export type GroupRole = 'serving' | 'monitoring' | 'idle';

/**
 * One site's heartbeat status table (FIG. 2) for an application group, as far as the lifecycle
 * flows change it: is the heartbeat volume registered to the device address entry (FIG. 4/5),
 * and which rows are enabled (production: the sender's, standby: the receiver's).
 */
export interface SiteTable {
  /** The heartbeat volume of this site is registered (the mirror is installed here). */
  registered: boolean;
  /** The mirror row is enabled. */
  mirror: boolean;
  /** The network row is enabled. */
  network: boolean;
}

/** Runtime of one application group (a production and a standby host group). */
export interface GroupRuntime {
  ids: GroupIds;
  dataPair: string;
  hbPair: string;
  identifier: string;
  /** Reverse heartbeat pair (`standby-rhb` → `prod-rhb`), bidirectional heartbeats only. */
  rhbPair?: string;
  /** Identifier of the reverse heartbeat (bidirectional only). */
  reverseIdentifier?: string;
  /** Checking method chosen for this group (FIG. 8). */
  method: CheckingMethod;
  /** Heartbeat status tables of both sites. */
  table: Record<SiteId, SiteTable>;
  /** Lifecycle flow in progress (install, uninstall, method change, failback). */
  flow: FlowRuntime | null;
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
  /** Change the heartbeat checking method of every group live (FIG. 8 statechart). */
  setMethod(method: CheckingMethod): void;
  /** The checking method chosen (of the first group). */
  method(): CheckingMethod;
  /** Install the heartbeat mirror of `group` (default every group) live (FIG. 4 statechart). */
  install(group?: string): void;
  /** De-install the heartbeat mirror of `group` (default every group) live (FIG. 5 statechart). */
  uninstall(group?: string): void;
  /** Fail back every group the standby serves to the repaired production site. */
  failback(): void;
}

/**
 * What the lifecycle wiring (world/heartbeatFlows.ts, world/failbackFlow.ts) uses of the world.
 * Not part of the public {@link Cluster}.
 */
export interface ClusterInternals {
  sim: Simulation;
  config: ClusterConfig;
  network: NetworkApi & NetworkControl;
  storage: StorageSide;
  groups: GroupRuntime[];
  alert(source: string, kind: AlertKind, detail: string): void;
  narrate(source: string, kind: NarrativeEntry['kind'], text: string): void;
  storageAt(site: SiteId): StorageApi;
  /** The active member of `g`'s host group at `site`, if any. */
  activeOf(g: GroupRuntime, site: SiteId): HostRuntime | undefined;
  /** Push `g.table[site]` to the programs of the site's active member. */
  applyTable(g: GroupRuntime, site: SiteId): void;
  /** Register (or unregister) the heartbeat volume of `site` (FIG. 4/5). */
  registerMirror(g: GroupRuntime, site: SiteId, on: boolean): void;
  /** Send a control message from the active member at `from` to the other site's active member. */
  sendControl(g: GroupRuntime, from: SiteId, payload: Record<string, unknown>): boolean;
  /** Start what `host` must run for `g` given its site's role. */
  activate(g: GroupRuntime, host: HostRuntime): void;
  /** Start the application program on `host` (creating it if needed). */
  startApp(g: GroupRuntime, host: HostRuntime): void;
  /** Next lifecycle flow number (per world, so traces stay deterministic). */
  nextFlowId(): number;
}

export interface ClusterOptions {
  config: ClusterConfig;
  topology: TopologyConfig;
}

/** The application writes to a hot set of blocks of its data volume (bounds volume memory). */
const DATA_BLOCKS = 16;

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
    },
    // Second configuration: the reverse heartbeat pair has its P-VOL at the standby site.
    ...(g.reverseHeartbeat
      ? [
          {
            id: `${PAIR_PREFIX(g)}rhb-pair`,
            kind: 'heartbeat' as const,
            primary: g.reverseHeartbeat.primary,
            secondary: g.reverseHeartbeat.secondary,
            primarySite: 'standby' as const,
            initialState: 'PAIR' as const
          }
        ]
      : [])
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
  // Production self-fences only where the standby may take over on its own (SPEC §1.9).
  const selfFencing = hb.bidirectional && config.failover.onSiteIsolation === 'automatic';
  // The standby waits longer than production's self-fence: one heartbeat interval and one poll
  // (the two sides may have heard each other last that far apart), the network's latency and
  // jitter and two I/O service times (the last reads and writes in flight).
  const selfFenceWait = hb.bidirectional
    ? hb.selfFenceAfter +
      hb.interval +
      hb.pollInterval +
      config.network.latency +
      config.network.jitter +
      2 * config.storage.serviceTime
    : 0;

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
  /** Send a control message of `g` from `host` to every member of the group at `site`. */
  const sendToSite = (
    g: GroupRuntime,
    host: HostRuntime,
    site: SiteId,
    { kind, ...rest }: { kind: string } & Record<string, unknown>
  ) => {
    for (const peer of hostsOf(g, site)) {
      network.send(host.id, peer, { kind, group: g.ids.name, ...rest });
    }
  };
  const dataVolume = (g: GroupRuntime, site: SiteId) =>
    site === 'production' ? g.ids.data.primary : g.ids.data.secondary;
  const activeOf = (g: GroupRuntime, site: SiteId): HostRuntime | undefined => {
    const id = g.membership[site].getSnapshot().context.active;
    return id ? hosts.get(id) : undefined;
  };

  // ---- programs -------------------------------------------------------------------------

  /** The forward heartbeat sender (FIG. 6) of production's active member. */
  const ensureSender = (g: GroupRuntime, host: HostRuntime) =>
    host.ensure(
      'sender',
      senderMachine,
      {
        identifier: g.identifier,
        mirrorDevice: g.ids.heartbeat.primary,
        networkPeer: `${g.ids.name}/standby`,
        mirror: g.table.production.mirror,
        network: g.table.production.network,
        clockOffset: host.clockOffset,
        interval: hb.interval,
        ioTimeout: hb.ioTimeout
      },
      (actor) => {
        wireSender(actor, host, g.ids.heartbeat.primary, g.identifier);
        wireSenderNetwork(actor, host, g, 'hb', 'standby');
      }
    );

  /** The reverse heartbeat sender of the standby's active member (bidirectional only). */
  const ensureReverseSender = (g: GroupRuntime, host: HostRuntime) =>
    host.ensure(
      'sender',
      senderMachine,
      {
        identifier: g.reverseIdentifier!,
        mirrorDevice: g.ids.reverseHeartbeat!.primary,
        networkPeer: `${g.ids.name}/production`,
        mirror: true,
        network: true,
        clockOffset: host.clockOffset,
        interval: hb.interval,
        ioTimeout: hb.ioTimeout
      },
      (actor) => {
        wireSender(actor, host, g.ids.reverseHeartbeat!.primary, g.reverseIdentifier!);
        wireSenderNetwork(actor, host, g, 'rhb', 'production');
      }
    );

  type SenderActor = Actor<typeof senderMachine>;
  const wireSender = (
    actor: SenderActor,
    host: HostRuntime,
    volume: string,
    identifier: string
  ) => {
    const st = storageAt(host.site);
    actor.on('hb.readBack', () => {
      st.read(volume, 0).subscribe((r) => {
        const msg = r.ok ? decodeHeartbeat(r.value?.data) : null;
        host.deliver('sender', {
          type: 'READBACK.DONE',
          serial: msg && msg.identifier === identifier ? msg.serial : null
        });
      });
    });
    actor.on('hb.write', (e) => {
      st.write(volume, 0, e.data, host.id).subscribe((r) =>
        host.deliver(
          'sender',
          r.ok
            ? { type: 'WRITE.OK', serial: e.serial }
            : { type: 'WRITE.FAILED', serial: e.serial, error: `${r.error}: ${r.detail}` }
        )
      );
    });
    actor.on('alert', (e) => alert(host.id, e.kind, e.detail));
  };
  const wireSenderNetwork = (
    actor: SenderActor,
    host: HostRuntime,
    g: GroupRuntime,
    kind: 'hb' | 'rhb',
    to: SiteId
  ) => {
    actor.on('hb.send', (e) => sendToSite(g, host, to, { kind, data: e.data }));
  };

  /** The forward heartbeat receiver (FIG. 7) of the standby's active member. */
  const ensureReceiver = (g: GroupRuntime, host: HostRuntime) =>
    host.ensure(
      'receiver',
      receiverMachine,
      {
        identifier: g.identifier,
        mirrorDevice: g.ids.heartbeat.secondary,
        networkPeer: `${g.ids.name}/production`,
        mirror: g.table.standby.mirror,
        network: g.table.standby.network,
        timeout: hb.timeout,
        pollInterval: hb.pollInterval,
        ioTimeout: hb.ioTimeout,
        clockOffset: host.clockOffset
      },
      (actor) => {
        wireReceiverReads(actor, host, g.ids.heartbeat.secondary);
        actor.on('path.status', (e) => {
          host.deliver('decision', { type: 'PATH.STATUS', path: e.path, status: e.status });
          if (g.flow?.kind === 'method') {
            g.flow.actor.send({ type: 'PATH.STATUS', path: e.path, status: e.status });
          }
        });
        actor.on('pair.state', (e) => {
          host.deliver('decision', { type: 'PAIR.STATE', state: e.state });
          // A deleted heartbeat pair carries no heartbeat: a registered S-VOL row whose pair is
          // SMPL (an install rolled back while its cancel message was lost) is unregistered.
          if (e.state === 'SMPL' && g.table.standby.registered && g.flow?.kind !== 'install') {
            narrate(
              host.id,
              'decision',
              `heartbeat pair of ${g.ids.heartbeat.secondary} is SMPL: S-VOL unregistered`
            );
            registerMirror(g, 'standby', false);
          }
        });
        actor.on('alert', (e) => alert(host.id, e.kind, e.detail));
      }
    );

  /** The reverse heartbeat receiver of production's active member (bidirectional only). */
  const ensureReverseReceiver = (g: GroupRuntime, host: HostRuntime) =>
    host.ensure(
      'receiver',
      receiverMachine,
      {
        identifier: g.reverseIdentifier!,
        mirrorDevice: g.ids.reverseHeartbeat!.secondary,
        networkPeer: `${g.ids.name}/standby`,
        mirror: true,
        network: true,
        timeout: hb.timeout,
        pollInterval: hb.pollInterval,
        ioTimeout: hb.ioTimeout,
        clockOffset: host.clockOffset
      },
      (actor) => {
        wireReceiverReads(actor, host, g.ids.reverseHeartbeat!.secondary);
        actor.on('path.status', (e) =>
          host.deliver('decision', { type: 'PATH.STATUS', path: e.path, status: e.status })
        );
        actor.on('pair.state', (e) =>
          host.deliver('decision', { type: 'PAIR.STATE', state: e.state })
        );
        actor.on('alert', (e) => {
          // Production watching the standby: losses are alerts, the warnings only narrated.
          if (e.kind === 'heartbeat-warning') narrate(host.id, 'info', `reverse ${e.detail}`);
          else alert(host.id, e.kind, `reverse heartbeat: ${e.detail}`);
        });
      }
    );

  const wireReceiverReads = (
    actor: Actor<typeof receiverMachine>,
    host: HostRuntime,
    volume: string
  ) => {
    const st = storageAt(host.site);
    actor.on('hb.read', () => {
      // The block and the pair status (pairvolchk), answered together once both are in.
      let block: IoResult<BlockRecord | undefined> | undefined;
      let pair: IoResult<PairView> | undefined;
      const answer = () => {
        if (!block || !pair) return;
        const pairState = pair.ok ? pair.value.state : null;
        host.deliver(
          'receiver',
          block.ok
            ? { type: 'READ.DONE', data: block.value?.data ?? null, pairState }
            : { type: 'READ.FAILED', error: `${block.error}: ${block.detail}`, pairState }
        );
      };
      st.read(volume, 0).subscribe((r) => {
        block = r;
        answer();
      });
      st.pairStatus(volume).subscribe((p) => {
        pair = p;
        answer();
      });
    });
  };

  /** Production's self-fencing watch over the standby (bidirectional, automatic isolation). */
  const ensureSelfFence = (g: GroupRuntime, host: HostRuntime) =>
    host.ensure(
      'decision',
      selfFenceMachine,
      { group: g.ids.name, selfFenceAfter: hb.selfFenceAfter, rejoinRetry: hb.interval },
      (actor) => {
        // Judged by what runs here, not by the role: an application that fails and restarts (its
        // array silent) is still this site's to stop.
        const runsApp = () => {
          const app = host.get<typeof applicationMachine>('app');
          return app !== undefined && !app.getSnapshot().matches('stopped');
        };
        actor.on('alert', (e) => {
          if (runsApp()) alert(host.id, e.kind, e.detail);
        });
        actor.on('self.fence', () => {
          if (!runsApp()) {
            narrate(host.id, 'decision', 'cut off from the standby, already not serving');
            return;
          }
          g.role.production = 'idle';
          stoppedBy.set(host.id, 'self-fence');
          host.deliver('app', { type: 'STOP', reason: 'self-fenced: cut off from the standby' });
          host.drop('sender');
        });
        actor.on('rejoin.request', () =>
          sendToSite(g, host, 'standby', { kind: 'rejoin-request' })
        );
        actor.on('self.unfence', () => {
          // Only what self-fencing stopped resumes (not a fence the standby asked for).
          if (!releaseFrom(host, 'self-fence') || g.role.production !== 'idle') return;
          if (g.role.standby === 'serving' || activeOf(g, 'production') !== host) return;
          narrate(host.id, 'decision', 'the standby did not take over: resumes serving');
          g.role.production = 'serving';
          activate(g, host);
        });
      }
    );

  const ensureDecision = (g: GroupRuntime, host: HostRuntime) =>
    host.ensure(
      'decision',
      failureDecisionMachine,
      {
        method: methodOf(g.table.standby),
        onSiteIsolation: config.failover.onSiteIsolation,
        selfFenceWait,
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
        startTimeout: config.failover.appStartTime * 3 + 1000,
        retryDelay: hb.timeout
      },
      (actor) => {
        const toProduction = (kind: string) => sendToSite(g, host, 'production', { kind });
        actor.on('fence.request', () => {
          narrate(
            host.id,
            'decision',
            'asks production to fence itself (stop application and heartbeat)'
          );
          toProduction('fence');
        });
        // Repeats of an unacknowledged fence: the timer may fire while this host hangs.
        actor.on('fence.retry', () => host.whenRunning(() => toProduction('fence')));
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
          if (e.release) {
            // Production stopped for a takeover that did not happen: let it serve again.
            narrate(host.id, 'decision', 'releases production from the fence');
            host.whenRunning(() => toProduction('unfence'));
          }
        });
        actor.on('failover.retry', () => host.deliver('decision', { type: 'RESET' }));
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
    // Unanswered writes, oldest first (a Map iterates in insertion order).
    const outstanding = new Map<number, number>();
    const report = (r: { ok: true } | { ok: false; error: string }) => {
      const app = host.get<typeof applicationMachine>('app');
      if (!app) return;
      if (r.ok) {
        if (app.getSnapshot().matches({ running: 'blocked' }))
          host.deliver('app', { type: 'WRITE.OK' });
      } else {
        host.deliver('app', { type: 'WRITE.FAILED', error: r.error });
      }
    };
    const sub = interval(period, sim.clock).subscribe(() => {
      if (host.state !== 'up') return;
      // Lazy I/O watchdog, checked on the write tick itself: a write older than ioTimeout that is
      // still unanswered means the array is silent. No timer per write on the hot path.
      const now = sim.now();
      for (const [seq, issuedAt] of outstanding) {
        if (now - issuedAt < hb.ioTimeout) break;
        outstanding.delete(seq);
        report({ ok: false, error: 'timeout' });
      }
      const seq = n++;
      outstanding.set(seq, now);
      st.write(volume, seq % DATA_BLOCKS, { n: seq }, host.id).subscribe((r) => {
        // Answered after the watchdog gave up on it: already reported.
        if (!outstanding.delete(seq)) return;
        report(r);
      });
    });
    writeStreams.set(host.id, sub);
  };

  const checkStillPrimary = (g: GroupRuntime, host: HostRuntime) => {
    const volume = dataVolume(g, host.site);
    storageAt(host.site)
      .pairStatus(volume)
      .subscribe((r) => {
        if (!r.ok) return;
        const { role, state } = r.value;
        // Ours and writable: the P-VOL not swapped away, an S-VOL we took over, or no pair.
        const ours = state === 'SMPL' || (role === 'P' ? state !== 'SSWS' : state === 'SSWS');
        if (ours) return;
        g.role[host.site] = 'idle';
        host.deliver('app', {
          type: 'STOP',
          reason: `${volume} was taken over by the other site (${r.value.state}, role ${r.value.role})`
        });
        host.drop('sender');
      });
  };

  const renewals = new Map<string, Subscription>();
  const ensureApp = (g: GroupRuntime, host: HostRuntime) =>
    host.ensure(
      'app',
      applicationMachine,
      {
        group: g.ids.name,
        site: host.site,
        startTime: config.failover.appStartTime,
        restartDelay: hb.ioTimeout
      },
      (actor) => {
        let wasStarting = false;
        actor.subscribe((snap) => {
          // Before (re)starting the application, check the data pair as cluster software does
          // (pairvolchk): if the other site has taken the volume over, this site stands down.
          const starting = snap.matches('starting');
          if (starting && !wasStarting) checkStillPrimary(g, host);
          wasStarting = starting;
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
          host.deliver('request', { type: 'CANCEL' });
          host.deliver('failover', { type: 'APP.RUNNING' });
          if (g.flow?.kind === 'failback' && host.site === 'production') {
            g.flow.actor.send({ type: 'APP.RUNNING' });
          }
        });
        actor.on('app.failed', (e) => {
          narrate(host.id, 'state', `application failed: ${e.detail}`);
          if (host.site === 'production' && g.role.production === 'serving') {
            alert(
              host.id,
              'takeover-requested',
              `${e.detail}; asking the standby group to take over`
            );
            ensureTakeoverRequest(g, host).send({ type: 'REQUEST', reason: e.detail });
          }
        });
        actor.on('app.stopped', (e) => {
          narrate(host.id, 'state', `application stopped: ${e.reason}`);
          // Stopped (fenced, stood down, switched back): nothing left to ask the standby for.
          host.deliver('request', { type: 'CANCEL' });
          if (g.flow?.kind === 'failback' && host.site === 'standby') {
            g.flow.actor.send({ type: 'APP.STOPPED' });
          }
        });
        host.onCrash(() => {
          stopWriting(host);
          renewals.get(host.id)?.unsubscribe();
          renewals.delete(host.id);
        });
      }
    );

  /** Production's repeated takeover request (until the standby acknowledges or fences it). */
  const ensureTakeoverRequest = (g: GroupRuntime, host: HostRuntime) =>
    host.ensure(
      'request',
      takeoverRequestMachine,
      { group: g.ids.name, retryInterval: hb.interval },
      (actor) => {
        actor.on('request.send', (e) =>
          sendToSite(g, host, 'standby', { kind: 'takeover-request', reason: e.reason })
        );
        // Until the standby has heard the request, the failed application does not restart:
        // the standby may be taking over without a way to tell production (fence level never).
        let held = false;
        actor.subscribe((snap) => {
          const hold = snap.matches('requesting') || snap.matches('frozen');
          if (hold === held) return;
          held = hold;
          host.deliver('app', { type: hold ? 'HOLD' : 'RELEASE' });
        });
      }
    );

  /**
   * Why a production host stopped serving, when it may serve again: fenced at the standby's
   * request (released if the failover is refused) or self-fenced (it may rejoin). Only what
   * stopped it can release it.
   */
  const stoppedBy = new Map<string, 'fence' | 'self-fence'>();
  const releaseFrom = (host: HostRuntime, cause: 'fence' | 'self-fence') =>
    stoppedBy.get(host.id) === cause && stoppedBy.delete(host.id);

  /** Start what `host` must run for `g` given its site's role. */
  const activate = (g: GroupRuntime, host: HostRuntime) => {
    if (host.state !== 'up') return;
    const role = g.role[host.site];
    if (role === 'serving') {
      stoppedBy.delete(host.id);
      if (host.site === 'production') {
        ensureSender(g, host).send({ type: 'START' });
        if (g.reverseIdentifier) {
          // Second configuration: production watches the standby too.
          if (selfFencing) ensureSelfFence(g, host).send({ type: 'START' });
          ensureReverseReceiver(g, host).send({ type: 'START' });
        }
      }
      ensureApp(g, host).send({ type: 'START' });
    } else if (role === 'monitoring') {
      if (host.site === 'standby' && host.machine.getSnapshot().context.crashes > 0) {
        // A restarted standby member has no failover in progress: whatever fence it asked of
        // production before it crashed is void (production ignores this unless so fenced).
        sendToSite(g, host, 'production', { kind: 'unfence' });
      }
      ensureDecision(g, host).send({ type: 'START' });
      ensureFailover(g, host);
      ensureReceiver(g, host).send({ type: 'START' });
      if (g.reverseIdentifier) ensureReverseSender(g, host).send({ type: 'START' });
    }
  };

  const startApp = (g: GroupRuntime, host: HostRuntime) => {
    ensureApp(g, host).send({ type: 'START' });
  };

  // ---- status tables ------------------------------------------------------------------

  /** Push `g.table[site]` to the site's active member (sender at production; receiver and
   * failure decision at the standby). */
  const applyTable = (g: GroupRuntime, site: SiteId) => {
    const host = activeOf(g, site);
    if (!host) return;
    const t = g.table[site];
    if (site === 'production') {
      host.deliver('sender', { type: 'SET.PATHS', mirror: t.mirror, network: t.network });
    } else {
      host.deliver('receiver', { type: 'SET.PATHS', mirror: t.mirror, network: t.network });
      host.deliver('decision', { type: 'SET.METHOD', method: methodOf(t) });
    }
  };

  const registerMirror = (g: GroupRuntime, site: SiteId, on: boolean) => {
    const t = g.table[site];
    t.registered = on;
    t.mirror = on && pathsOf(g.method).mirror;
    const volume = site === 'production' ? g.ids.heartbeat.primary : g.ids.heartbeat.secondary;
    narrate(
      activeOf(g, site)?.id ?? `${g.ids.name}/${site}`,
      'state',
      `${volume} ${on ? 'registered to' : 'removed from'} the device address entry (mirror row ${t.mirror ? 'enabled' : 'disabled'})`
    );
    applyTable(g, site);
  };

  const sendControl = (g: GroupRuntime, from: SiteId, payload: Record<string, unknown>) => {
    const src = activeOf(g, from);
    const dst = activeOf(g, from === 'production' ? 'standby' : 'production');
    if (!src || src.state !== 'up' || !dst) return false;
    network.send(src.id, dst.id, { ...payload, group: g.ids.name });
    return true;
  };

  // ---- network inbox --------------------------------------------------------------------

  const onPacket = (host: HostRuntime, payload: Record<string, unknown>, from: string) => {
    const g = groups.find((x) => x.ids.name === payload.group);
    if (!g) return;
    switch (payload.kind) {
      case 'hb':
      case 'rhb':
        host.deliver('receiver', { type: 'NET.HEARTBEAT', data: payload.data });
        break;
      case 'fence': {
        // Production fences itself on the standby's request: stop the application and the
        // heartbeat, then acknowledge. A fence still in flight when a failback began is stale.
        if (g.flow?.kind === 'failback') break;
        const app = host.get<typeof applicationMachine>('app');
        if (app) host.deliver('app', { type: 'STOP', reason: `fenced at the request of ${from}` });
        host.drop('sender');
        host.deliver('request', { type: 'CANCEL' });
        if (g.role.production === 'serving') stoppedBy.set(host.id, 'fence');
        g.role.production = 'idle';
        network.send(host.id, from, { kind: 'fence-ack', group: g.ids.name });
        break;
      }
      case 'unfence': {
        // The standby's failover was refused: production resumes, unless something else has
        // stopped it since (the standby serving, self-fencing, a lost quorum lease).
        if (!releaseFrom(host, 'fence')) break;
        if (g.role.standby === 'serving' || g.role.production !== 'idle') break;
        if (activeOf(g, 'production') !== host) break;
        narrate(host.id, 'decision', `released from the fence by ${from}: resumes serving`);
        g.role.production = 'serving';
        activate(g, host);
        break;
      }
      case 'fence-ack':
        host.deliver('failover', { type: 'FENCE.ACK', from });
        break;
      case 'takeover-request':
        host.deliver('decision', { type: 'TAKEOVER.REQUESTED', reason: String(payload.reason) });
        network.send(host.id, from, { kind: 'takeover-ack', group: g.ids.name });
        break;
      case 'takeover-ack':
        host.deliver('request', { type: 'ACK' });
        break;
      case 'rejoin-request': {
        // Production self-fenced and hears the standby again: it may serve unless this side has
        // declared, is taking over or serves.
        const failover = host.get<typeof failoverMachine>('failover');
        const decision = host.get<typeof failureDecisionMachine>('decision');
        const takingOver =
          g.role.standby === 'serving' ||
          (failover !== undefined && !failover.getSnapshot().matches({ steps: 'idle' })) ||
          (decision !== undefined && decision.getSnapshot().matches({ on: 'declared' }));
        network.send(host.id, from, {
          kind: takingOver ? 'rejoin-denied' : 'rejoin-ok',
          group: g.ids.name
        });
        break;
      }
      case 'rejoin-ok':
        host.deliver('decision', { type: 'REJOIN.OK' });
        break;
      case 'rejoin-denied':
        host.deliver('decision', { type: 'REJOIN.DENIED' });
        break;
      default:
        flows.onPacket(g, host, payload);
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
      ...(gi.reverseHeartbeat
        ? {
            rhbPair: `${PAIR_PREFIX(gi)}rhb-pair`,
            reverseIdentifier: `${gi.name}/${PAIR_PREFIX(gi)}rhb-pair`
          }
        : {}),
      method: hb.method,
      // Runs start in steady state: the heartbeat mirror installed at both sites.
      table: {
        production: { registered: true, ...pathsOf(hb.method) },
        standby: { registered: true, ...pathsOf(hb.method) }
      },
      flow: null,
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
      // The planned switch back of a failback is accounted by the failback flow.
      if (g.flow?.kind === 'failback') return;
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
      const g = groups.find(
        (x) => x.hbPair === e.pair || x.dataPair === e.pair || x.rhbPair === e.pair
      );
      if (g?.flow) g.flow.onPairState(e.pair, e.to);
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

  let flowCount = 0;
  const internals: ClusterInternals = {
    sim,
    config,
    network,
    storage,
    groups,
    alert,
    narrate,
    storageAt,
    activeOf,
    applyTable,
    registerMirror,
    sendControl,
    activate,
    startApp,
    nextFlowId: () => ++flowCount
  };
  const flows = createHeartbeatFlows(internals);
  const failback = createFailbackFlow(internals);

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
    method: () => groups[0]?.method ?? hb.method,
    setMethod: (next) => flows.setMethod(next),
    install: (group) => flows.install(group),
    uninstall: (group) => flows.uninstall(group),
    failback: () => failback.failback(),
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
