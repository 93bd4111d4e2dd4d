/**
 * What `node --cpu-prof` profiles: the full two-site simulation of one host group, one warm-up
 * minute, then `simulatedMs` (default one hour) with the trace `off` or `hash`. Usage:
 * `node --cpu-prof --cpu-prof-interval 100 -r ts-node/register/transpile-only bench/profile.ts off`.
 * Prints the wall time, the trace hash and the simulated-time speed-up.
 */
import { fullSimulation } from './workloads';

const mode = process.argv[2] === 'hash' ? 'hash' : 'off';
const simulatedMs = Number(process.argv[3] ?? 3_600_000);
fullSimulation(60_000, mode);
const r = fullSimulation(simulatedMs, mode);
process.stdout.write(
  JSON.stringify({
    mode,
    wallMs: Math.round(r.wallMs),
    events: r.events,
    traceHash: r.traceHash,
    speedUp: Math.round(simulatedMs / r.wallMs)
  }) + '\n'
);
