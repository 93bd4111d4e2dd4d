/**
 * The outcome accounting on its own, fed synthetic observations: failure onset, detection and
 * failover time from the onset, unavailability from acknowledged writes, lost writes at takeovers.
 */
import { groupIds } from '../../model/knownIds';
import type { Observation } from '../../model/observation';
import { createOutcomeObserver } from '../../monitors/outcomeObserver';

const ids = groupIds(1, 1);
const group = 'app';

const host = (at: number, h: string, state: 'up' | 'hung' | 'crashed'): Observation => ({
  type: 'HOST',
  at,
  group,
  host: h,
  site: h.startsWith('prod') ? 'production' : 'standby',
  state
});
const app = (at: number, h: string, running: boolean): Observation => ({
  type: 'APP',
  at,
  group,
  host: h,
  site: h.startsWith('prod') ? 'production' : 'standby',
  running
});
const ack = (at: number, writer: string): Observation => ({
  type: 'APP_WRITE_ACK',
  at,
  group,
  site: writer.startsWith('prod') ? 'production' : 'standby',
  volume: writer.startsWith('prod') ? 'prod-data' : 'standby-data',
  writer,
  writeSeq: 1
});
const declared = (at: number): Observation => ({
  type: 'DECLARED',
  at,
  group,
  host: 'standby-1',
  verdict: 'production-failed',
  reason: 'both heartbeats lost'
});

/** A group serving from production since 1 s, writes acknowledged. */
function serving() {
  const o = createOutcomeObserver(ids);
  for (const x of [app(1000, 'prod-1', true), ack(1100, 'prod-1')]) o.observe(x);
  return o;
}

describe('createOutcomeObserver', () => {
  it('should measure detection and failover from the crash, not from an earlier harmless fault', () => {
    const o = serving();
    const feed: Observation[] = [
      {
        type: 'FAULT',
        at: 30_000,
        phase: 'apply',
        operator: false,
        fault: { at: 30_000, action: 'partition', target: 'network' }
      },
      ack(60_000, 'prod-1'),
      host(120_400, 'prod-1', 'crashed'),
      declared(125_120),
      app(127_125, 'standby-1', true),
      { type: 'FAILOVER_COMPLETED', at: 127_125, group, host: 'standby-1', takeover: 'svol' },
      ack(127_200, 'standby-1')
    ];
    for (const x of feed) o.observe(x);
    expect(o.figures(180_000)).toEqual({
      declaredAtMs: 125_120,
      completedAtMs: 127_125,
      refusedAtMs: null,
      failureOnsetMs: 120_400,
      detectionMs: 4720,
      failoverMs: 6725,
      unavailableMs: 127_200 - 120_400,
      lostWrites: 0
    });
  });

  it('should report no onset and no figures from it for a declaration while production serves', () => {
    const o = serving();
    for (const x of [declared(34_000), app(36_000, 'standby-1', true)]) o.observe(x);
    const f = o.figures(60_000);
    expect(f.declaredAtMs).toBe(34_000);
    expect(f.failureOnsetMs).toBeNull();
    expect(f.detectionMs).toBeNull();
    expect(f.failoverMs).toBeNull();
  });

  it('should end a failure that production recovers from before any declaration', () => {
    const o = serving();
    for (const x of [
      host(20_000, 'prod-1', 'hung'),
      host(23_000, 'prod-1', 'up'),
      ack(23_050, 'prod-1')
    ])
      o.observe(x);
    const f = o.figures(60_000);
    expect(f.failureOnsetMs).toBe(20_000);
    expect(f.detectionMs).toBeNull();
    expect(f.unavailableMs).toBe(3050);
  });

  it('should count an outage from a failed write to the next acknowledged one', () => {
    const o = serving();
    for (const x of [
      {
        type: 'APP_WRITE_FAILED',
        at: 30_000,
        group,
        site: 'production',
        volume: 'prod-data',
        writer: 'prod-1',
        error: 'fenced'
      } as Observation,
      ack(45_000, 'prod-1')
    ])
      o.observe(x);
    const f = o.figures(60_000);
    expect(f.unavailableMs).toBe(15_000);
    expect(f.failureOnsetMs).toBeNull(); // production could still serve: no failure to answer
  });

  it('should not end an outage on an acknowledgement to a host that is down, and count to the end', () => {
    const o = serving();
    for (const x of [host(10_000, 'prod-1', 'crashed'), ack(10_001, 'prod-1')]) o.observe(x);
    expect(o.figures(20_000).unavailableMs).toBe(10_000);
  });

  it('should not count the start of the run', () => {
    const o = createOutcomeObserver(ids);
    for (const x of [app(1000, 'prod-1', true), ack(1100, 'prod-1')]) o.observe(x);
    expect(o.figures(2000)).toMatchObject({ unavailableMs: 0, failureOnsetMs: null });
  });

  it('should count writes present at the volume given up and missing at the one taken over', () => {
    const o = serving();
    o.observe({
      type: 'TAKEOVER',
      at: 30_000,
      group,
      result: 'svol-takeover',
      detail: '',
      from: 'prod-data',
      to: 'standby-data',
      writes: { acknowledged: { 'prod-1': 120 }, copied: { 'prod-1': 116 } }
    });
    o.observe({
      type: 'TAKEOVER',
      at: 31_000,
      group,
      result: 'refused',
      detail: '',
      from: null,
      to: null,
      writes: { acknowledged: {}, copied: {} }
    });
    expect(o.figures(40_000).lostWrites).toBe(4);
  });
});
