/**
 * Seeded random fault schedules over the SPEC §2 catalogue, FoundationDB / TigerBeetle style:
 * faults are data, drawn from one seeded generator, within a budget that keeps them survivable,
 * and every schedule has two phases — a **fault phase** (a few faults, some reverted after a `for`
 * drawn around the heartbeat timeout, where detection races live) and a **heal phase** (at
 * `healAt` every fault still in force is repaired: heal, restore, recover) after which the run
 * must converge (`expect.converges`).
 *
 * The budget (what "survivable" means for this design): at most `maxFaults` faults; at most one
 * site-wide fault (disaster or array crash) per schedule; never both sites' arrays or both sites
 * at once; every fault over by `healAt`; degradations bounded (≤ 400 ms latency, ≤ 50 % loss).
 */
import type { FaultAction, FaultEntry, PartitionDirection, Scenario } from '../model/scenario';
import { resolveConfig } from '../model/config';
import { knownIds, STORAGE_IDS } from '../model/knownIds';
import { convergenceBound } from '../monitors/livenessBound';
import type { Random } from '../sim/createRandom';

/** The fault kinds a random schedule draws from (SPEC §2, faults only). */
export const RANDOM_FAULT_ACTIONS = [
  'crash',
  'hang',
  'partition',
  'cut',
  'degrade',
  'io-error',
  'skew',
  'disaster'
] as const satisfies readonly FaultAction[];

/** One of {@link RANDOM_FAULT_ACTIONS}. */
export type RandomFaultAction = (typeof RANDOM_FAULT_ACTIONS)[number];

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
  /** Known system gaps to steer clear of (see {@link KNOWN_ISSUES}); default none. */
  avoid?: readonly KnownIssue[];
}

/**
 * Gaps of the system under test that exploration found (README, "Exploration"): a space may
 * steer clear of them to check everything else, until they are fixed.
 */
export const KNOWN_ISSUES = {
  'short-crash':
    'a host crash shorter than hosts.localTakeover leaves the recovered active member without its programs: the host group takes it back without promoting it again, so no application and no heartbeat run there',
  'app-failed-terminal':
    'an application whose array does not answer within heartbeat.ioTimeout fails for good: it never restarts when the array returns, and its takeover request is sent once (lost in a partition; never sent from the standby site)',
  'recovery-during-failover':
    'a production application that is up while the standby takes over by SVOL-takeover and whose fence request is lost (production came back during the failover, or was cut off by a partition) is never stopped: both sites run the application (fence level data keeps production from writing)'
} as const;

/** One of {@link KNOWN_ISSUES}. */
export type KnownIssue = keyof typeof KNOWN_ISSUES;

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
    actions: RANDOM_FAULT_ACTIONS
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
  const avoid = new Set(space.avoid ?? []);
  const hostIds = new Set(ids.hosts);
  // A host crash must last longer than the local takeover (with a margin) to be survivable.
  const minCrash = avoid.has('short-crash') ? config.hosts.localTakeover + 1000 : 0;
  const avoidRace = avoid.has('recovery-during-failover');
  const raceEnd = convergenceBound(config, base.topology);
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
    const at = random.int(space.faultFrom, space.healAt - 200);
    const maxFor = space.healAt - at;
    const permanent = random.chance(0.4);
    const action = drawAction();
    let f: FaultEntry | null = null;
    switch (action) {
      case 'crash': {
        const arrays = avoid.has('app-failed-terminal') ? [] : ids.storages;
        const target = random.pick([...ids.hosts, ...arrays]);
        f = { at, action, target, ...(permanent ? {} : { for: drawFor(maxFor) }) };
        if (hostIds.has(target) && minCrash > 0) {
          if (maxFor < minCrash + 100) continue;
          if (f.for !== undefined) f.for = Math.max(f.for, minCrash);
        }
        if (hostIds.has(target) && avoidRace) {
          // Back either before the standby notices, or after any failover is over.
          const length = f.for ?? maxFor;
          if (length >= hb.timeout - hb.interval && length < raceEnd) {
            if (maxFor < raceEnd) continue;
            if (f.for !== undefined) f.for = raceEnd;
          }
        }
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
        // Without loss, a remote-link round trip stays well under the I/O timeout.
        const calm = target === 'remote-link' && avoid.has('app-failed-terminal');
        const kind = calm ? 0 : random.int(0, 2);
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
      case 'disaster':
        if (minCrash > 0 && maxFor < minCrash + 100) continue;
        if (avoidRace && maxFor < raceEnd) continue;
        f = { at, action, target: random.pick(ids.sites) };
        break;
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
 * restore the link, recover arrays, then hosts.
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
  if (lasting.some((f) => f.action === 'partition'))
    out.push({ at: healAt, action: 'heal', target: 'network' });
  if (lasting.some((f) => f.action === 'cut'))
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
  return out;
}
