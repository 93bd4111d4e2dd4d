/**
 * JUnit XML reports (`--reporter junit`), for CI systems that read test results: a run is one
 * test suite whose test cases are its expectations and invariants; an exploration is one test
 * suite whose test cases are the invariants (failed when any schedule violated it, with the
 * minimal schedules and their replay commands) and the model checks of the failure decision.
 */
import type { ExploreSummary } from '../explore/explore';
import type { RunReport } from '../model/scenario';
import { MONITOR_NAMES } from '../monitors/monitorReport';
import type { MonitorKey } from '../monitors/monitorWorld';

/** One test case: a name and, when it failed, why. */
interface TestCase {
  name: string;
  className: string;
  failure?: string;
}

/** The run as a JUnit test suite (one `<testsuites>` document, no trailing newline). */
export function renderRunJunit(report: RunReport, replay?: string): string {
  const cases: TestCase[] = [
    ...report.expectations.map((e) => ({
      name: e.name,
      className: 'expectation',
      failure: e.ok ? undefined : withReplay(e.detail, replay)
    })),
    ...report.invariants.map((i) => ({
      name: i.name,
      className: 'invariant',
      failure: i.ok ? undefined : withReplay(i.detail ?? 'violated', replay)
    }))
  ];
  return document(`mirrorbeat run ${report.scenario}`, report.simulatedMs, cases, {
    seed: String(report.seed),
    traceHash: report.traceHash,
    events: String(report.events)
  });
}

/** The exploration as a JUnit test suite (no trailing newline). */
export function renderExploreJunit(summary: ExploreSummary): string {
  const cases: TestCase[] = Object.entries(summary.violations).map(([key, count]) => {
    const examples = summary.examples.filter((e) => e.key === key);
    const failure =
      count === 0
        ? undefined
        : [
            `${count} of ${summary.schedules} schedules violated it`,
            ...examples.map((e) => `${e.detail}; replay: ${e.replay}`)
          ].join('\n');
    return {
      name: MONITOR_NAMES[key as MonitorKey] ?? key,
      className: 'invariant',
      failure
    };
  });
  for (const check of summary.modelCheck ?? []) {
    cases.push({
      name: `failure decision model check (${check.policy}, method ${check.method})`,
      className: 'model-check',
      failure:
        check.violations.length === 0
          ? undefined
          : check.violations.map((v) => `${v.detail}; path: ${v.path.join(' → ')}`).join('\n')
    });
  }
  return document(`mirrorbeat explore (${summary.mode})`, summary.wallMs, cases, {
    schedules: String(summary.schedules),
    seed: summary.seed === null ? '' : String(summary.seed),
    events: String(summary.events)
  });
}

function withReplay(detail: string, replay: string | undefined): string {
  return replay && !detail.includes('replay:') ? `${detail}; replay: ${replay}` : detail;
}

function document(
  suite: string,
  ms: number,
  cases: readonly TestCase[],
  properties: Record<string, string>
): string {
  const failures = cases.filter((c) => c.failure !== undefined).length;
  const seconds = (ms / 1000).toFixed(3);
  const props = Object.entries(properties)
    .map(([name, value]) => `      <property name="${attr(name)}" value="${attr(value)}"/>`)
    .join('\n');
  const body = cases
    .map((c) => {
      const open = `    <testcase name="${attr(c.name)}" classname="${attr(c.className)}" time="0"`;
      if (c.failure === undefined) return `${open}/>`;
      const first = c.failure.split('\n')[0];
      return (
        `${open}>\n` +
        `      <failure message="${attr(first)}" type="${attr(c.className)}">${text(c.failure)}</failure>\n` +
        '    </testcase>'
      );
    })
    .join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="mirrorbeat" tests="${cases.length}" failures="${failures}" errors="0" time="${seconds}">`,
    `  <testsuite name="${attr(suite)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="${seconds}">`,
    '    <properties>',
    props,
    '    </properties>',
    body,
    '  </testsuite>',
    '</testsuites>'
  ].join('\n');
}

function text(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}
