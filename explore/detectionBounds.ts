/**
 * Analytic detection bounds, checked against measured runs.
 *
 * The design (machines/senderMachine.ts, receiverMachine.ts, failureDecisionMachine.ts): the
 * sender ticks every I; each tick sends the network heartbeat (arrives after the network latency
 * d_n, plus up to the jitter j_n) and writes the mirror heartbeat to the P-VOL, whose synchronous
 * copy is applied at the S-VOL s + d_l later (service time s, link latency d_l, plus up to the
 * link jitter j_l). The receiver polls the S-VOL: a read takes s and the next one starts P after
 * the previous answer, so an update of the S-VOL is seen at most P + s after it lands (plus the
 * read itself). Each path is aged from the instant the receiver saw its serial advance and turns
 * invalid T after it; the decision declares production failed when the last path turns invalid.
 *
 * A crash at F stops the ticks; the last heartbeat left at F − φ, 0 ≤ φ < I. So, for method `both`,
 *
 *   detection = T − φ + max(d_n + jitter, s + d_l + jitter + ψ),  0 ≤ ψ < P + 2s,
 *
 * hence T − I + max(d_n, s + d_l) < detection ≤ T + max(d_n + j_n, 2s + d_l + j_l + P);
 * method `network` keeps only the d_n term, method `mirror` only the other one.
 */
import { DEFAULT_CONFIG, type CheckingMethod } from '../model/config';
import { defineScenario } from '../scenarios/defineScenario';
import { runScenario } from '../world/runScenario';

/** One configuration of the detection grid. */
export interface DetectionCase {
  label: string;
  method: CheckingMethod;
  interval: number;
  timeout: number;
  pollInterval: number;
  /** Remote-copy link latency, ms. */
  linkLatency: number;
  /** Network latency, ms. */
  networkLatency: number;
  /** A published figure this configuration reproduces (reference ha-systems.md §4). */
  anchor?: { system: string; published: string };
}

/** Storage service time of the default configuration, ms. */
export const SERVICE_TIME = 1;

/** The closed-form bounds (ms): detection is > `lower` and ≤ `upper`. */
export function detectionBound(c: DetectionCase, serviceTime = SERVICE_TIME) {
  const s = serviceTime;
  // The grid runs with the default jitters (SPEC §4.2): j_n on the network, j_l on the link.
  const jn = DEFAULT_CONFIG.network.jitter;
  const jl = DEFAULT_CONFIG.remoteCopy.jitter;
  const net = { lower: c.networkLatency, upper: c.networkLatency + jn };
  const mirror = { lower: s + c.linkLatency, upper: 2 * s + c.linkLatency + jl + c.pollInterval };
  const terms = c.method === 'network' ? [net] : c.method === 'mirror' ? [mirror] : [net, mirror];
  return {
    lower: c.timeout - c.interval + Math.max(...terms.map((t) => t.lower)),
    upper: c.timeout + Math.max(...terms.map((t) => t.upper))
  };
}

/**
 * Measured detection times of `c` (ms): a crash of `prod-1` at `phases` phases across one
 * heartbeat interval, each with the receiver's poll cycle shifted to `pollPhases` phases across
 * one poll period (the standby hangs briefly long before the crash, which restarts its poll timer),
 * so both φ and ψ of the bound are swept.
 */
export function measureDetection(
  c: DetectionCase,
  phases = 10,
  pollPhases = 10,
  seeds: readonly number[] = [1]
): number[] {
  const crashBase = 30_000;
  const cycle = c.pollInterval + SERVICE_TIME;
  const out: number[] = [];
  for (let k = 0; k < phases; k++) {
    for (let j = 0; j < pollPhases; j++) {
      // +2 ms: just after a tick (the sender ticks 1 ms after the interval, its read-back).
      const at = crashBase + 2 + Math.round((k * c.interval) / phases);
      const shift = 100 + Math.round((j * cycle) / pollPhases);
      const scenario = defineScenario({
        name: `detection-${c.label}`,
        duration: at + c.timeout + c.pollInterval + 5_000,
        config: {
          heartbeat: {
            method: c.method,
            interval: c.interval,
            timeout: c.timeout,
            pollInterval: c.pollInterval
          },
          remoteCopy: { latency: c.linkLatency },
          network: { latency: c.networkLatency }
        },
        faults: [
          { at: 5_000, action: 'hang', target: 'standby-1', for: shift },
          { at, action: 'crash', target: 'prod-1' }
        ]
      });
      for (const seed of seeds) {
        const run = runScenario(scenario, { trace: 'off', seed });
        const d = run.report.outcome.detectionMs;
        if (d === null) throw new Error(`${c.label}: no detection for a crash at ${at} ms`);
        // Detection counts from the failure onset (the crash), not from the harmless hang before.
        out.push(d);
      }
    }
  }
  return out;
}

/** The grid of the README table: the defaults, variations, and the published anchors. */
export const DETECTION_GRID: DetectionCase[] = [
  {
    label: 'defaults',
    method: 'both',
    interval: 1000,
    timeout: 5000,
    pollInterval: 1000,
    linkLatency: 2,
    networkLatency: 1
  },
  {
    label: 'network only',
    method: 'network',
    interval: 1000,
    timeout: 5000,
    pollInterval: 1000,
    linkLatency: 2,
    networkLatency: 1
  },
  {
    label: 'mirror only',
    method: 'mirror',
    interval: 1000,
    timeout: 5000,
    pollInterval: 1000,
    linkLatency: 2,
    networkLatency: 1
  },
  {
    label: 'fast',
    method: 'both',
    interval: 500,
    timeout: 2000,
    pollInterval: 250,
    linkLatency: 2,
    networkLatency: 1
  },
  {
    label: 'slow poll',
    method: 'both',
    interval: 1000,
    timeout: 5000,
    pollInterval: 2500,
    linkLatency: 2,
    networkLatency: 1
  },
  {
    label: 'long distance',
    method: 'both',
    interval: 2000,
    timeout: 10_000,
    pollInterval: 1000,
    linkLatency: 50,
    networkLatency: 20
  },
  {
    label: 'slow network',
    method: 'both',
    interval: 1000,
    timeout: 3000,
    pollInterval: 500,
    linkLatency: 5,
    networkLatency: 40
  },
  {
    label: 'vSphere HA',
    method: 'both',
    interval: 1000,
    timeout: 15_000,
    pollInterval: 1000,
    linkLatency: 2,
    networkLatency: 1,
    anchor: {
      system: 'vSphere HA',
      published: 'declared dead at 15 s (18 s with heartbeat datastores)'
    }
  },
  {
    label: 'keepalived',
    method: 'network',
    interval: 1000,
    timeout: 3500,
    pollInterval: 1000,
    linkLatency: 2,
    networkLatency: 1,
    anchor: {
      system: 'keepalived',
      published: '3 × advert_int + skew ≈ 3–4 s (3.5 s at priority 128)'
    }
  },
  {
    label: 'WSFC cross-site',
    method: 'both',
    interval: 1000,
    timeout: 20_000,
    pollInterval: 1000,
    linkLatency: 5,
    networkLatency: 5,
    anchor: { system: 'WSFC 2016', published: '1 s heartbeat, 20 s cross-subnet/site threshold' }
  },
  {
    label: 'Oracle CSS',
    method: 'both',
    interval: 1000,
    timeout: 30_000,
    pollInterval: 1000,
    linkLatency: 2,
    networkLatency: 1,
    anchor: { system: 'Oracle CSS', published: 'misscount 30 s (network heartbeat)' }
  }
];

/** One row of the table: the case, its bounds and what was measured. */
export interface DetectionRow {
  case: DetectionCase;
  bound: { lower: number; upper: number };
  measured: { min: number; max: number; samples: number };
  within: boolean;
}

/** Measure every case of `grid`. */
export function detectionRows(
  grid = DETECTION_GRID,
  phases = 10,
  pollPhases = 10,
  seeds: readonly number[] = [1]
): DetectionRow[] {
  return grid.map((c) => {
    const samples = measureDetection(c, phases, pollPhases, seeds);
    const bound = detectionBound(c);
    const min = Math.min(...samples);
    const max = Math.max(...samples);
    return {
      case: c,
      bound,
      measured: { min, max, samples: samples.length },
      within: min > bound.lower && max <= bound.upper
    };
  });
}

/** The rows as a Markdown table. */
export function detectionTable(rows: readonly DetectionRow[]): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
  const lines = [
    '| configuration | method | I | T | P | link / net latency | bound (T − I + d, T + P + 2s + d_l + j_l] | measured min – max | within | published |',
    '|---|---|---|---|---|---|---|---|---|---|'
  ];
  for (const r of rows) {
    const c = r.case;
    lines.push(
      `| ${c.label} | ${c.method} | ${c.interval / 1000} s | ${c.timeout / 1000} s | ${c.pollInterval / 1000} s | ${c.linkLatency} / ${c.networkLatency} ms | (${s(r.bound.lower)}, ${s(r.bound.upper)}] | ${s(r.measured.min)} – ${s(r.measured.max)} | ${r.within ? 'yes' : 'NO'} | ${c.anchor ? `${c.anchor.system}: ${c.anchor.published}` : ''} |`
    );
  }
  return lines.join('\n');
}
