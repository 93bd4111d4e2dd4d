/**
 * The human report of a run: a narrated timeline (time, source, what happened), a summary of the
 * outcome (SPEC §3) — per group too when the run has several —, every expectation and invariant
 * with ✔/✘, the verdict and, when anything failed, the one-line command that replays the run.
 * Every time and duration the report computes is shown one way: seconds with three decimals.
 */
import type { NarrativeEntry, ScenarioRun } from '../model/run';
import type { RunOutcome, RunReport, Scenario } from '../model/scenario';
import { formatClock } from '../model/formatClock';
import { replayCommand } from './replayCommand';
import { createStyle, type Style } from './style';
import { failedChecks } from './verdict';

/** Options of {@link renderTerminal}. */
export interface TerminalOptions {
  /** Use ANSI colours. */
  color: boolean;
  /** The scenario that ran: its description heads the report. */
  scenario?: Scenario;
  /** The replay command to print on failure; default `npx mirrorbeat run <name> --seed <n>`. */
  replayCommand?: string;
}

const MAX_SOURCE_WIDTH = 24;
const LABEL_WIDTH = 20;
const NONE = '—';

/** Render a run for a terminal (no trailing newline). */
export function renderTerminal(run: ScenarioRun, options: TerminalOptions): string {
  const style = createStyle(options.color);
  const { report } = run;
  const failed = failedChecks(report);
  const out: string[] = [];

  out.push(
    style.bold(`mirrorbeat run ${report.scenario}`) +
      style.dim(`  seed ${report.seed}, ${formatClock(report.simulatedMs)} simulated`)
  );
  if (options.scenario?.description) out.push(style.dim(options.scenario.description));
  out.push('', style.bold('Timeline'), ...renderTimeline(timelineOf(run), style));
  out.push('', style.bold('Summary'), ...renderSummary(report, style));
  if (report.groups.length > 1) out.push('', style.bold('Groups'), ...renderGroups(report, style));
  out.push('', style.bold('Expectations'));
  out.push(...renderChecks(report.expectations, style));
  out.push('', style.bold('Invariants'));
  out.push(...renderChecks(report.invariants, style));
  out.push('');
  const total = report.expectations.length + report.invariants.length;
  if (failed.length === 0) {
    out.push(
      `${style.green(style.bold('PASS'))}  ${count(report.expectations.length, 'expectation')} and ` +
        `${count(report.invariants.length, 'invariant')} hold`
    );
  } else {
    out.push(
      `${style.red(style.bold('FAIL'))}  ${failed.length} of ${count(total, 'check')} failed: ` +
        failed.map((f) => f.name).join(', ')
    );
    const command =
      options.replayCommand ?? replayCommand({ scenario: report.scenario, seed: report.seed });
    out.push(`replay: ${command}`);
  }
  return out.join('\n');
}

/** The narrative, with the report's alerts merged in when the narrative has none. */
function timelineOf(run: ScenarioRun): NarrativeEntry[] {
  const entries = [...run.narrative];
  if (!entries.some((e) => e.kind === 'alert')) {
    for (const alert of run.report.alerts) {
      entries.push({
        atMs: alert.atMs,
        source: alert.source,
        kind: 'alert',
        text: alert.detail ? `${alert.kind}: ${alert.detail}` : alert.kind
      });
    }
  }
  // Stable: entries at the same instant keep their order.
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.atMs - b.entry.atMs || a.index - b.index)
    .map(({ entry }) => entry);
}

function renderTimeline(entries: NarrativeEntry[], style: Style): string[] {
  if (entries.length === 0) return ['  (nothing happened)'];
  const times = entries.map((e) => formatClock(e.atMs));
  const timeWidth = Math.max(...times.map((t) => t.length));
  const sourceWidth = Math.min(MAX_SOURCE_WIDTH, Math.max(...entries.map((e) => e.source.length)));
  const kindWidth = Math.max(...entries.map((e) => e.kind.length));
  return entries.map((entry, i) => {
    const kind = kindStyle(entry.kind, style)(entry.kind.padEnd(kindWidth));
    return `  ${style.dim(times[i].padStart(timeWidth))}  ${entry.source.padEnd(sourceWidth)}  ${kind}  ${entry.text}`;
  });
}

function kindStyle(kind: NarrativeEntry['kind'], style: Style): (text: string) => string {
  switch (kind) {
    case 'fault':
      return style.magenta;
    case 'alert':
      return style.yellow;
    case 'decision':
      return style.cyan;
    case 'state':
      return style.dim;
    case 'info':
      return (text) => text;
  }
}

function renderSummary(report: RunReport, style: Style): string[] {
  const { outcome } = report;
  const { failover } = outcome;
  const time = (ms: number | null) => (ms === null ? NONE : formatClock(ms));
  const fromOnset = (ms: number | null) =>
    ms === null ? NONE : `${formatClock(ms)} from the failure onset`;
  const bad = (flag: boolean) => (flag ? style.red('yes') : 'no');
  const rows: [string, string][] = [
    ['first fault', time(outcome.firstFaultMs)],
    ['failure onset', time(outcome.failureOnsetMs)],
    ['failover happened', failover.happened ? 'yes' : 'no'],
    ['failure declared', time(failover.declaredAtMs)],
    ['failover completed', time(failover.completedAtMs)],
    ['detection time', fromOnset(outcome.detectionMs)],
    ['failover time', fromOnset(outcome.failoverMs)],
    ['unavailable', warnIfPositive(outcome.unavailableMs, style, formatClock)],
    ['false failover', bad(outcome.falseFailover)],
    ['split brain', bad(outcome.splitBrain)],
    ['divergent writes', warnIfPositive(outcome.divergentWrites, style)],
    ['lost writes', warnIfPositive(outcome.lostWrites, style)],
    ['alerts', String(report.alerts.length)],
    ['events', String(report.events)],
    ['trace hash', report.traceHash]
  ];
  return rows.map(([label, value]) => `  ${label.padEnd(LABEL_WIDTH)}${value}`);
}

/** One row per group: its failure, detection, failover, unavailability and data outcome. */
function renderGroups(report: RunReport, style: Style): string[] {
  const time = (ms: number | null) => (ms === null ? NONE : formatClock(ms));
  const header = [
    'group',
    'onset',
    'detection',
    'failover',
    'unavailable',
    'lost',
    'divergent',
    'false failover',
    'split brain'
  ];
  const rows = report.groups.map(
    ({ group, outcome: o }: { group: string; outcome: RunOutcome }) => [
      group,
      time(o.failureOnsetMs),
      time(o.detectionMs),
      time(o.failoverMs),
      formatClock(o.unavailableMs),
      String(o.lostWrites),
      String(o.divergentWrites),
      o.falseFailover ? 'yes' : 'no',
      o.splitBrain ? 'yes' : 'no'
    ]
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}`;
  return [style.dim(line(header)), ...rows.map(line)];
}

function warnIfPositive(n: number, style: Style, show: (n: number) => string = String): string {
  return n > 0 ? style.red(show(n)) : show(n);
}

function renderChecks(
  checks: readonly { name: string; ok: boolean; detail?: string }[],
  style: Style
): string[] {
  if (checks.length === 0) return ['  (none)'];
  return checks.map((check) => {
    const mark = check.ok ? style.green('✔') : style.red('✘');
    const detail = check.detail ? `: ${check.detail}` : '';
    return `  ${mark} ${check.name}${detail}`;
  });
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
