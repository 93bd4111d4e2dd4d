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
const failed = (at: number): Observation => ({
  type: 'APP_WRITE_FAILED',
  at,
  group,
  site: 'production',
  volume: 'prod-data',
  writer: 'prod-1',
  error: 'fenced'
});
/** Feed `xs` to observer `o`, in order; returns `o`. */
const feed = (o: ReturnType<typeof createOutcomeObserver>, ...xs: Observation[]) => {
  for (const x of xs) o.observe(x);
  return o;
};

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

describe('createOutcomeObserver: onset, declaration and failover', () => {
  const storage = (at: number, site: 'production' | 'standby', up: boolean): Observation => ({
    type: 'STORAGE',
    at,
    site,
    up
  });

  it('should see no failure and no outage before the application ever served', () => {
    const o = feed(createOutcomeObserver(ids), host(1000, 'prod-1', 'crashed'), failed(1500));
    expect(o.figures(10_000)).toMatchObject({ failureOnsetMs: null, unavailableMs: 0 });
  });

  it("should ignore hosts that are not the group's", () => {
    const o = feed(
      serving(),
      host(5000, 'app2-prod-1', 'crashed'),
      app(6000, 'app2-standby-1', true)
    );
    expect(o.figures(10_000)).toMatchObject({ failureOnsetMs: null, unavailableMs: 0 });
  });

  it('should take a failed production array as the onset, and its return as the end of it', () => {
    const o = feed(
      serving(),
      storage(5000, 'production', false),
      storage(6000, 'production', true)
    );
    feed(o, host(20_000, 'prod-1', 'crashed'), declared(25_000));
    expect(o.figures(30_000)).toMatchObject({ failureOnsetMs: 20_000, detectionMs: 5000 });
  });

  it("should keep the first onset without a declaration, and the declared failure's onset with one", () => {
    const steps = [
      host(10_000, 'prod-1', 'hung'),
      host(12_000, 'prod-1', 'up'),
      host(20_000, 'prod-1', 'crashed')
    ];
    expect(feed(serving(), ...steps).figures(30_000).failureOnsetMs).toBe(10_000);
    const o = feed(serving(), ...steps, declared(25_000), declared(28_000));
    expect(o.figures(30_000)).toMatchObject({
      declaredAtMs: 25_000,
      failureOnsetMs: 20_000,
      detectionMs: 5000
    });
  });

  it('should keep the onset of a declared failure when production comes back after it', () => {
    const o = feed(
      serving(),
      host(10_000, 'prod-1', 'hung'),
      declared(15_000),
      host(16_000, 'prod-1', 'up')
    );
    expect(o.figures(30_000)).toMatchObject({ failureOnsetMs: 10_000, detectionMs: 5000 });
  });

  it('should time the failover by the first standby host that serves after the declaration', () => {
    const o = feed(
      serving(),
      app(5000, 'standby-1', true),
      app(6000, 'standby-1', false),
      storage(8000, 'standby', false),
      host(10_000, 'prod-1', 'crashed'),
      declared(15_000),
      app(16_000, 'prod-1', true),
      app(17_000, 'standby-1', true),
      app(18_000, 'standby-1', false),
      storage(19_000, 'standby', true),
      app(20_000, 'standby-1', true),
      app(21_000, 'standby-1', true)
    );
    expect(o.figures(30_000)).toMatchObject({ failureOnsetMs: 10_000, failoverMs: 10_000 });
  });

  it('should keep the first completion and the first refusal', () => {
    const o = feed(
      serving(),
      { type: 'FAILOVER_REFUSED', at: 10_000, group, host: 'standby-1', detail: 'a' },
      { type: 'FAILOVER_REFUSED', at: 11_000, group, host: 'standby-1', detail: 'b' },
      { type: 'FAILOVER_COMPLETED', at: 12_000, group, host: 'standby-1', takeover: 'swap' },
      { type: 'FAILOVER_COMPLETED', at: 13_000, group, host: 'standby-1', takeover: 'swap' }
    );
    expect(o.figures(30_000)).toMatchObject({ refusedAtMs: 10_000, completedAtMs: 12_000 });
  });
});

describe('createOutcomeObserver: outages', () => {
  it('should count an outage from its first failed write, not a later one', () => {
    const o = feed(serving(), failed(10_000), failed(12_000), ack(20_000, 'prod-1'));
    expect(o.figures(30_000).unavailableMs).toBe(10_000);
  });

  it('should count an outage from the moment neither site serves, not from later changes', () => {
    const o = feed(
      serving(),
      host(10_000, 'prod-1', 'crashed'),
      host(12_000, 'standby-1', 'hung'),
      host(13_000, 'standby-1', 'up'),
      app(14_000, 'standby-1', true),
      ack(20_000, 'standby-1')
    );
    expect(o.figures(30_000).unavailableMs).toBe(10_000);
  });

  it('should see no outage while the standby serves and production fails again', () => {
    const o = feed(
      serving(),
      host(10_000, 'prod-1', 'crashed'),
      app(20_000, 'standby-1', true),
      ack(21_000, 'standby-1'),
      host(30_000, 'prod-1', 'up'),
      { type: 'STORAGE', at: 40_000, site: 'production', up: false }
    );
    expect(o.figures(100_000).unavailableMs).toBe(11_000);
  });

  it('should see production serve while any of its hosts runs the application', () => {
    const two = groupIds(1, 2);
    const o = createOutcomeObserver(two);
    feed(o, app(1000, 'prod-1', true), ack(1100, 'prod-1'), host(5000, 'prod-2', 'crashed'));
    expect(o.figures(10_000)).toMatchObject({ failureOnsetMs: null, unavailableMs: 0 });
  });

  it("should count each writer's writes missing at a takeover, and none copied beyond", () => {
    const o = feed(serving(), {
      type: 'TAKEOVER',
      at: 30_000,
      group,
      result: 'swap-takeover',
      detail: '',
      from: 'prod-data',
      to: 'standby-data',
      writes: {
        acknowledged: { 'prod-1': 10, 'prod-2': 3, 'prod-3': 5 },
        copied: { 'prod-1': 12, 'prod-3': 4 }
      }
    });
    expect(o.figures(40_000).lostWrites).toBe(4);
    for (const [from, to] of [
      ['prod-data', null],
      [null, 'standby-data']
    ] as const) {
      const half = feed(serving(), {
        type: 'TAKEOVER',
        at: 30_000,
        group,
        result: 'refused',
        detail: '',
        from,
        to,
        writes: { acknowledged: { 'prod-1': 10 }, copied: {} }
      });
      expect(half.figures(40_000).lostWrites).toBe(0);
    }
  });
});
