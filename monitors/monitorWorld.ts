/**
 * The monitor hub: runs every invariant monitor and the outcome accounting of every application
 * group beside a world, feeds them the world's observation stream (model/observation.ts), and
 * collects what they found. It knows the world only through that stream and a read-only probe
 * (the check that the world is whole again after the timeline); nothing is ever sent to the
 * system, and nothing that decides reads what the hub holds.
 *
 * Each observation goes to the monitors of the group it concerns (site-wide ones to every group).
 * When the timeline is over (`TIMELINE_OVER`) and the probe finds the world whole again, the hub
 * tells the monitors `HEALED` (the second phase of a two-phase run); at the end it tells them
 * `END`.
 *
 * Monitors are XState actors on the simulation clock (their hot-state bounds are simulated
 * delays), created with `createActor` rather than `sim.spawn` so that they add nothing to the
 * trace: a run's trace hash is the same with or without them.
 */
import { createActor, type Actor, type AnyActorLogic } from 'xstate';
import type { SimClock } from '../sim/createSimClock';
import type { Observable, Subscription } from 'rxjs';
import type { ClusterConfig, TopologyConfig } from '../model/config';
import { knownIds } from '../model/knownIds';
import type { Observation, WorldProbe } from '../model/observation';
import { hashString } from '../sim/createRandom';
import {
  availabilityMonitorMachine,
  wantsWrite,
  type AvailabilityMonitorContext,
  type AvailabilityMonitorInput
} from './availabilityMonitorMachine';
import { convergenceMonitorMachine } from './convergenceMonitorMachine';
import { dataPhysicsMonitorMachine } from './dataPhysicsMonitorMachine';
import { failoverEvidenceMonitorMachine } from './failoverEvidenceMonitorMachine';
import { failoverLivenessMonitorMachine } from './failoverLivenessMonitorMachine';
import {
  falseFailoverMonitorMachine,
  type FalseFailoverCause
} from './falseFailoverMonitorMachine';
import { convergenceBound, livenessBound, methodChangeAllowance } from './livenessBound';
import {
  heartbeatSerialMonitorMachine,
  recordSerial,
  serialStuck,
  type SerialLedger
} from './heartbeatSerialMonitorMachine';
import { lostWritesMonitorMachine } from './lostWritesMonitorMachine';
import { methodJudgementMonitorMachine } from './methodJudgementMonitorMachine';
import { createLedger, observePhysics, type PhysicsLedger } from './dataPhysics';
import type { MonitorEvent, MonitorFinding, VolumeWrite } from './monitorEvents';
import { createOutcomeObserver, type GroupFigures, type OutcomeObserver } from './outcomeObserver';
import { splitBrainMonitorMachine } from './splitBrainMonitorMachine';
import { createHistories, recordWrite, type VolumeHistories } from './volumeHistories';

/** The monitors, by key. */
export const MONITOR_KEYS = [
  'splitBrain',
  'failoverEvidence',
  'failoverLiveness',
  'lostWrites',
  'falseFailover',
  'convergence',
  'methodJudgement',
  'dataPhysics',
  'heartbeatSerial',
  'availability',
  'availabilityFinding'
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
  /** The simulation clock (the monitors' bounds are simulated delays). */
  clock: SimClock;
  /**
   * Whether the lost-writes monitor holds the run to zero loss: `auto` (default) when the copy is
   * synchronous with fence level data; `always` forces it (to show the monitor can fail).
   */
  zeroLoss?: 'auto' | 'always';
}

/** What the observers measured of one group (SPEC §3), beside the monitors' findings. */
export interface GroupResults extends GroupFigures {
  group: string;
  /** Production writes acknowledged after the copies diverged (split-brain monitor). */
  divergentWrites: number;
  /** Lost writes as the data-physics checker counted them from the observed writes. */
  checkedLostWrites: number;
  /** First timeline fault (not an operator action) carried out, ms (the same for every group). */
  firstFaultMs: number | null;
}

/** Everything the monitors found in one run. */
export interface MonitorResults {
  /** Findings by monitor (each monitor reports at most one per group). */
  findings: Record<MonitorKey, GroupFinding[]>;
  /** The outcome figures of each group, in group order. */
  groups: GroupResults[];
  /** Divergent writes (production writes after the copies diverged), over every group. */
  divergentWrites: number;
  /** The cause of each group's false failover, by group (only groups that had one). */
  falseFailoverCauses: Record<string, FalseFailoverCause>;
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

/** The hub: watch a world's observations, then finish. */
export interface MonitorHub {
  /** Start the monitors on the world's observation stream and probe (before the world starts). */
  watch(observations$: Observable<Observation>, probe: WorldProbe): void;
  /** End of run: tell the monitors, collect their findings and figures, stop them. */
  finish(): MonitorResults;
}

interface GroupMonitors {
  name: string;
  actors: Record<MonitorKey, Actor<AnyActorLogic>>;
  outcome: OutcomeObserver;
  /** Abstract state of the group, for coverage. */
  abstract: Record<string, string | number | boolean>;
  productionHosts: string[];
  standbyHosts: string[];
  hostState: Map<string, string>;
  /**
   * The ledgers of the two checkers of what lands on the data volumes, fed by the hub itself: a
   * landing reaches a statechart only when it made the histories diverge or broke a rule.
   */
  histories: VolumeHistories;
  physics: PhysicsLedger;
  /** The heartbeat-serial monitor's ledger, fed by the hub: only a stuck serial is sent. */
  serials: SerialLedger;
}

/** The two availability monitors (one statechart, two modes: a violation and a finding). */
const AVAILABILITY = ['availability', 'availabilityFinding'] as const;

/** Which monitors need each observation (the others ignore it). */
const ROUTES: Partial<Record<MonitorEvent['type'], readonly MonitorKey[]>> = {
  PATH: ['failoverEvidence', 'failoverLiveness', 'methodJudgement', 'falseFailover'],
  VERDICT: ['failoverLiveness', 'failoverEvidence'],
  APP: ['falseFailover', 'convergence', ...AVAILABILITY],
  ALERT: ['failoverLiveness', 'falseFailover', ...AVAILABILITY],
  TAKEOVER: ['splitBrain', 'lostWrites', 'convergence', 'dataPhysics'],
  PAIR: [
    'splitBrain',
    'lostWrites',
    'failoverLiveness',
    'methodJudgement',
    'falseFailover',
    'dataPhysics',
    ...AVAILABILITY
  ],
  APP_WRITE_ACK: ['splitBrain'],
  // Fed to the split-brain and data-physics ledgers by the hub (`land`), not routed.
  VOLUME_WRITE: [],
  APP_WRITE_FAILED: [],
  // Recorded in the heartbeat-serial ledger by the hub; only a stuck serial is sent.
  HEARTBEAT_SENT: ['heartbeatSerial'],
  FAILOVER_COMPLETED: [...AVAILABILITY],
  FAILOVER_REFUSED: [...AVAILABILITY],
  LINK: ['methodJudgement', 'falseFailover', 'dataPhysics', ...AVAILABILITY],
  NETWORK: ['methodJudgement', 'falseFailover', ...AVAILABILITY],
  TIMELINE_OVER: []
};

/** Create a hub for a world about to be built; {@link MonitorHub.watch} its stream. */
export function createMonitorHub(options: MonitorHubOptions): MonitorHub {
  const { config, topology, clock } = options;
  const zeroLoss =
    options.zeroLoss === 'always' ||
    (config.remoteCopy.mode === 'sync' && config.remoteCopy.fenceLevel === 'data');
  const bounds = {
    liveness: livenessBound(config, topology),
    convergence: convergenceBound(config, topology)
  };
  const groups = new Map<string, GroupMonitors>();
  const states = new Set<number>();
  const reached = new Set<string>();
  let subscription: Subscription | null = null;
  let probe: WorldProbe | null = null;
  let healedAt: number | null = null;
  let notHealed: string | null = null;
  let firstFaultMs: number | null = null;
  let finished = false;

  const touch = (g: GroupMonitors, field: string, value: string | number | boolean) => {
    if (g.abstract[field] === value) return;
    g.abstract[field] = value;
    reached.add(`${field}=${value}`);
    states.add(hashString(JSON.stringify(g.abstract)));
  };

  const spawnMonitor = (group: string, key: MonitorKey, input: AvailabilityMonitorInput) => {
    const actor: Actor<AnyActorLogic> = createActor(availabilityMonitorMachine, {
      clock,
      id: `monitor/${group}/${key}`,
      input
    });
    return actor.start();
  };
  /** The group's two availability monitors: the violation and the finding. */
  function availabilityActors(
    group: string,
    hosts: { productionHosts: string[]; standbyHosts: string[] }
  ) {
    const input = (mode: 'violation' | 'finding') => ({
      group,
      ...hosts,
      bound: bounds.convergence,
      mode,
      autoResync: config.remoteCopy.autoResync
    });
    return {
      availability: spawnMonitor(group, 'availability', input('violation')),
      availabilityFinding: spawnMonitor(group, 'availabilityFinding', input('finding'))
    };
  }
  for (const ids of knownIds(topology, { bidirectional: config.heartbeat.bidirectional }).groups) {
    const volumes = { production: ids.data.primary, standby: ids.data.secondary };
    const spawn = <T extends AnyActorLogic>(key: MonitorKey, logic: T, input: unknown) =>
      createActor(logic, {
        clock,
        id: `monitor/${ids.name}/${key}`,
        input
      } as never).start() as unknown as Actor<AnyActorLogic>;
    const hosts = { productionHosts: ids.productionHosts, standbyHosts: ids.standbyHosts };
    const paths = {
      productionHosts: ids.productionHosts,
      heartbeatVolumes: [ids.heartbeat.primary, ids.heartbeat.secondary],
      method: config.heartbeat.method,
      networkLoss: config.network.loss,
      linkLoss: config.remoteCopy.loss
    };
    const link = {
      latency: config.remoteCopy.latency,
      jitter: config.remoteCopy.jitter,
      loss: config.remoteCopy.loss
    };
    const histories = createHistories([volumes.production, volumes.standby]);
    const physics = createLedger({ group: ids.name, mode: config.remoteCopy.mode, volumes, link });
    const serials: SerialLedger = new Map();
    groups.set(ids.name, {
      name: ids.name,
      ...hosts,
      hostState: new Map(),
      histories,
      physics,
      serials,
      outcome: createOutcomeObserver(ids),
      abstract: {},
      actors: {
        splitBrain: spawn('splitBrain', splitBrainMonitorMachine, {
          group: ids.name,
          volumes,
          histories
        }),
        failoverEvidence: spawn('failoverEvidence', failoverEvidenceMonitorMachine, {
          group: ids.name
        }),
        failoverLiveness: spawn('failoverLiveness', failoverLivenessMonitorMachine, {
          group: ids.name,
          ...hosts,
          bound: bounds.liveness,
          methodChange: methodChangeAllowance(config)
        }),
        lostWrites: spawn('lostWrites', lostWritesMonitorMachine, {
          group: ids.name,
          volumes,
          zeroLoss
        }),
        falseFailover: spawn('falseFailover', falseFailoverMonitorMachine, {
          group: ids.name,
          ...paths
        }),
        methodJudgement: spawn('methodJudgement', methodJudgementMonitorMachine, {
          group: ids.name,
          ...paths
        }),
        dataPhysics: spawn('dataPhysics', dataPhysicsMonitorMachine, {
          group: ids.name,
          volumes,
          mode: config.remoteCopy.mode,
          link,
          ledger: physics
        }),
        heartbeatSerial: spawn('heartbeatSerial', heartbeatSerialMonitorMachine, {
          group: ids.name,
          ledger: serials
        }),
        convergence: spawn('convergence', convergenceMonitorMachine, {
          group: ids.name,
          ...hosts,
          bound: bounds.convergence
        }),
        ...availabilityActors(ids.name, hosts)
      }
    });
  }
  for (const g of groups.values()) {
    touch(g, 'dataPair', 'PAIR');
    touch(g, 'heartbeatPair', 'PAIR');
  }

  const send = (g: GroupMonitors, o: MonitorEvent, keys: readonly MonitorKey[] = MONITOR_KEYS) => {
    for (const key of keys) g.actors[key].send(o);
  };

  /** The availability monitors need a write's outcome only at an outage's edges. */
  const feedWrites = (g: GroupMonitors, o: Observation) => {
    for (const key of AVAILABILITY) {
      const context = g.actors[key].getSnapshot().context as AvailabilityMonitorContext;
      if (wantsWrite(context, o)) g.actors[key].send(o);
    }
  };

  /**
   * A write landed on a data volume: the hub records it in both checkers' ledgers and tells a
   * statechart only what changes it — the histories diverging, a data-physics rule broken. (The
   * data-physics checker's ledger takes writes only while it watches, as its statechart would.)
   */
  const land = (g: GroupMonitors, o: VolumeWrite) => {
    if (recordWrite(g.histories, o.volume, o.writer, o.writeSeq, o.at)) {
      g.actors.splitBrain.send(o);
    }
    const physics = g.actors.dataPhysics;
    if (physics.getSnapshot().value !== 'watching') return;
    const violation = observePhysics(g.physics, o);
    if (violation) physics.send({ type: 'PHYSICS.BROKEN', at: o.at, write: o, violation });
  };

  /** Coverage: the abstract state of the group after `o`. */
  const cover = (g: GroupMonitors, o: Observation) => {
    switch (o.type) {
      case 'HOST': {
        g.hostState.set(o.host, o.state);
        const list = o.site === 'production' ? g.productionHosts : g.standbyHosts;
        const up = list.filter((h) => (g.hostState.get(h) ?? 'up') === 'up').length;
        touch(g, o.site === 'production' ? 'prodHostsUp' : 'standbyHostsUp', up);
        return;
      }
      case 'APP':
        touch(g, o.site === 'production' ? 'appProduction' : 'appStandby', o.running);
        return;
      case 'PATH':
        touch(g, o.path === 'network' ? 'networkRow' : 'mirrorRow', o.status);
        return;
      case 'DECLARED':
        touch(g, 'verdict', `declared:${o.verdict}`);
        return;
      case 'VERDICT':
        touch(g, 'verdict', o.verdict);
        return;
      case 'TAKEOVER':
        touch(g, 'takeover', o.result);
        return;
      case 'PAIR':
        touch(g, `${o.pair}Pair`, o.to);
        return;
      case 'STORAGE':
        touch(g, `${o.site}Array`, o.up ? 'up' : 'failed');
        return;
      case 'LINK':
        touch(g, 'link', o.state);
        return;
      case 'NETWORK':
        touch(g, 'network', `${o.mode}/${o.partition}`);
        return;
      default:
        return;
    }
  };

  /** Is the world whole again? What is still broken, from the probe. */
  const problems = (p: WorldProbe): string[] => {
    const h = p.health();
    const out: string[] = [];
    for (const d of h.hostsDown) out.push(`${d.host} is ${d.state}`);
    for (const site of h.arraysDown) out.push(`${site} storage failed`);
    if (h.link !== 'up') out.push(`remote link ${h.link}`);
    if (h.network.partition !== 'none') out.push(`network partitioned (${h.network.partition})`);
    if (h.network.mode !== 'up') out.push('network degraded');
    for (const v of h.ioErrors) out.push(`I/O errors on ${v}`);
    return out;
  };

  const dispatch = (o: Observation) => {
    if (finished) return;
    if (o.type === 'FAULT' && o.phase === 'apply' && !o.operator && firstFaultMs === null) {
      firstFaultMs = o.at;
    }
    if (o.type === 'TIMELINE_OVER') {
      if (!probe) return;
      const left = problems(probe);
      if (left.length > 0) {
        notHealed = left.join('; ');
        return;
      }
      healedAt = o.at;
      for (const g of groups.values()) send(g, { type: 'HEALED', at: o.at });
      return;
    }
    const targets =
      'group' in o && o.group !== null
        ? [groups.get(o.group)].filter((g): g is GroupMonitors => g !== undefined)
        : [...groups.values()];
    const keys = ROUTES[o.type] ?? MONITOR_KEYS;
    for (const g of targets) {
      g.outcome.observe(o);
      if (o.type === 'APP_WRITE_ACK' || o.type === 'APP_WRITE_FAILED') feedWrites(g, o);
      if (o.type === 'APP_WRITE_ACK') {
        // Writes only matter to the split-brain monitor while the copies diverge.
        if (g.actors.splitBrain.getSnapshot().value === 'oneCopy') continue;
      }
      if (o.type === 'VOLUME_WRITE') {
        land(g, o);
        continue;
      }
      if (o.type === 'HEARTBEAT_SENT') {
        // A serial that advanced only extends the ledger; a stuck one goes to the statechart.
        if (serialStuck(g.serials, o)) send(g, o, keys);
        else recordSerial(g.serials, o);
        continue;
      }
      send(g, o, keys);
      cover(g, o);
    }
  };

  return {
    watch(observations$, worldProbe) {
      probe = worldProbe;
      subscription = observations$.subscribe(dispatch);
    },

    finish() {
      const endAt = probe?.now() ?? 0;
      const end: MonitorEvent = { type: 'END', at: endAt };
      for (const g of groups.values()) send(g, end);
      finished = true;
      subscription?.unsubscribe();
      const findings = Object.fromEntries(
        MONITOR_KEYS.map((k) => [k, [] as GroupFinding[]])
      ) as Record<MonitorKey, GroupFinding[]>;
      let divergentWrites = 0;
      const falseFailoverCauses: Record<string, FalseFailoverCause> = {};
      const convergence: MonitorResults['convergence'] = {};
      const results: GroupResults[] = [];
      for (const g of groups.values()) {
        for (const key of MONITOR_KEYS) {
          const snap = g.actors[key].getSnapshot() as {
            context: { finding: MonitorFinding | null };
          };
          const f = snap.context.finding;
          if (f) findings[key].push({ ...f, monitor: key, group: g.name });
        }
        const dp = g.actors.dataPhysics.getSnapshot() as { context: { ledger: { lost: number } } };
        const ff = g.actors.falseFailover.getSnapshot() as {
          context: { cause: FalseFailoverCause | null };
        };
        if (ff.context.cause) falseFailoverCauses[g.name] = ff.context.cause;
        const sb = g.actors.splitBrain.getSnapshot() as { context: { divergentWrites: number } };
        divergentWrites += sb.context.divergentWrites;
        const cv = g.actors.convergence.getSnapshot().value as string;
        convergence[g.name] =
          cv === 'faulty' ? 'not-healed' : (cv as 'converged' | 'converging' | 'violated');
        results.push({
          group: g.name,
          ...g.outcome.figures(endAt),
          divergentWrites: sb.context.divergentWrites,
          checkedLostWrites: dp.context.ledger.lost,
          firstFaultMs
        });
        for (const actor of Object.values(g.actors)) actor.stop();
      }
      return {
        findings,
        groups: results,
        divergentWrites,
        falseFailoverCauses,
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
