/**
 * Hand-made run results for report and CLI tests.
 */
import type { ScenarioRun } from '../../model/run';
import { DEFAULT_CONFIG, DEFAULT_TOPOLOGY } from '../../model/config';
import type { RunOutcome, RunReport } from '../../model/scenario';

/** An outcome with no failure, no failover. */
export function quietOutcome(overrides: Partial<RunOutcome> = {}): RunOutcome {
  return {
    failover: { happened: false, declaredAtMs: null, completedAtMs: null },
    firstFaultMs: 30_000,
    failureOnsetMs: null,
    detectionMs: null,
    failoverMs: null,
    unavailableMs: 0,
    falseFailover: false,
    splitBrain: false,
    divergentWrites: 0,
    lostWrites: 0,
    ...overrides
  };
}

/** A passing run of a partition that the mirror heartbeat rode out. */
export function makeReport(overrides: Partial<RunReport> = {}): RunReport {
  return {
    scenario: 'partition-with-mirror-alive',
    seed: 7,
    version: '0.1.0',
    ok: true,
    simulatedMs: 180_000,
    config: { ...structuredClone(DEFAULT_CONFIG), topology: { ...DEFAULT_TOPOLOGY } },
    outcome: quietOutcome(),
    groups: [{ group: 'app', outcome: quietOutcome() }],
    alerts: [
      {
        atMs: 35_012,
        kind: 'network-heartbeat-lost',
        source: 'standby-1',
        detail: 'no network heartbeat from prod-1 for 5s'
      }
    ],
    invariants: [
      { name: 'never two writers', ok: true },
      { name: 'no failover without an invalid heartbeat', ok: true }
    ],
    expectations: [
      { name: 'failover', ok: true, detail: 'no failover, as expected' },
      { name: 'alerts', ok: true, detail: 'network-heartbeat-lost raised at 35.012s' }
    ],
    events: 51_234,
    traceHash: '0123456789abcdef00000042',
    ...overrides
  };
}

/** A run around `report` with a short narrative. */
export function makeRun(report: RunReport = makeReport()): ScenarioRun {
  return {
    report,
    lines: [
      { t: 0, actor: 'prod-1', type: 'START', state: 'running' },
      { t: 1000, actor: 'standby-1/receiver', type: 'POLL', payload: { serial: 1 }, state: 'valid' }
    ],
    narrative: [
      { atMs: 30_000, source: 'scenario', kind: 'fault', text: 'partition network (both) for 1m' },
      {
        atMs: 35_012,
        source: 'standby-1',
        kind: 'alert',
        text: 'network-heartbeat-lost: no network heartbeat from prod-1 for 5s'
      },
      {
        atMs: 35_012,
        source: 'standby-1',
        kind: 'decision',
        text: 'network partitioned, mirror heartbeat valid: no failover'
      },
      { atMs: 90_000, source: 'scenario', kind: 'fault', text: 'heal network' }
    ]
  };
}

/** A run whose failover came too late and lost writes. */
export function makeFailingRun(): ScenarioRun {
  const failed = quietOutcome({
    failover: { happened: true, declaredAtMs: 16_000, completedAtMs: 18_500 },
    firstFaultMs: 10_000,
    failureOnsetMs: 10_000,
    detectionMs: 6000,
    failoverMs: 8500,
    unavailableMs: 8600,
    lostWrites: 3
  });
  const run = makeRun(
    makeReport({
      scenario: 'prod-crash',
      ok: false,
      outcome: failed,
      groups: [{ group: 'app', outcome: failed }],
      expectations: [
        { name: 'failoverWithin', ok: false, detail: 'failover took 8.5s, expected within 8s' },
        { name: 'maxLostWrites', ok: false, detail: '3 lost writes, at most 0 expected' }
      ],
      invariants: [
        { name: 'never two writers', ok: true },
        { name: 'failover in time', ok: false, detail: 'late by 500ms' }
      ]
    })
  );
  run.narrative = [
    { atMs: 10_000, source: 'scenario', kind: 'fault', text: 'crash prod-1' },
    { atMs: 16_000, source: 'standby-1', kind: 'decision', text: 'production failed: failover' },
    { atMs: 18_500, source: 'standby-1', kind: 'state', text: 'application running at standby' }
  ];
  return run;
}
