/**
 * `run --html FILE`: one self-contained HTML page for a run — summary, timeline chart, sequence
 * diagrams around each fault and around the failover, alerts, the narrated timeline, expectations
 * and invariants. Inline CSS and inline SVG only: no script, no font, no network; it opens offline
 * in any browser. Needs the trace lines (run with trace mode `full`).
 */
import { formatDuration } from '../model/durations';
import type { ScenarioRun } from '../model/run';
import type { Scenario } from '../model/scenario';
import { activePaths } from '../inspector/statechart/toStatechart';
import { classifyActor, describeState } from '../inspector/view/actors';
import { clock, esc } from '../inspector/view/format';
import { addToSequence, createSequenceModel } from '../inspector/view/sequenceModel';
import { renderSequenceSvg, sequenceWindow } from '../inspector/view/sequenceSvg';
import { addToTimeline, createTimelineModel } from '../inspector/view/timelineModel';
import { renderTimelineSvg } from '../inspector/view/timelineSvg';
import { renderTopologySvg } from '../inspector/view/topologySvg';
import { applyToWorld, createWorldState, type WorldState } from '../inspector/view/worldState';
import { failedChecks } from './verdict';

/** Options of {@link renderHtml}. */
export interface HtmlOptions {
  scenario?: Scenario;
  /** The command that replays the run. */
  replayCommand?: string;
  /** Statechart SVGs by machine name (`renderStatecharts()`), drawn with their final states. */
  statecharts?: Record<string, { svg: string }>;
}

/** The instants worth a topology: before the first fault, each fault, the failover, the end. */
function keyMoments(
  faults: { t: number; text: string }[],
  failover: { declaredAtMs: number | null; completedAtMs: number | null },
  end: number
): { t: number; title: string }[] {
  const out: { t: number; title: string }[] = [];
  if (faults.length > 0 && faults[0].t > 0)
    out.push({ t: faults[0].t - 1, title: 'before the first fault' });
  for (const f of faults.slice(0, 3)) out.push({ t: f.t + 1, title: `just after “${f.text}”` });
  if (failover.declaredAtMs !== null)
    out.push({ t: failover.declaredAtMs, title: 'failure declared' });
  if (failover.completedAtMs !== null)
    out.push({ t: failover.completedAtMs, title: 'failover completed' });
  out.push({ t: end, title: 'end of the run' });
  return out.sort((a, b) => a.t - b.t);
}

/** Mark the states active in `value` in a statechart SVG (its states have ids `st:<path>`). */
function highlight(svg: string, value: unknown): string {
  let out = svg.replace(/^[\s\S]*?(<svg)/, '$1');
  const active = activePaths(value);
  for (const p of active) {
    const leaf = !active.some((q) => q !== p && q.startsWith(`${p}.`));
    out = out.replace(`id="st:${p}" class="`, `id="st:${p}" class="active${leaf ? ' leaf' : ''} `);
  }
  return out;
}

const WIDTH = 1100;

/** Render `run` as a complete HTML document. */
export function renderHtml(run: ScenarioRun, options: HtmlOptions = {}): string {
  const { report } = run;
  const timeline = createTimelineModel();
  const sequence = createSequenceModel();
  for (const line of run.lines) {
    addToTimeline(timeline, line);
    addToSequence(sequence, line);
  }
  const moments = keyMoments(timeline.faults, report.outcome.failover, report.simulatedMs);
  const machineNames = Object.keys(options.statecharts ?? {});
  const actorIds = [...new Set(run.lines.map((l) => l.actor))];
  const infos = actorIds.map((id) => classifyActor(id, machineNames));
  const topologies: string[] = [];
  const world: WorldState = createWorldState();
  let next = 0;
  for (const m of moments) {
    while (next < run.lines.length && run.lines[next].t <= m.t)
      applyToWorld(world, run.lines[next++]);
    const seen = new Set(run.lines.slice(0, next).map((l) => l.actor));
    topologies.push(
      `<figure class="topology"><figcaption>${esc(clock(m.t))} — ${esc(m.title)}</figcaption>${renderTopologySvg(
        world,
        infos.filter((a) => seen.has(a.id) && a.kind !== 'scenario'),
        { width: 520 }
      )}</figure>`
    );
  }
  while (next < run.lines.length) applyToWorld(world, run.lines[next++]);
  const charts = infos
    .filter((a) => a.machine && options.statecharts?.[a.machine] && a.kind === 'program')
    .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }))
    .map((a) => {
      const s = world.actors.get(a.id);
      const last = s?.stopped
        ? [...run.lines].reverse().find((l) => l.actor === a.id && l.type !== 'xstate.stop')?.state
        : s?.state;
      const svg = highlight(options.statecharts?.[a.machine as string].svg ?? '', last);
      return `<figure class="chart${s?.stopped ? ' stopped' : ''}"><figcaption>${esc(a.id)} (${esc(a.machine)}Machine) at the end: ${s?.stopped ? `<b>stopped</b> at ${esc(clock(s.t))}, last ` : ''}${esc(describeState(last))}</figcaption>${svg}</figure>`;
    });
  const failed = failedChecks(report);
  const pass = failed.length === 0;
  const { outcome } = report;
  const fo = outcome.failover;

  const windows: { title: string; from: number; to: number }[] = [];
  for (const f of timeline.faults.slice(0, 4)) {
    windows.push({
      title: `around the fault “${f.text}” at ${clock(f.t)}`,
      from: f.t - 2500,
      to: f.t + 1500
    });
  }
  if (fo.declaredAtMs !== null) {
    windows.push({
      title: `failure declared at ${clock(fo.declaredAtMs)}${fo.completedAtMs !== null ? ` → failover completed at ${clock(fo.completedAtMs)}` : ''}`,
      from: fo.declaredAtMs - 1500,
      to: (fo.completedAtMs ?? fo.declaredAtMs + 3000) + 500
    });
  }

  const rows: [string, string][] = [
    ['failover happened', fo.happened ? 'yes' : 'no'],
    ['failure declared', fo.declaredAtMs === null ? '—' : clock(fo.declaredAtMs)],
    ['failover completed', fo.completedAtMs === null ? '—' : clock(fo.completedAtMs)],
    ['detection time', outcome.detectionMs === null ? '—' : formatDuration(outcome.detectionMs)],
    ['false failover', outcome.falseFailover ? 'yes' : 'no'],
    ['split brain', outcome.splitBrain ? 'yes' : 'no'],
    ['divergent writes', String(outcome.divergentWrites)],
    ['lost writes', String(outcome.lostWrites)],
    ['alerts', String(report.alerts.length)],
    ['events', String(report.events)],
    ['trace hash', report.traceHash]
  ];

  const checks = (list: readonly { name: string; ok: boolean; detail?: string }[]) =>
    list.length === 0
      ? '<p class="muted">(none)</p>'
      : `<ul class="checks">${list
          .map(
            (c) =>
              `<li class="${c.ok ? 'ok' : 'bad'}"><span class="mark">${c.ok ? '✔' : '✘'}</span> ${esc(c.name)}${c.detail ? `: ${esc(c.detail)}` : ''}</li>`
          )
          .join('')}</ul>`;

  const sequences = windows
    .map((w) => {
      const part = sequenceWindow(sequence.messages, sequence.notes, w.from, w.to);
      return `<figure class="sequence"><figcaption>Messages ${esc(w.title)}</figcaption>${renderSequenceSvg(part.messages, part.notes, { width: WIDTH, lifelines: sequence.lifelines })}</figure>`;
    })
    .join('\n');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>mirrorbeat run ${esc(report.scenario)} (seed ${report.seed})</title>
<style>
body { font: 14px/1.45 Helvetica, Arial, sans-serif; color: #1f2937; margin: 24px auto; max-width: ${WIDTH + 40}px; padding: 0 20px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #e5e7eb; padding-bottom: 4px; }
.muted { color: #6b7280; } .verdict { display: inline-block; padding: 2px 10px; border-radius: 4px; font-weight: bold; color: #fff; }
.verdict.pass { background: #16a34a; } .verdict.fail { background: #dc2626; }
table { border-collapse: collapse; } td, th { padding: 3px 10px 3px 0; text-align: left; vertical-align: top; }
table.summary td:first-child { color: #6b7280; } table.log { width: 100%; font-size: 12.5px; } table.log td { border-top: 1px solid #f1f5f9; }
td.t { font-variant-numeric: tabular-nums; white-space: nowrap; color: #475569; }
.kind-alert { color: #b45309; } .kind-fault { color: #7e22ce; } .kind-decision { color: #0e7490; } .kind-state { color: #6b7280; }
ul.checks { list-style: none; padding: 0; } .checks .ok .mark { color: #16a34a; } .checks .bad .mark { color: #dc2626; } .checks .bad { font-weight: bold; }
figure { margin: 12px 0 20px; } .topologies { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 8px; } .topologies figure { margin: 0; }
figure.chart svg { max-height: 640px; } figure.chart g.active > path, figure.chart g.active > polygon, figure.chart g.active > ellipse { fill: #fffbeb; stroke: #d97706; stroke-width: 2.5px; }
figure.chart g.active.leaf > path, figure.chart g.active.leaf > polygon { fill: #fcd34d; stroke: #b45309; stroke-width: 4px; } figure.chart.stopped svg { opacity: 0.5; filter: grayscale(1); } figcaption { font-weight: bold; margin-bottom: 6px; } svg { max-width: 100%; height: auto; border: 1px solid #e5e7eb; border-radius: 4px; }
code { background: #f3f4f6; padding: 1px 4px; border-radius: 3px; }
</style>
</head>
<body>
<header>
<h1>mirrorbeat run ${esc(report.scenario)} <span class="verdict ${pass ? 'pass' : 'fail'}">${pass ? 'PASS' : 'FAIL'}</span></h1>
<div class="muted">seed ${report.seed}, ${esc(formatDuration(report.simulatedMs))} simulated${options.scenario?.description ? ` — ${esc(options.scenario.description)}` : ''}</div>
${options.replayCommand ? `<div class="muted">replay: <code>${esc(options.replayCommand)}</code></div>` : ''}
</header>
<section id="summary"><h2>Summary</h2>
<table class="summary">${rows.map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join('')}</table>
</section>
<section id="timeline"><h2>Timeline</h2>
<figure>${renderTimelineSvg(timeline, { width: WIDTH, durationMs: report.simulatedMs })}</figure>
</section>
<section id="topology"><h2>Topology at key moments</h2>
<div class="topologies">${topologies.join('\n')}</div>
</section>
<section id="sequence"><h2>Sequence diagrams</h2>
${sequences || '<p class="muted">No fault and no failover: nothing to zoom into.</p>'}
</section>
<section id="statecharts"><h2>Statecharts at the end</h2>
${charts.length > 0 ? charts.join('\n') : '<p class="muted">(statecharts not drawn)</p>'}
</section>
<section id="alerts"><h2>Alerts (${report.alerts.length})</h2>
${
  report.alerts.length === 0
    ? '<p class="muted">(none)</p>'
    : `<table class="log"><tr><th>time</th><th>source</th><th>kind</th><th>detail</th></tr>${report.alerts
        .map(
          (a) =>
            `<tr><td class="t">${clock(a.atMs)}</td><td>${esc(a.source)}</td><td class="kind-alert">${esc(a.kind)}</td><td>${esc(a.detail)}</td></tr>`
        )
        .join('')}</table>`
}
</section>
<section id="narrative"><h2>Narrated timeline</h2>
<table class="log">${run.narrative
    .map(
      (n) =>
        `<tr><td class="t">${clock(n.atMs)}</td><td>${esc(n.source)}</td><td class="kind-${n.kind}">${esc(n.kind)}</td><td>${esc(n.text)}</td></tr>`
    )
    .join('')}</table>
</section>
<section id="checks"><h2>Expectations</h2>${checks(report.expectations)}<h2>Invariants</h2>${checks(report.invariants)}</section>
<footer class="muted"><p>Generated by mirrorbeat. Self-contained: no scripts, no network.</p></footer>
</body>
</html>
`;
}
