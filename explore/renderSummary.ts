/**
 * The text of an exploration summary (what `mirrorbeat explore` prints).
 */
import { formatDuration } from '../model/durations';
import { MONITOR_NAMES } from '../monitors/monitorReport';
import type { MonitorKey } from '../monitors/monitorWorld';
import type { ExploreSummary } from './explore';

/** A one-line label of the configuration explored. */
export interface ConfigLabel {
  name: string;
  /** e.g. `method both, sync copy, fence level data, onSiteIsolation manual`. */
  settings: string;
}

/** Render `summary` as text (no trailing newline). */
export function renderSummary(summary: ExploreSummary, config: ConfigLabel): string {
  const out: string[] = [];
  const what =
    summary.mode === 'random'
      ? `${summary.schedules} random schedules (seed ${summary.seed}, up to ${summary.space.maxFaults} faults each)`
      : `${summary.schedules} exhaustive placements (${summary.depths?.single ?? 0} of one fault, ${summary.depths?.pairs ?? 0} ordered pairs)`;
  out.push(`mirrorbeat explore: ${what}`);
  out.push(`configuration: ${config.name} — ${config.settings}`);
  out.push(
    `each run ${formatDuration(summary.space.durationMs)} simulated; faults over and healed at ${formatDuration(summary.space.healAtMs)}, then convergence is required`
  );
  const hours = summary.simulatedMs / 3_600_000;
  out.push(
    `ran ${summary.schedules} schedules in ${(summary.wallMs / 1000).toFixed(1)} s (${summary.schedulesPerSecond.toFixed(1)} schedules/s, ${hours.toFixed(1)} simulated hours, ${summary.events} events)`
  );
  out.push('');
  out.push('violations (schedules), by invariant:');
  const width = Math.max(...Object.values(MONITOR_NAMES).map((n) => n.length));
  for (const [key, n] of Object.entries(summary.violations)) {
    out.push(`  ${MONITOR_NAMES[key as MonitorKey].padEnd(width)}  ${n}`);
  }
  out.push('findings (schedules), not failures:');
  for (const [key, n] of Object.entries(summary.findings)) {
    out.push(`  ${MONITOR_NAMES[key as MonitorKey].padEnd(width)}  ${n}`);
  }
  if (summary.notHealed > 0) out.push(`schedules that never healed: ${summary.notHealed}`);
  out.push('');
  out.push(`distinct state combinations reached: ${summary.distinctStates}`);
  out.push('coverage:');
  for (const c of summary.coverage) {
    const total = c.reached.length + c.missing.length;
    const missing = c.missing.length > 0 ? ` (not reached: ${c.missing.join(', ')})` : '';
    out.push(`  ${c.dimension.padEnd(22)} ${c.reached.length}/${total}${missing}`);
  }
  if (summary.modelCheck) {
    out.push('');
    out.push(
      'model check of the failure decision statechart (xstate/graph, every order of its inputs):'
    );
    for (const m of summary.modelCheck) {
      out.push(
        `  ${`${m.policy}, method ${m.method}`.padEnd(40)} ${m.states} states, ${m.transitions} transitions, ${m.violations.length === 0 ? 'no violation' : `${m.violations.length} violated`}`
      );
      for (const v of m.violations) {
        out.push(`    ${v.property}: ${v.detail}`);
        out.push(`      events: ${v.path.join(' → ')}`);
      }
    }
  }
  if (summary.examples.length > 0) {
    out.push('');
    out.push('minimal schedules (shrunk), re-run them with the command shown:');
    for (const e of summary.examples) {
      out.push(
        `  ${e.key}: ${e.original.faults} → ${e.shrunk.faults} timeline entries, ${formatDuration(e.original.durationMs)} → ${formatDuration(e.shrunk.durationMs)} (${e.shrunk.runs} shrink runs)`
      );
      out.push(`    ${e.replay}`);
      if (e.detail)
        out.push(`    ${e.detail.length > 400 ? `${e.detail.slice(0, 397)}…` : e.detail}`);
    }
  }
  out.push('');
  const model = (summary.modelCheck ?? []).filter((m) => m.violations.length > 0).length;
  const modelNote = summary.modelCheck
    ? model === 0
      ? ', nor in the model check'
      : `; the model check failed under ${model} polic${model === 1 ? 'y' : 'ies'}`
    : '';
  out.push(
    summary.failing === 0 && model === 0
      ? `PASS  no invariant violated in ${summary.schedules} schedules${modelNote}`
      : `FAIL  ${summary.failing} of ${summary.schedules} schedules violated an invariant${modelNote}`
  );
  return out.join('\n');
}
