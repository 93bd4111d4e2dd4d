/**
 * Exhaustive fault placement for a small configuration (Stateright / P style, a breadth-first
 * search of fault timings): depth 1 is **every placement of one fault** — every kind of the SPEC
 * §2 catalogue × every phase within one heartbeat interval (tenths of it) × every duration across
 * the timeout window (T − I, T − I/2, T, T + P/2, T + P + ½ s, or until the heal); depth 2 is
 * **every ordered pair of faults** on a coarser grid (second fault 0, T/2, T or 2T after the first,
 * each lasting 2T). Operator actions (set-method, uninstall, failback) are placed like faults,
 * so a pair puts one in the middle of a failover. Every schedule ends with the heal phase and
 * must converge.
 */
import { resolveConfig } from '../model/config';
import { knownIds } from '../model/knownIds';
import type { FaultEntry, Scenario } from '../model/scenario';
import { healPhase, type ScheduleSpace } from './randomSchedule';

/** A fault kind placed by the exhaustive search. */
export interface FaultTemplate {
  /** Short label, e.g. `crash prod-1`. */
  label: string;
  /** The entry at time `at`, lasting `length` (undefined: until the heal). */
  make(at: number, length: number | undefined): FaultEntry;
  /** Whether the duration is explored across the timeout window (else fixed). */
  windowed: boolean;
}

/** One exhaustive placement: a scenario and where it sits in the search. */
export interface Placement {
  depth: 1 | 2;
  labels: string[];
  scenario: Scenario;
}

/** The fault templates of the first application group of `base`. */
export function faultTemplates(base: Scenario): FaultTemplate[] {
  const config = resolveConfig(base.config);
  const g = knownIds(base.topology, { bidirectional: config.heartbeat.bidirectional }).groups[0];
  const prod = g.productionHosts[0];
  const standby = g.standbyHosts[0];
  const lasting = (f: FaultEntry, length: number | undefined): FaultEntry =>
    length === undefined ? f : { ...f, for: length };
  const fixed = 20_000;
  const t: FaultTemplate[] = [];
  for (const target of [prod, standby, 'prod-storage', 'standby-storage']) {
    t.push({
      label: `crash ${target}`,
      windowed: true,
      make: (at, length) => lasting({ at, action: 'crash', target }, length)
    });
  }
  for (const target of [prod, standby]) {
    t.push({
      label: `hang ${target}`,
      windowed: true,
      make: (at, length) => ({ at, action: 'hang', target, for: length ?? fixed })
    });
  }
  for (const direction of ['both', 'prod-to-standby', 'standby-to-prod'] as const) {
    t.push({
      label: `partition ${direction}`,
      windowed: true,
      make: (at, length) =>
        lasting({ at, action: 'partition', target: 'network', direction }, length)
    });
  }
  t.push({
    label: 'cut remote-link',
    windowed: true,
    make: (at, length) => lasting({ at, action: 'cut', target: 'remote-link' }, length)
  });
  for (const target of [
    g.heartbeat.primary,
    g.heartbeat.secondary,
    g.data.primary,
    g.data.secondary
  ]) {
    t.push({
      label: `io-error ${target}`,
      windowed: true,
      make: (at, length) => ({ at, action: 'io-error', target, for: length ?? fixed })
    });
  }
  const degrades: Array<[string, 'network' | 'remote-link', Partial<FaultEntry>]> = [
    ['degrade network latency', 'network', { latency: 400, jitter: 100 }],
    ['degrade network loss', 'network', { loss: 0.5 }],
    ['degrade remote-link latency', 'remote-link', { latency: 300, jitter: 50 }],
    ['degrade remote-link loss', 'remote-link', { loss: 0.3 }]
  ];
  for (const [label, target, params] of degrades) {
    t.push({
      label,
      windowed: false,
      make: (at) => ({ at, action: 'degrade', target, ...params, for: fixed })
    });
  }
  t.push({
    label: `skew ${prod}`,
    windowed: false,
    make: (at) => ({ at, action: 'skew', target: prod, offset: -60_000, for: fixed })
  });
  t.push({
    label: `skew ${standby}`,
    windowed: false,
    make: (at) => ({ at, action: 'skew', target: standby, offset: 60_000, for: fixed })
  });
  for (const site of ['production', 'standby'] as const) {
    t.push({
      label: `disaster ${site}`,
      windowed: false,
      make: (at) => ({ at, action: 'disaster', target: site })
    });
  }
  // The operator's live actions: the heal phase reinstalls the mirror and restores the method.
  for (const method of ['network', 'mirror', 'both'] as const) {
    if (method === config.heartbeat.method) continue;
    t.push({
      label: `set-method ${method}`,
      windowed: false,
      make: (at) => ({ at, action: 'set-method', method })
    });
  }
  t.push({ label: 'uninstall', windowed: false, make: (at) => ({ at, action: 'uninstall' }) });
  t.push({ label: 'failback', windowed: false, make: (at) => ({ at, action: 'failback' }) });
  return t;
}

/** The placements of the exhaustive search of `space`, depth 1 then depth 2. */
export function exhaustivePlacements(space: ScheduleSpace): Placement[] {
  const { base } = space;
  const hb = resolveConfig(base.config).heartbeat;
  const { interval: I, timeout: T, pollInterval: P } = hb;
  const start = Math.max(space.faultFrom, 2 * T);
  const templates = faultTemplates(base);
  const out: Placement[] = [];
  const clip = (f: FaultEntry): FaultEntry =>
    f.for !== undefined && f.at + f.for > space.healAt ? { ...f, for: space.healAt - f.at } : f;
  const schedule = (name: string, faults: FaultEntry[]): Scenario => {
    const timeline = faults.map(clip).sort((a, b) => a.at - b.at);
    return {
      name,
      description: `exhaustive placement: ${name}`,
      seed: base.seed,
      duration: space.duration,
      topology: base.topology,
      config: base.config,
      faults: [...timeline, ...healPhase(timeline, space.healAt, base)],
      expect: { converges: true }
    };
  };
  const slug = (s: string) => s.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');

  const phases = Array.from({ length: 10 }, (_, k) => Math.round((k * I) / 10));
  const lengths: Array<number | undefined> = [
    T - I,
    T - I / 2,
    T,
    T + P / 2,
    T + P + 500,
    undefined
  ].map((x) => (x === undefined ? undefined : Math.round(x)));
  for (const tpl of templates) {
    for (const phase of phases) {
      for (const length of tpl.windowed ? lengths : [undefined]) {
        const label = `${tpl.label} @+${phase}ms ${length === undefined ? 'until heal' : `for ${length}ms`}`;
        out.push({
          depth: 1,
          labels: [label],
          scenario: schedule(`exhaustive-${slug(label)}`, [tpl.make(start + phase, length)])
        });
      }
    }
  }
  const offsets = [0, Math.round(T / 2), T, 2 * T];
  for (const a of templates) {
    for (const b of templates) {
      if (a === b) continue;
      for (const offset of offsets) {
        const first = a.make(start, a.windowed ? 2 * T : undefined);
        const second = b.make(start + offset, b.windowed ? 2 * T : undefined);
        const label = `${a.label} then ${b.label} +${offset}ms`;
        out.push({
          depth: 2,
          labels: [a.label, b.label],
          scenario: schedule(`exhaustive-${slug(label)}`, [first, second])
        });
      }
    }
  }
  return out;
}
