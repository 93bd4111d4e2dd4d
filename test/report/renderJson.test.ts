import { renderJson } from '../../report/renderJson';
import { makeReport } from './makeRun';

describe('renderJson', () => {
  it('should print exactly the SPEC §4.3 keys, in the order of the specification', () => {
    const parsed = JSON.parse(renderJson(makeReport())) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual([
      'scenario',
      'seed',
      'simulatedMs',
      'outcome',
      'alerts',
      'invariants',
      'expectations',
      'events',
      'traceHash'
    ]);
    const outcome = parsed.outcome as Record<string, unknown>;
    expect(Object.keys(outcome)).toEqual([
      'failover',
      'detectionMs',
      'falseFailover',
      'splitBrain',
      'divergentWrites',
      'lostWrites'
    ]);
    expect(Object.keys(outcome.failover as object)).toEqual([
      'happened',
      'declaredAtMs',
      'completedAtMs'
    ]);
    const [alert] = parsed.alerts as object[];
    expect(Object.keys(alert)).toEqual(['atMs', 'kind', 'source', 'detail']);
    expect(Object.keys((parsed.invariants as object[])[0])).toEqual(['name', 'ok']);
    expect(Object.keys((parsed.expectations as object[])[0])).toEqual(['name', 'ok', 'detail']);
  });

  it('should keep the values, nulls included', () => {
    const report = makeReport();
    expect(JSON.parse(renderJson(report))).toEqual(report);
    expect(JSON.parse(renderJson(report)).outcome.detectionMs).toBeNull();
  });

  it('should drop anything outside the specification and keep key order whatever the input', () => {
    const report = makeReport();
    const scrambled = {
      traceHash: report.traceHash,
      extra: 'not in the spec',
      events: report.events,
      expectations: report.expectations,
      invariants: [{ ok: false, detail: 'two writers at 40s', name: 'never two writers' }],
      alerts: [{ detail: 'd', source: 's', kind: 'pair-suspended', atMs: 5, note: 'x' }],
      outcome: {
        lostWrites: 1,
        divergentWrites: 2,
        splitBrain: true,
        falseFailover: true,
        detectionMs: 3,
        failover: { completedAtMs: 9, declaredAtMs: 8, happened: true }
      },
      simulatedMs: 10,
      seed: 2,
      scenario: 's'
    } as unknown as typeof report;
    expect(renderJson(scrambled)).toBe(
      JSON.stringify(
        {
          scenario: 's',
          seed: 2,
          simulatedMs: 10,
          outcome: {
            failover: { happened: true, declaredAtMs: 8, completedAtMs: 9 },
            detectionMs: 3,
            falseFailover: true,
            splitBrain: true,
            divergentWrites: 2,
            lostWrites: 1
          },
          alerts: [{ atMs: 5, kind: 'pair-suspended', source: 's', detail: 'd' }],
          invariants: [{ name: 'never two writers', ok: false, detail: 'two writers at 40s' }],
          expectations: report.expectations,
          events: report.events,
          traceHash: report.traceHash
        },
        null,
        2
      )
    );
  });
});
