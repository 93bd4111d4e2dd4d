import { renderTerminal } from '../../report/renderTerminal';
import { stripAnsi } from '../../report/style';
import { makeFailingRun, makeReport, makeRun, quietOutcome } from './makeRun';

describe('renderTerminal', () => {
  it('should narrate the timeline with a time column, the source and what happened', () => {
    const text = renderTerminal(makeRun(), { color: false });
    const lines = text.split('\n');
    expect(lines[0]).toBe('mirrorbeat run partition-with-mirror-alive  seed 7, 180.000s simulated');
    expect(lines).toContain('  30.000s  scenario   fault     partition network (both) for 1m');
    expect(lines).toContain(
      '  35.012s  standby-1  alert     network-heartbeat-lost: no network heartbeat from prod-1 for 5s'
    );
    expect(lines).toContain(
      '  35.012s  standby-1  decision  network partitioned, mirror heartbeat valid: no failover'
    );
    expect(lines).toContain('  90.000s  scenario   fault     heal network');
    // Same instant: the narrative's order is kept.
    expect(lines.findIndex((l) => l.includes(' alert '))).toBeLessThan(
      lines.findIndex((l) => l.includes(' decision '))
    );
  });

  it('should summarize the outcome', () => {
    const text = renderTerminal(makeRun(), { color: false });
    for (const row of [
      '  first fault         30.000s',
      '  failure onset       —',
      '  failover happened   no',
      '  failure declared    —',
      '  failover completed  —',
      '  detection time      —',
      '  failover time       —',
      '  unavailable         0.000s',
      '  false failover      no',
      '  split brain         no',
      '  divergent writes    0',
      '  lost writes         0',
      '  events              51234',
      '  trace hash          0123456789abcdef00000042'
    ]) {
      expect(text).toContain(row);
    }
  });

  it('should mark each expectation and invariant and say PASS without a replay line', () => {
    const text = renderTerminal(makeRun(), { color: false });
    expect(text).toContain('  ✔ failover: no failover, as expected');
    expect(text).toContain('  ✔ never two writers');
    expect(text).not.toContain('✘');
    expect(text).toMatch(/PASS {2}2 expectations and 2 invariants hold$/);
    expect(text).not.toContain('replay');
  });

  it('should time detection and failover from the failure onset, and print the replay on failure', () => {
    const text = renderTerminal(makeFailingRun(), { color: false });
    expect(text).toContain('  first fault         10.000s');
    expect(text).toContain('  failure onset       10.000s');
    expect(text).toContain('  failover happened   yes');
    expect(text).toContain('  failure declared    16.000s');
    expect(text).toContain('  failover completed  18.500s');
    expect(text).toContain('  detection time      6.000s from the failure onset');
    expect(text).toContain('  failover time       8.500s from the failure onset');
    expect(text).toContain('  unavailable         8.600s');
    expect(text).toContain('  10.000s  scenario   fault     crash prod-1');
    expect(text).toContain('  lost writes         3');
    expect(text).toContain('  ✘ failoverWithin: failover took 8.5s, expected within 8s');
    expect(text).toContain('  ✘ failover in time: late by 500ms');
    expect(text).toContain(
      'FAIL  3 of 4 checks failed: failoverWithin, maxLostWrites, failover in time'
    );
    expect(text.split('\n').at(-1)).toBe('replay: npx mirrorbeat run prod-crash --seed 7');
  });

  it('should show one row per group when the run has several, and none with one group', () => {
    expect(renderTerminal(makeRun(), { color: false })).not.toContain('Groups');
    const crashed = quietOutcome({
      failover: { happened: true, declaredAtMs: 25_020, completedAtMs: 27_025 },
      firstFaultMs: 20_500,
      failureOnsetMs: 20_500,
      detectionMs: 4520,
      failoverMs: 6525,
      unavailableMs: 6631
    });
    const run = makeRun(
      makeReport({
        outcome: crashed,
        groups: [
          { group: 'app', outcome: quietOutcome() },
          { group: 'app2', outcome: crashed }
        ]
      })
    );
    const lines = renderTerminal(run, { color: false }).split('\n');
    const at = lines.indexOf('Groups');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toMatch(/^ {2}group +onset +detection +failover +unavailable +lost/);
    expect(lines[at + 2]).toMatch(/^ {2}app +— +— +— +0\.000s +0 +0 +no +no$/);
    expect(lines[at + 3]).toMatch(/^ {2}app2 +20\.500s +4\.520s +6\.525s +6\.631s +0 +0 +no +no$/);
  });

  it('should print the replay command it is given', () => {
    const text = renderTerminal(makeFailingRun(), {
      color: false,
      replayCommand: "npx mirrorbeat run 'my scenarios/crash.yaml' --seed 7 --until 2m"
    });
    expect(text.split('\n').at(-1)).toBe(
      "replay: npx mirrorbeat run 'my scenarios/crash.yaml' --seed 7 --until 2m"
    );
  });

  it('should take the alerts of the report when the narrative has none', () => {
    const run = makeRun();
    run.narrative = run.narrative.filter((e) => e.kind !== 'alert');
    const text = renderTerminal(run, { color: false });
    expect(text).toContain(
      '  35.012s  standby-1  alert     network-heartbeat-lost: no network heartbeat from prod-1 for 5s'
    );
  });

  it('should say so when nothing happened and when there are no checks', () => {
    const run = makeRun(makeReport({ alerts: [], expectations: [], invariants: [] }));
    run.narrative = [];
    const text = renderTerminal(run, { color: false });
    expect(text).toContain('Timeline\n  (nothing happened)');
    expect(text).toContain('Expectations\n  (none)');
  });

  it('should colour only when asked, with the same text underneath', () => {
    const plain = renderTerminal(makeFailingRun(), { color: false });
    const coloured = renderTerminal(makeFailingRun(), { color: true });
    expect(plain).not.toContain('\u001b[');
    expect(coloured).toContain('\u001b[31m✘\u001b[39m');
    expect(stripAnsi(coloured)).toBe(plain);
  });
});
