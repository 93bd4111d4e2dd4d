import { validateScenario } from '../../model/loadScenario';
import { renderTerminal } from '../../report/renderTerminal';
import { stripAnsi } from '../../report/style';
import { makeFailingRun, makeReport, makeRun } from './makeRun';

describe('renderTerminal', () => {
  it('should narrate the timeline with a time column, the source and what happened', () => {
    const text = renderTerminal(makeRun(), { color: false });
    const lines = text.split('\n');
    expect(lines[0]).toBe('mirrorbeat run partition-with-mirror-alive  seed 7, 3m simulated');
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
      '  failover happened   no',
      '  failure declared    —',
      '  failover completed  —',
      '  detection time      —',
      '  failover time       —',
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

  it('should time detection and failover from the first fault, and print the replay on failure', () => {
    const text = renderTerminal(makeFailingRun(), { color: false });
    expect(text).toContain('  failover happened   yes');
    expect(text).toContain('  failure declared    16.000s');
    expect(text).toContain('  failover completed  18.500s');
    expect(text).toContain('  detection time      6s');
    expect(text).toContain('  failover time       8.5s');
    expect(text).toContain('  10.000s  scenario   fault     crash prod-1');
    expect(text).toContain('  lost writes         3');
    expect(text).toContain('  ✘ failoverWithin: failover took 8.5s, expected within 8s');
    expect(text).toContain('  ✘ failover in time: late by 500ms');
    expect(text).toContain(
      'FAIL  3 of 4 checks failed: failoverWithin, maxLostWrites, failover in time'
    );
    expect(text.split('\n').at(-1)).toBe('replay: npx mirrorbeat run prod-crash --seed 7');
  });

  it('should time failover from the first fault of the scenario when it is given', () => {
    const scenario = validateScenario(
      {
        name: 'prod-crash',
        duration: '3m',
        faults: [
          { at: '12s', action: 'crash', target: 'prod-storage' },
          { at: '8s', action: 'crash', target: 'prod-1' }
        ]
      },
      'prod-crash.yaml'
    );
    const text = renderTerminal(makeFailingRun(), { color: false, scenario });
    expect(text).toContain('  failover time       10.5s');
  });

  it('should not time a failover that came before any fault', () => {
    const run = makeFailingRun();
    run.narrative = [];
    expect(renderTerminal(run, { color: false })).toContain(
      '  failover time       — (no fault before it)'
    );
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
