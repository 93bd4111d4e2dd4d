/**
 * Seeded random fault schedules over the SPEC §2 catalogue, FoundationDB / TigerBeetle style:
 * faults are data, drawn from one seeded generator, within a budget that keeps them survivable,
 * and every schedule has two phases — a **fault phase** (a few faults, some reverted after a `for`
 * drawn around the heartbeat timeout, where detection races live) and a **heal phase** (at
 * `healAt` every fault still in force is repaired: heal, restore, recover) after which the run
 * must converge (`expect.converges`).
 *
 * The operator's live actions of the catalogue (set-method, install, uninstall, failback, resync)
 * are drawn among the faults, at any moment — in the middle of a failover too; the heal phase puts
 * the heartbeat mirror and the checking method back as the base configuration has them, and
 * resyncs every pair left suspended.
 *
 * The budget (what "survivable" means for this design): at most `maxFaults` entries; at most one
 * site-wide fault (disaster or array crash) per schedule; never both sites' arrays or both sites
 * at once; every fault over by `healAt`; degradations bounded (≤ 400 ms latency, ≤ 50 % loss).
 */
import type { FaultAction, FaultEntry, PartitionDirection, Scenario } from '../model/scenario';
import { resolveConfig, type CheckingMethod } from '../model/config';
import { FAULT_ACTIONS } from '../model/faultRules';
import { knownIds, STORAGE_IDS } from '../model/knownIds';
import type { Random } from '../sim/createRandom';

/** The repairs: `for` and the heal phase apply them; they are never drawn. */
type Repair = 'recover' | 'heal' | 'restore';
const REPAIRS = new Set<FaultAction>(['recover', 'heal', 'restore'] satisfies Repair[]);

/**
 * The kinds a random schedule draws from: the SPEC §2 catalogue but the repairs (recover, heal,
 * restore — the heal phase and `for` do those).
 */
export const RANDOM_FAULT_ACTIONS: readonly RandomFaultAction[] = FAULT_ACTIONS.filter(
  (action): action is RandomFaultAction => !REPAIRS.has(action)
);

/**
 * Operator actions are drawn less often than faults (a schedule is mostly faults), and so is a
 * misconfiguration (a second cluster sending its heartbeats to one of ours) and a site isolation
 * (both links between the sites at once; a partition and a cut drawn apart rarely overlap).
 */
export const DEFAULT_WEIGHTS: Partial<Record<RandomFaultAction, number>> = {
  'foreign-heartbeat': 0.5,
  isolate: 0.5,
  'set-method': 0.5,
  install: 0.25,
  uninstall: 0.5,
  failback: 0.5,
  resync: 0.5
};

const OPERATOR_ACTIONS = new Set<RandomFaultAction>([
  'set-method',
  'install',
  'uninstall',
  'failback',
  'resync'
]);

/** Operator actions of the heal phase start this long apart, so neither refuses the other. */
export const OPERATOR_HEAL_GAP = 5_000;

/** One of {@link RANDOM_FAULT_ACTIONS}. */
export type RandomFaultAction = Exclude<FaultAction, Repair>;

/** Where and how schedules are drawn. */
export interface ScheduleSpace {
  /** Topology and configuration explored (its faults and expectations are ignored). */
  base: Scenario;
  /** Simulated length of each run, ms. */
  duration: number;
  /** Earliest fault, ms (the cluster is in steady state by then). */
  faultFrom: number;
  /** Every fault is over (or repaired) at this time, ms. */
  healAt: number;
  /** Most faults per schedule (at least one is drawn). */
  maxFaults: number;
  /** Kinds drawn from. */
  actions: readonly RandomFaultAction[];
  /** Weight of each kind (default 1). */
  weights?: Partial<Record<RandomFaultAction, number>>;
}

/** The default space for `base`: runs of `duration` (default 80 s), faults up to 30 s before the end. */
export function defaultSpace(
  base: Scenario,
  options: { duration?: number; maxFaults?: number } = {}
): ScheduleSpace {
  const duration = options.duration ?? 80_000;
  const config = resolveConfig(base.config);
  // Leave at least the heartbeat timeout plus a generous convergence window after the heal.
  const tail = Math.max(30_000, 4 * config.heartbeat.timeout);
  return {
    base,
    duration,
    faultFrom: Math.min(10_000, Math.floor(duration / 6)),
    healAt: Math.max(duration - tail, Math.floor(duration / 2)),
    maxFaults: options.maxFaults ?? 3,
    actions: RANDOM_FAULT_ACTIONS,
    weights: DEFAULT_WEIGHTS
  };
}

const SITE_FAULT = (f: FaultEntry) =>
  f.action === 'disaster' ||
  (f.action === 'crash' &&
    (f.target === STORAGE_IDS.production || f.target === STORAGE_IDS.standby));

/**
 * Draw one schedule: a scenario named `explore-<seed>` with seed `seed` (its simulation seed
 * too), the base's topology and configuration, a timeline and `expect.converges`.
 */
export function randomSchedule(random: Random, space: ScheduleSpace, seed: number): Scenario {
  const { base } = space;
  const config = resolveConfig(base.config);
  const hb = config.heartbeat;
  const ids = knownIds(base.topology, { bidirectional: hb.bidirectional });
  const count = random.int(1, Math.max(1, space.maxFaults));
  const faults: FaultEntry[] = [];
  let siteFaults = 0;
  const weights = space.actions.map((a) => space.weights?.[a] ?? 1);
  const total = weights.reduce((n, w) => n + w, 0);
  const drawAction = (): RandomFaultAction => {
    let x = random.next() * total;
    for (let i = 0; i < space.actions.length; i++) {
      x -= weights[i];
      if (x < 0) return space.actions[i];
    }
    return space.actions[space.actions.length - 1];
  };

  /** A `for` drawn around the timeout window (detection races), within what is left. */
  const drawFor = (maxFor: number): number => {
    const r = random.next();
    let d: number;
    if (r < 0.45) d = hb.timeout - hb.interval + random.int(0, hb.interval + hb.pollInterval + 500);
    else if (r < 0.75) d = random.int(200, Math.max(200, hb.timeout - hb.interval));
    else d = random.int(hb.timeout, 4 * hb.timeout);
    return Math.max(100, Math.min(d, maxFor));
  };

  for (let i = 0; i < count * 4 && faults.length < count; i++) {
    const action = drawAction();
    // An operator action finishes before the heal phase undoes it (else that would be refused).
    const operator = OPERATOR_ACTIONS.has(action);
    const at = random.int(space.faultFrom, space.healAt - (operator ? OPERATOR_HEAL_GAP : 200));
    const maxFor = space.healAt - at;
    const permanent = random.chance(0.4);
    let f: FaultEntry | null = null;
    switch (action) {
      case 'crash': {
        const target = random.pick([...ids.hosts, ...ids.storages]);
        f = { at, action, target, ...(permanent ? {} : { for: drawFor(maxFor) }) };
        break;
      }
      case 'hang':
        f = { at, action, target: random.pick(ids.hosts), for: drawFor(maxFor) };
        break;
      case 'partition': {
        const direction = random.pick<PartitionDirection>([
          'both',
          'prod-to-standby',
          'standby-to-prod'
        ]);
        f = {
          at,
          action,
          target: 'network',
          direction,
          ...(permanent ? {} : { for: drawFor(maxFor) })
        };
        break;
      }
      case 'cut':
        f = { at, action, target: 'remote-link', ...(permanent ? {} : { for: drawFor(maxFor) }) };
        break;
      case 'degrade': {
        const target = random.pick(['network', 'remote-link']);
        const kind = random.int(0, 2);
        const params =
          kind === 0
            ? { latency: random.int(20, 400), jitter: random.int(0, 100) }
            : kind === 1
              ? { loss: random.pick([0.1, 0.3, 0.5]) }
              : { latency: random.int(20, 200), loss: random.pick([0.1, 0.3]) };
        f = { at, action, target, ...params, for: drawFor(maxFor) };
        break;
      }
      case 'io-error':
        f = { at, action, target: random.pick(ids.volumes), for: drawFor(maxFor) };
        break;
      case 'skew': {
        const offset = random.pick([-1, 1]) * random.int(500, 120_000);
        f = { at, action, target: random.pick(ids.hosts), offset, for: drawFor(maxFor) };
        break;
      }
      case 'foreign-heartbeat':
        // A misconfigured second cluster, corrected after a while.
        f = { at, action, target: random.pick(ids.hosts), for: drawFor(maxFor) };
        break;
      case 'isolate':
        // Both links between the sites at once (they share one route).
        f = {
          at,
          action,
          target: random.pick(ids.sites),
          ...(permanent ? {} : { for: drawFor(maxFor) })
        };
        break;
      case 'disaster':
        f = { at, action, target: random.pick(ids.sites) };
        break;
      case 'set-method':
        f = { at, action, method: random.pick<CheckingMethod>(['network', 'mirror', 'both']) };
        break;
      case 'install':
      case 'uninstall':
      case 'failback':
        f = { at, action };
        break;
      case 'resync': {
        // The operator's pairresync: of every suspended pair, or of one pair named by a volume.
        const target = random.chance(0.5) ? undefined : random.pick(ids.volumes);
        f = target === undefined ? { at, action } : { at, action, target };
        break;
      }
    }
    if (!f) continue;
    if (SITE_FAULT(f)) {
      if (siteFaults > 0) continue;
      siteFaults++;
    }
    faults.push(f);
  }
  faults.sort((a, b) => a.at - b.at);
  return {
    name: `explore-${seed}`,
    description: `random schedule ${seed} of mirrorbeat explore (${faults.length} fault(s), heal at ${space.healAt} ms)`,
    seed,
    duration: space.duration,
    topology: base.topology,
    config: base.config,
    faults: [...faults, ...healPhase(faults, space.healAt, base)],
    expect: { converges: true }
  };
}

/**
 * The heal phase: at `healAt`, repair every fault still in force (no `for`): heal the network,
 * restore the link, recover arrays, then hosts; then undo the operator's changes — reinstall
 * the heartbeat mirror if it was last de-installed, and (`OPERATOR_HEAL_GAP` later) set the
 * base checking method back if the last change left another and resync every pair still
 * suspended (the cut, an array failure or an I/O error left it PSUE; the operator resyncs once the
 * cluster has settled, so as not to put a pair in COPY under a takeover still under way).
 */
export function healPhase(
  faults: readonly FaultEntry[],
  healAt: number,
  base: Scenario
): FaultEntry[] {
  const config = resolveConfig(base.config);
  const ids = knownIds(base.topology, { bidirectional: config.heartbeat.bidirectional });
  const lasting = faults.filter((f) => f.for === undefined || f.action === 'hang');
  const out: FaultEntry[] = [];
  if (lasting.some((f) => f.action === 'partition' || f.action === 'isolate'))
    out.push({ at: healAt, action: 'heal', target: 'network' });
  if (lasting.some((f) => f.action === 'cut' || f.action === 'isolate'))
    out.push({ at: healAt, action: 'restore', target: 'remote-link' });
  const storages = new Set<string>();
  const hosts = new Set<string>();
  for (const f of lasting) {
    if (f.action === 'crash' && f.target) {
      if (ids.storages.includes(f.target)) storages.add(f.target);
      else hosts.add(f.target);
    } else if (f.action === 'hang' && f.target) {
      // A host group of several hosts fences a hung member (crashes it) before its local takeover.
      hosts.add(f.target);
    } else if (f.action === 'disaster') {
      const site = f.target === 'standby' ? 'standby' : 'production';
      storages.add(STORAGE_IDS[site]);
      for (const g of ids.groups) {
        for (const h of site === 'production' ? g.productionHosts : g.standbyHosts) hosts.add(h);
      }
    }
  }
  for (const s of ids.storages)
    if (storages.has(s)) out.push({ at: healAt, action: 'recover', target: s });
  for (const h of ids.hosts)
    if (hosts.has(h)) out.push({ at: healAt, action: 'recover', target: h });
  const mirror = faults.filter((f) => f.action === 'install' || f.action === 'uninstall').pop();
  if (mirror?.action === 'uninstall') out.push({ at: healAt, action: 'install' });
  const method = faults.filter((f) => f.action === 'set-method').pop()?.method;
  if (method !== undefined && method !== config.heartbeat.method) {
    const at = mirror?.action === 'uninstall' ? healAt + OPERATOR_HEAL_GAP : healAt;
    out.push({ at, action: 'set-method', method: config.heartbeat.method });
  }
  out.push({ at: healAt + OPERATOR_HEAL_GAP, action: 'resync' });
  return out;
}
