/**
 * The monitor hub: runs every invariant monitor of every application group beside a world, feeds
 * them what the world exposes, and collects what they found.
 *
 * Feeds (all read-only, nothing is ever sent to the system):
 * - the simulation's inspection stream (`createSimulation({ inspect })`): snapshots of the host
 *   statecharts (up / hung / crashed), of the standby receivers (row statuses), of the standby
 *   failure decisions (verdicts, declarations) and of the applications (running or not);
 * - `cluster.alert$` (every alert) and `cluster.storage.events$` (writes acknowledged, copies
 *   applied, pair states, takeovers, arrays failing and recovering);
 * - the scenario's timeline (each entry and each revert, as it happens) and, once every entry is
 *   over and the world is whole again, `HEALED` (the second phase of a two-phase run).
 *
 * Monitors are XState actors on the simulation clock (their hot-state bounds are simulated
 * delays), created with `createActor` rather than `sim.spawn` so that they add nothing to the
 * trace: a run's trace hash is the same with or without them.
 */
import { createActor, type Actor, type AnyActorLogic, type InspectionEvent } from 'xstate';
import type { Subscription } from 'rxjs';
import type { Verdict } from '../machines/failureDecisionMachine';
import type { ClusterConfig, TopologyConfig } from '../model/config';
import type { FaultEntry } from '../model/scenario';
import type { PathKind, PathStatus } from '../model/statusTable';
import type { SiteId } from '../model/storageTypes';
import type { Simulation } from '../sim';
import { hashString } from '../sim/createRandom';
import type { Cluster } from '../world/createCluster';
import { convergenceMonitorMachine } from './convergenceMonitorMachine';
import { failoverEvidenceMonitorMachine } from './failoverEvidenceMonitorMachine';
import { failoverLivenessMonitorMachine } from './failoverLivenessMonitorMachine';
import { falseFailoverMonitorMachine } from './falseFailoverMonitorMachine';
import { convergenceBound, livenessBound } from './livenessBound';
import { lostWritesMonitorMachine } from './lostWritesMonitorMachine';
import type { HostCondition, MonitorFinding, Observation } from './observation';
import { splitBrainMonitorMachine } from './splitBrainMonitorMachine';

/** The monitors, by key. */
export const MONITOR_KEYS = [
  'splitBrain',
  'failoverEvidence',
  'failoverLiveness',
  'lostWrites',
  'falseFailover',
  'convergence'
] as const;

/** One monitor's key. */
export type MonitorKey = (typeof MONITOR_KEYS)[number];

/** A monitor's finding, with the group it concerns. */
export interface GroupFinding extends MonitorFinding {
  monitor: MonitorKey;
  group: string;
}

/** Options of {@link createMonitorHub}. */
export interface MonitorHubOptions {
  config: ClusterConfig;
  topology: TopologyConfig;
  /**
   * Whether the lost-writes monitor holds the run to zero loss: `auto` (default) when the copy is
   * synchronous with fence level data; `always` forces it (to show the monitor can fail).
   */
  zeroLoss?: 'auto' | 'always';
}

/** Everything the monitors found in one run. */
export interface MonitorResults {
  /** Findings by monitor (each monitor reports at most one per group). */
  findings: Record<MonitorKey, GroupFinding[]>;
  /** Divergent writes (production writes after the copies diverged), over every group. */
  divergentWrites: number;
  /** Whether the lost-writes monitor required zero loss. */
  zeroLoss: boolean;
  /** The liveness and convergence bounds used, ms. */
  bounds: { liveness: number; convergence: number };
  /** When the world was whole again after the timeline (null: never). */
  healedAt: number | null;
  /** Why the world was not whole again after the last timeline entry (null: it was, or no check). */
  notHealed: string | null;
  /** Convergence state of each group at the end: converged, converging or not checked. */
  convergence: Record<string, 'converged' | 'converging' | 'violated' | 'not-healed'>;
  /** Distinct abstract states of the world reached (hashes). */
  states: ReadonlySet<number>;
  /** Values reached by each field of the abstract state, `field=value` (coverage). */
  reached: ReadonlySet<string>;
}

/** The hub: give `inspect` to the simulation, then connect the cluster. */
export interface MonitorHub {
  /** Inspection observer for `createSimulation({ inspect })`. */
  readonly inspect: (event: InspectionEvent) => void;
  /** Start the monitors on `cluster` (after `createCluster`, before `cluster.start()`). */
  connect(cluster: Cluster): void;
  /** Watch the timeline (call after `scheduleFaults`, so each entry is seen once it is done). */
  observeTimeline(faults: readonly FaultEntry[]): void;
  /** End of run: tell the monitors, collect their findings, stop them. */
  finish(): MonitorResults;
}

interface GroupMonitors {
  name: string;
  productionHosts: string[];
  standbyHosts: string[];
  actors: Record<MonitorKey, Actor<AnyActorLogic>>;
  /** The group's data volume at each site. */
  volumes: Record<SiteId, string>;
  /** High-water marks of the data stream (see {@link WriteMarks}). */
  marks: { acknowledged: Record<string, number>; copied: Record<string, number> };
  /** Abstract state of the group, for coverage. */
  abstract: Record<string, string | number | boolean>;
}

/** The view of an actor that is not one of a host's (pairs, links, membership…). */
const IGNORED: ProgramView = { kind: 'other', host: '', site: 'production', group: '' };

interface ProgramView {
  kind: 'host' | 'receiver' | 'decision' | 'app' | 'other';
  host: string;
  site: SiteId;
  group: string;
}

/**
 * Create a hub for a world about to be built: pass {@link MonitorHub.inspect} to
 * `createSimulation`, then connect the cluster once built.
 */
export function createMonitorHub(options: MonitorHubOptions): MonitorHub {
  const { config, topology } = options;
  const zeroLoss =
    options.zeroLoss === 'always' ||
    (config.remoteCopy.mode === 'sync' && config.remoteCopy.fenceLevel === 'data');
  const bounds = {
    liveness: livenessBound(config, topology),
    convergence: convergenceBound(config, topology)
  };
  const groups = new Map<string, GroupMonitors>();
  const views = new Map<string, ProgramView>();
  const lastHost = new Map<string, HostCondition>();
  const lastRows = new Map<string, Record<PathKind, PathStatus>>();
  const lastVerdict = new Map<string, { verdict: Verdict; declared: boolean }>();
  const lastApp = new Map<string, boolean>();
  const states = new Set<number>();
  const reached = new Set<string>();
  const subscriptions: Subscription[] = [];
  let cluster: Cluster | null = null;
  let sim: Simulation | null = null;
  let healedAt: number | null = null;
  let notHealed: string | null = null;
  let finished = false;

  // ---- routing -------------------------------------------------------------------------

  const send = (g: GroupMonitors, o: Observation, keys: readonly MonitorKey[] = MONITOR_KEYS) => {
    if (finished) return;
    for (const key of keys) g.actors[key].send(o);
  };
  const broadcast = (o: Observation) => {
    for (const g of groups.values()) send(g, o);
  };
  const touch = (g: GroupMonitors, field: string, value: string | number | boolean) => {
    if (g.abstract[field] === value) return;
    g.abstract[field] = value;
    reached.add(`${field}=${value}`);
    states.add(hashString(JSON.stringify(g.abstract)));
  };

  const viewOf = (id: string): ProgramView | undefined => {
    const cached = views.get(id);
    if (cached || !cluster) return cached;
    const slash = id.indexOf('/');
    const hostId = slash < 0 ? id : id.slice(0, slash);
    const host = cluster.hosts.get(hostId);
    if (!host) {
      views.set(id, IGNORED);
      return IGNORED;
    }
    const program = slash < 0 ? 'host' : id.slice(slash + 1);
    const kind: ProgramView['kind'] =
      program === 'host'
        ? 'host'
        : program === 'app'
          ? 'app'
          : host.site === 'standby' && (program === 'receiver' || program === 'decision')
            ? program
            : 'other';
    const view = { kind, host: hostId, site: host.site, group: host.group };
    views.set(id, view);
    return view;
  };

  /** PATH observations for every row of a standby receiver that changed status. */
  const observeRows = (g: GroupMonitors, host: string, context: unknown, now: number) => {
    const ctx = context as Partial<Record<PathKind, { status: PathStatus }>> | undefined;
    if (!ctx?.mirror || !ctx.network) return;
    const before = lastRows.get(host);
    const rows = { mirror: ctx.mirror.status, network: ctx.network.status };
    if (before && before.mirror === rows.mirror && before.network === rows.network) return;
    lastRows.set(host, rows);
    for (const path of ['network', 'mirror'] as const) {
      if (before?.[path] === rows[path]) continue;
      send(g, { type: 'PATH', at: now, host, path, status: rows[path] }, [
        'failoverEvidence',
        'failoverLiveness'
      ]);
      touch(g, path === 'network' ? 'networkRow' : 'mirrorRow', rows[path]);
    }
  };

  const inspect = (event: InspectionEvent) => {
    if (event.type !== '@xstate.snapshot' || !cluster || finished) return;
    const ref = event.actorRef as { id?: string };
    const view = typeof ref.id === 'string' ? viewOf(ref.id) : undefined;
    if (!view || view.kind === 'other') return;
    const g = groups.get(view.group);
    if (!g) return;
    const snapshot = event.snapshot as {
      status?: string;
      value?: unknown;
      context?: Record<string, unknown>;
      matches?: (value: unknown) => boolean;
    };
    const stopped = snapshot.status !== 'active';
    const now = cluster.sim.now();
    switch (view.kind) {
      case 'host': {
        const v = snapshot.value;
        const state: HostCondition = v === 'up' ? 'up' : v === 'hung' ? 'hung' : 'crashed';
        if (lastHost.get(view.host) === state) return;
        lastHost.set(view.host, state);
        send(g, { type: 'HOST', at: now, host: view.host, site: view.site, state });
        const up = (hosts: string[]) =>
          hosts.filter((h) => lastHost.get(h) !== 'crashed' && lastHost.get(h) !== 'hung').length;
        touch(
          g,
          view.site === 'production' ? 'prodHostsUp' : 'standbyHostsUp',
          up(view.site === 'production' ? g.productionHosts : g.standbyHosts)
        );
        return;
      }
      case 'app': {
        const running = !stopped && snapshot.matches?.('running') === true;
        const key = `${view.host}`;
        if ((lastApp.get(key) ?? false) === running) return;
        lastApp.set(key, running);
        send(g, { type: 'APP', at: now, host: view.host, site: view.site, running }, [
          'falseFailover',
          'convergence'
        ]);
        touch(g, view.site === 'production' ? 'appProduction' : 'appStandby', running);
        return;
      }
      case 'receiver': {
        if (stopped) {
          lastRows.delete(view.host);
          return;
        }
        observeRows(g, view.host, snapshot.context, now);
        return;
      }
      case 'decision': {
        if (stopped) {
          lastVerdict.delete(view.host);
          return;
        }
        // A frozen decision (hung host) keeps its verdict: resuming is not a new declaration.
        if (snapshot.value === 'frozen') return;
        const verdict = (snapshot.context as { verdict?: Verdict } | undefined)?.verdict;
        if (verdict === undefined) return;
        const declared = snapshot.matches?.({ on: 'declared' }) === true;
        const before = lastVerdict.get(view.host);
        if (before && before.verdict === verdict && before.declared === declared) return;
        lastVerdict.set(view.host, { verdict, declared });
        if (declared && !before?.declared) {
          // The receiver told the decision before its own snapshot was published: read its rows
          // as they are now, so the declaration is judged on the evidence it had.
          const receiver = cluster.hosts.get(view.host)?.get('receiver');
          if (receiver) observeRows(g, view.host, receiver.getSnapshot().context, now);
          const reason = String((snapshot.context as { reason?: unknown }).reason ?? '');
          send(g, { type: 'DECLARED', at: now, host: view.host, verdict, reason });
        } else if (!declared && before?.verdict !== verdict) {
          send(g, { type: 'VERDICT', at: now, host: view.host, verdict }, [
            'failoverLiveness',
            'failoverEvidence'
          ]);
        }
        touch(g, 'verdict', declared ? `declared:${verdict}` : verdict);
        return;
      }
    }
  };

  // ---- world health after the timeline ---------------------------------------------------

  const ioErrors = new Set<string>();
  const healthProblems = (c: Cluster): string[] => {
    const problems: string[] = [];
    for (const host of c.hosts.values())
      if (host.state !== 'up') problems.push(`${host.id} is ${host.state}`);
    for (const [id, st] of Object.entries(c.storage.storages))
      if (!st.isUp()) problems.push(`${id} failed`);
    if (c.storage.link.state() !== 'up') problems.push(`remote link ${c.storage.link.state()}`);
    const net = c.network.state();
    if (net.partition !== 'none') problems.push(`network partitioned (${net.partition})`);
    if (net.mode !== 'up') problems.push('network degraded');
    for (const v of ioErrors) problems.push(`I/O errors on ${v}`);
    return problems;
  };

  return {
    inspect,

    connect(c) {
      cluster = c;
      sim = c.sim;
      const clock = c.sim.clock;
      const pairKind = new Map<string, { group: GroupMonitors; kind: 'data' | 'heartbeat' }>();
      const volumeGroup = new Map<string, GroupMonitors>();
      for (const rt of c.groups) {
        const ids = rt.ids;
        const volumes = { production: ids.data.primary, standby: ids.data.secondary };
        const spawn = <T extends AnyActorLogic>(key: MonitorKey, logic: T, input: unknown) =>
          createActor(logic, {
            clock,
            id: `monitor/${ids.name}/${key}`,
            input
          } as never).start() as unknown as Actor<AnyActorLogic>;
        const hosts = { productionHosts: ids.productionHosts, standbyHosts: ids.standbyHosts };
        const g: GroupMonitors = {
          name: ids.name,
          ...hosts,
          actors: {
            splitBrain: spawn('splitBrain', splitBrainMonitorMachine, { group: ids.name, volumes }),
            failoverEvidence: spawn('failoverEvidence', failoverEvidenceMonitorMachine, {
              group: ids.name
            }),
            failoverLiveness: spawn('failoverLiveness', failoverLivenessMonitorMachine, {
              group: ids.name,
              ...hosts,
              bound: bounds.liveness
            }),
            lostWrites: spawn('lostWrites', lostWritesMonitorMachine, {
              group: ids.name,
              volumes,
              zeroLoss
            }),
            falseFailover: spawn('falseFailover', falseFailoverMonitorMachine, {
              group: ids.name,
              productionHosts: ids.productionHosts
            }),
            convergence: spawn('convergence', convergenceMonitorMachine, {
              group: ids.name,
              ...hosts,
              bound: bounds.convergence
            })
          },
          volumes,
          marks: { acknowledged: {}, copied: {} },
          abstract: {}
        };
        groups.set(ids.name, g);
        touch(g, 'dataPair', c.storage.pairView(rt.dataPair).state);
        touch(g, 'heartbeatPair', c.storage.pairView(rt.hbPair).state);
        pairKind.set(rt.dataPair, { group: g, kind: 'data' });
        pairKind.set(rt.hbPair, { group: g, kind: 'heartbeat' });
        volumeGroup.set(ids.data.primary, g);
        volumeGroup.set(ids.data.secondary, g);
      }

      const groupOfSource = (source: string): GroupMonitors | undefined => {
        const host = c.hosts.get(source);
        if (host) return groups.get(host.group);
        const slash = source.indexOf('/');
        return groups.get(slash < 0 ? source : source.slice(0, slash));
      };

      subscriptions.push(
        c.alert$.subscribe((alert) => {
          const o: Observation = { type: 'ALERT', at: alert.atMs, alert };
          const g = groupOfSource(alert.source);
          if (g) send(g, o, ['failoverLiveness', 'falseFailover']);
          else for (const x of groups.values()) send(x, o, ['failoverLiveness', 'falseFailover']);
        }),
        c.storage.events$.subscribe((e) => {
          switch (e.kind) {
            case 'write-acked': {
              const g = volumeGroup.get(e.volume);
              if (!g) return;
              if (
                e.volume === g.volumes.production &&
                e.writeSeq > (g.marks.acknowledged[e.writer] ?? 0)
              ) {
                g.marks.acknowledged[e.writer] = e.writeSeq;
              }
              // Writes only matter to the split-brain monitor while the copies diverge.
              if (g.actors.splitBrain.getSnapshot().value === 'oneCopy') return;
              g.actors.splitBrain.send({
                type: 'WRITE',
                at: e.at,
                volume: e.volume,
                writer: e.writer,
                writeSeq: e.writeSeq
              });
              return;
            }
            case 'copy-applied': {
              const g = volumeGroup.get(e.volume);
              if (
                g &&
                e.volume === g.volumes.standby &&
                e.writeSeq > (g.marks.copied[e.writer] ?? 0)
              ) {
                g.marks.copied[e.writer] = e.writeSeq;
              }
              return;
            }
            case 'takeover': {
              const p = pairKind.get(e.pair);
              if (!p || p.kind !== 'data') return;
              const g = p.group;
              const writes = {
                acknowledged: { ...g.marks.acknowledged },
                copied: { ...g.marks.copied }
              };
              send(g, { type: 'TAKEOVER', at: e.at, result: e.result, detail: e.detail, writes }, [
                'splitBrain',
                'lostWrites',
                'convergence'
              ]);
              touch(g, 'takeover', e.result);
              return;
            }
            case 'pair-state': {
              const p = pairKind.get(e.pair);
              if (!p) return;
              send(p.group, { type: 'PAIR', at: e.at, pair: p.kind, from: e.from, to: e.to }, [
                'splitBrain',
                'lostWrites'
              ]);
              touch(p.group, `${p.kind}Pair`, e.to);
              return;
            }
            case 'storage-state': {
              const site: SiteId = e.storage === 'prod-storage' ? 'production' : 'standby';
              broadcast({ type: 'STORAGE', at: e.at, site, up: e.state === 'up' });
              for (const g of groups.values()) touch(g, `${site}Array`, e.state);
              return;
            }
            case 'link-state':
              for (const g of groups.values()) touch(g, 'link', e.state);
              return;
          }
        })
      );
    },

    observeTimeline(faults) {
      if (!sim) throw new Error('connect the cluster before observing its timeline');
      const world = sim;
      const clock = world.clock;
      const observe = (fault: FaultEntry, phase: 'apply' | 'revert') => {
        if (fault.action === 'io-error' && fault.target) {
          if (phase === 'apply') ioErrors.add(fault.target);
          else ioErrors.delete(fault.target);
        }
        broadcast({ type: 'FAULT', at: world.now(), fault, phase });
        if (cluster) {
          const net = cluster.network.state();
          for (const g of groups.values()) touch(g, 'network', `${net.mode}/${net.partition}`);
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
      // Once everything due at `last` (reverts, resumes booked meanwhile) has run, check that
      // the world is whole again: then the second phase starts.
      clock.setTimeout(() => {
        clock.setTimeout(() => {
          if (!cluster || finished) return;
          const problems = healthProblems(cluster);
          if (problems.length > 0) {
            notHealed = problems.join('; ');
            return;
          }
          healedAt = world.now();
          broadcast({ type: 'HEALED', at: healedAt });
        }, 0);
      }, last);
    },

    finish() {
      const end: Observation = { type: 'END', at: sim?.now() ?? 0 };
      for (const g of groups.values()) send(g, end);
      finished = true;
      const findings = Object.fromEntries(
        MONITOR_KEYS.map((k) => [k, [] as GroupFinding[]])
      ) as Record<MonitorKey, GroupFinding[]>;
      let divergentWrites = 0;
      const convergence: MonitorResults['convergence'] = {};
      for (const g of groups.values()) {
        for (const key of MONITOR_KEYS) {
          const snap = g.actors[key].getSnapshot() as {
            context: { finding: MonitorFinding | null };
          };
          const f = snap.context.finding;
          if (f) findings[key].push({ ...f, monitor: key, group: g.name });
        }
        const sb = g.actors.splitBrain.getSnapshot() as { context: { divergentWrites: number } };
        divergentWrites += sb.context.divergentWrites;
        const cv = g.actors.convergence.getSnapshot().value as string;
        convergence[g.name] =
          cv === 'faulty' ? 'not-healed' : (cv as 'converged' | 'converging' | 'violated');
        for (const actor of Object.values(g.actors)) actor.stop();
      }
      for (const s of subscriptions) s.unsubscribe();
      return {
        findings,
        divergentWrites,
        zeroLoss,
        bounds,
        healedAt,
        notHealed,
        convergence,
        states,
        reached
      };
    }
  };
}
