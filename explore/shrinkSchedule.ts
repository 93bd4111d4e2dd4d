/**
 * Shrinking a failing schedule to a minimal one that still fails the same way (QuickCheck /
 * FoundationDB style): drop timeline entries one by one, shorten each `for`, then cut the run just
 * past the violation. Every candidate is a full deterministic run, so the result replays exactly.
 */
import type { Scenario } from '../model/scenario';
import type { MonitorKey } from '../monitors/monitorWorld';
import { keysFound, type ScheduleOutcome } from './runSchedule';

/** What shrinking produced. */
export interface ShrinkResult {
  /** The smallest failing schedule found. */
  scenario: Scenario;
  /** Its outcome (it fails with the key). */
  outcome: ScheduleOutcome;
  /** Candidate runs spent. */
  runs: number;
}

/** Options of {@link shrinkSchedule}. */
export interface ShrinkOptions {
  /** Most candidate runs (default 150). */
  maxRuns?: number;
}

/** Latest time a timeline entry (or its revert) happens. */
function timelineEnd(s: Scenario): number {
  return s.faults.reduce((t, f) => Math.max(t, f.at + (f.for ?? 0)), 0);
}

/**
 * Shrink `failing` (whose outcome is `outcome`) while `run` still finds `key`.
 *
 * @param run - runs one schedule (deterministic).
 */
export function shrinkSchedule(
  failing: Scenario,
  outcome: ScheduleOutcome,
  key: MonitorKey,
  run: (s: Scenario) => ScheduleOutcome,
  options: ShrinkOptions = {}
): ShrinkResult {
  const maxRuns = options.maxRuns ?? 150;
  let best = failing;
  let bestOutcome = outcome;
  let runs = 0;
  const tryCandidate = (candidate: Scenario): boolean => {
    if (runs >= maxRuns) return false;
    runs++;
    const o = run(candidate);
    if (!keysFound(o).includes(key)) return false;
    best = candidate;
    bestOutcome = o;
    return true;
  };

  // 1. Drop entries one by one, until no single entry can go.
  for (let progress = true; progress && runs < maxRuns;) {
    progress = false;
    for (let i = 0; i < best.faults.length && runs < maxRuns; i++) {
      const faults = best.faults.filter((_, j) => j !== i);
      if (tryCandidate({ ...best, faults })) {
        progress = true;
        break;
      }
    }
  }

  // 2. Shorten each `for` by halving while it still fails.
  for (let i = 0; i < best.faults.length && runs < maxRuns; i++) {
    for (;;) {
      const f = best.faults[i];
      if (f.for === undefined || f.for <= 200) break;
      const shorter = Math.max(100, Math.round(f.for / 2));
      const faults = best.faults.map((x, j) => (j === i ? { ...x, for: shorter } : x));
      if (!tryCandidate({ ...best, faults })) break;
    }
  }

  // 3. End the run one second after the violation (whole seconds), if that still fails.
  const found = bestOutcome.violations[key] ?? bestOutcome.findings[key] ?? [];
  if (found.length > 0 && runs < maxRuns) {
    const t = Math.max(...found.map((f) => f.atMs));
    const duration = Math.max(
      Math.ceil((t + 1000) / 1000) * 1000,
      Math.ceil(timelineEnd(best) / 1000) * 1000
    );
    if (duration < best.duration) tryCandidate({ ...best, duration });
  }
  return { scenario: best, outcome: bestOutcome, runs };
}
