import { renderJson } from '../../report/renderJson';
import { makeReport, quietOutcome } from './makeRun';

const OUTCOME_KEYS = [
  'failover',
  'firstFaultMs',
  'failureOnsetMs',
  'detectionMs',
  'failoverMs',
  'unavailableMs',
  'falseFailover',
  'splitBrain',
  'divergentWrites',
  'lostWrites'
];

describe('renderJson', () => {
  it('should print exactly the SPEC §4.3 keys, in the order of the specification', () => {
    const parsed = JSON.parse(renderJson(makeReport())) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual([
      'scenario',
      'seed',
      'version',
      'ok',
      'simulatedMs',
      'config',
      'outcome',
      'groups',
      'alerts',
      'invariants',
      'expectations',
      'events',
      'traceHash'
    ]);
    const outcome = parsed.outcome as Record<string, unknown>;
    expect(Object.keys(outcome)).toEqual(OUTCOME_KEYS);
    expect(Object.keys(outcome.failover as object)).toEqual([
      'happened',
      'declaredAtMs',
      'completedAtMs'
    ]);
    const [group] = parsed.groups as { group: string; outcome: object }[];
    expect(Object.keys(group)).toEqual(['group', 'outcome']);
    expect(Object.keys(group.outcome)).toEqual(OUTCOME_KEYS);
    expect(Object.keys(parsed.config as object)).toEqual([
      'heartbeat',
      'network',
      'remoteCopy',
      'storage',
      'failover',
      'hosts',
      'workload',
      'topology'
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

  it('should round every time and duration to the microsecond', () => {
    const outcome = quietOutcome({
      failover: { happened: true, declaredAtMs: 125_120.48730001, completedAtMs: 127_125.0004 },
      failureOnsetMs: 120_400.12345,
      detectionMs: 4720.36384999,
      failoverMs: 6724.87699,
      unavailableMs: 6830.0000001
    });
    const report = makeReport({
      simulatedMs: 180_000.0000002,
      outcome,
      groups: [{ group: 'app', outcome }]
    });
    const parsed = JSON.parse(renderJson(report));
    for (const o of [parsed.outcome, parsed.groups[0].outcome]) {
      expect(o.failover).toEqual({
        happened: true,
        declaredAtMs: 125_120.487,
        completedAtMs: 127_125
      });
      expect(o.failureOnsetMs).toBe(120_400.123);
      expect(o.detectionMs).toBe(4720.364);
      expect(o.failoverMs).toBe(6724.877);
      expect(o.unavailableMs).toBe(6830);
    }
    expect(parsed.simulatedMs).toBe(180_000);
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
      groups: [],
      outcome: { ...quietOutcome(), note: 'x' },
      config: report.config,
      simulatedMs: 10,
      ok: false,
      version: '9.9.9',
      seed: 2,
      scenario: 's'
    } as unknown as typeof report;
    const parsed = JSON.parse(renderJson(scrambled)) as Record<string, unknown>;
    expect(Object.keys(parsed)[0]).toBe('scenario');
    expect(parsed).not.toHaveProperty('extra');
    expect(parsed).toMatchObject({ version: '9.9.9', ok: false, seed: 2, groups: [] });
    expect(Object.keys(parsed.outcome as object)).toEqual(OUTCOME_KEYS);
    expect((parsed.alerts as object[])[0]).toEqual({
      atMs: 5,
      kind: 'pair-suspended',
      source: 's',
      detail: 'd'
    });
  });
});
