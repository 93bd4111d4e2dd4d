import { createActor } from 'xstate';
import {
  availabilityMonitorMachine,
  faultsInForce,
  wantsWrite,
  type AvailabilityMode
} from '../../monitors/availabilityMonitorMachine';
import type { MonitorEvent } from '../../monitors/monitorEvents';
import { createSimClock } from '../../sim';

const BOUND = 10_000;

/** A monitor of group `app` (prod-1, standby-1), fed events at their `at` on a simulated clock. */
function monitor(mode: AvailabilityMode, autoResync = false) {
  const clock = createSimClock();
  const actor = createActor(availabilityMonitorMachine, {
    clock,
    input: {
      group: 'app',
      productionHosts: ['prod-1'],
      standbyHosts: ['standby-1'],
      bound: BOUND,
      mode,
      autoResync
    }
  });
  actor.start();
  const feed = (events: MonitorEvent[]) => {
    for (const e of events) {
      clock.runUntil(e.at);
      actor.send(e);
    }
  };
  const found = () => actor.getSnapshot().context.finding;
  return { clock, actor, feed, found };
}

const app = (at: number, running = true): MonitorEvent => ({
  type: 'APP',
  at,
  group: 'app',
  host: 'prod-1',
  site: 'production',
  running
});
const fails = (at: number): MonitorEvent => ({
  type: 'APP_WRITE_FAILED',
  at,
  group: 'app',
  site: 'production',
  volume: 'prod-data',
  writer: 'prod-1',
  error: 'fenced'
});
const ack = (at: number): MonitorEvent => ({
  type: 'APP_WRITE_ACK',
  at,
  group: 'app',
  site: 'production',
  volume: 'prod-data',
  writer: 'prod-1',
  writeSeq: 1
});
const link = (at: number, state: 'up' | 'down'): MonitorEvent => ({ type: 'LINK', at, state });
const healed = (at: number): MonitorEvent => ({ type: 'HEALED', at });

/** Writes fenced from 10 s while the link is down until 20 s. */
const fencedAfterCut: MonitorEvent[] = [
  app(1000),
  link(10_000, 'down'),
  fails(10_050),
  link(20_000, 'up')
];

describe('availabilityMonitorMachine', () => {
  it('should report an outage left to the operator as a finding while the timeline runs', () => {
    const m = monitor('finding');
    m.feed(fencedAfterCut);
    m.clock.runUntil(20_000 + BOUND - 1);
    expect(m.found()).toBeNull();
    m.clock.runUntil(20_000 + BOUND);
    expect(m.found()?.atMs).toBe(20_000 + BOUND);
    expect(m.found()?.summary).toMatch(
      /^app: the application could not write from 10\.050s \(writes fail at prod-data \(fenced\); data pair PAIR\)/
    );
    expect(m.found()?.evidence.join(' | ')).toMatch(/remote link up/);
  });

  it('should judge the same outage a violation only once every fault is over (HEALED)', () => {
    const m = monitor('violation');
    m.feed(fencedAfterCut);
    m.clock.runUntil(60_000);
    expect(m.found()).toBeNull();
    m.feed([healed(60_000)]);
    m.clock.runUntil(60_000 + BOUND);
    expect(m.found()?.summary).toMatch(/after every fault was over/);
    // …and the finding monitor stops judging once it is the system's business.
    const f = monitor('finding');
    f.feed([...fencedAfterCut, healed(25_000)]);
    f.clock.runUntil(60_000);
    expect(f.found()).toBeNull();
  });

  it('should judge at any time with autoResync (the cluster software is meant to resync)', () => {
    const m = monitor('violation', true);
    m.feed(fencedAfterCut);
    m.clock.runUntil(20_000 + BOUND);
    expect(m.found()?.summary).toMatch(/with remoteCopy\.autoResync on/);
  });

  it('should stay quiet while a fault explains the outage (link still down)', () => {
    const m = monitor('finding');
    m.feed([app(1000), link(10_000, 'down'), fails(10_050)]);
    m.clock.runUntil(120_000);
    expect(m.found()).toBeNull();
  });

  it('should end the outage at the next acknowledged write', () => {
    const m = monitor('finding');
    m.feed([...fencedAfterCut, ack(25_000)]);
    m.clock.runUntil(120_000);
    expect(m.found()).toBeNull();
    expect(m.actor.getSnapshot().context.outage).toBe(false);
  });

  it('should stay quiet while a failover is under way, and judge again once it gave up', () => {
    const m = monitor('finding');
    m.feed([
      ...fencedAfterCut,
      {
        type: 'DECLARED',
        at: 21_000,
        group: 'app',
        host: 'standby-1',
        verdict: 'production-failed',
        reason: 'x'
      }
    ]);
    m.clock.runUntil(60_000);
    expect(m.found()).toBeNull();
    m.feed([
      { type: 'FAILOVER_REFUSED', at: 60_000, group: 'app', host: 'standby-1', detail: 'y' }
    ]);
    m.clock.runUntil(60_000 + BOUND);
    expect(m.found()?.atMs).toBe(60_000 + BOUND);
  });

  it('should stay quiet while an operator alert is pending, until an operator action', () => {
    const m = monitor('finding');
    const alert: MonitorEvent = {
      type: 'ALERT',
      at: 21_000,
      group: 'app',
      alert: {
        atMs: 21_000,
        kind: 'operator-decision-required',
        source: 'standby-1',
        detail: 'site isolated'
      }
    };
    m.feed([...fencedAfterCut, alert]);
    m.clock.runUntil(60_000);
    expect(m.found()).toBeNull();
    m.feed([
      {
        type: 'FAULT',
        at: 60_000,
        fault: { at: 60_000, action: 'heal', target: 'network' },
        phase: 'apply',
        operator: true
      }
    ]);
    m.clock.runUntil(60_000 + BOUND);
    expect(m.found()?.atMs).toBe(60_000 + BOUND);
  });

  it('should count no site serving as an outage, and not before the application first served', () => {
    const m = monitor('finding');
    m.feed([fails(500)]);
    m.clock.runUntil(30_000);
    expect(m.actor.getSnapshot().context.outage).toBe(false);
    m.feed([app(31_000), app(32_000, false)]);
    m.clock.runUntil(32_000 + BOUND);
    expect(m.found()?.summary).toMatch(
      /could not write from 32\.000s \(no site runs the application/
    );
  });
});

describe('availabilityMonitorMachine: bookkeeping', () => {
  const context = (m: ReturnType<typeof monitor>) => m.actor.getSnapshot().context;
  const host = (at: number, name: string, state: 'up' | 'hung' | 'crashed'): MonitorEvent => ({
    type: 'HOST',
    at,
    group: 'app',
    host: name,
    site: name.startsWith('prod') ? 'production' : 'standby',
    state
  });
  const fault = (at: number, operator: boolean, phase: 'apply' | 'revert'): MonitorEvent => ({
    type: 'FAULT',
    at,
    fault: { at, action: 'heal', target: 'network' },
    phase,
    operator
  });

  it('should want a write outcome only where it opens or closes an outage', () => {
    const m = monitor('finding');
    m.feed([app(1000)]);
    expect(wantsWrite(context(m), ack(1100))).toBe(false);
    expect(wantsWrite(context(m), fails(1100))).toBe(true);
    expect(wantsWrite(context(m), link(1100, 'down'))).toBe(true);
    m.feed([fails(1200)]);
    expect(wantsWrite(context(m), ack(1300))).toBe(true);
    expect(wantsWrite(context(m), fails(1300))).toBe(false);
  });

  it('should list every fault in force that could explain an outage', () => {
    const m = monitor('finding');
    expect(faultsInForce(context(m))).toEqual([]);
    m.feed([
      host(1, 'prod-1', 'crashed'),
      host(2, 'standby-1', 'hung'),
      { type: 'STORAGE', at: 3, site: 'standby', up: false },
      link(4, 'down'),
      { type: 'NETWORK', at: 5, mode: 'up', partition: 'both' },
      {
        type: 'FAULT',
        at: 6,
        fault: { at: 6, action: 'io-error', target: 'prod-hb' },
        phase: 'apply',
        operator: false
      },
      {
        type: 'FAULT',
        at: 7,
        fault: { at: 7, action: 'io-error' },
        phase: 'apply',
        operator: false
      }
    ]);
    expect(faultsInForce(context(m))).toEqual([
      'prod-1 crashed',
      'standby-1 hung',
      'standby storage failed',
      'remote link down',
      'network partitioned (both)',
      'I/O errors on prod-hb'
    ]);
    m.feed([
      host(8, 'prod-1', 'up'),
      host(9, 'standby-1', 'up'),
      { type: 'STORAGE', at: 10, site: 'standby', up: true },
      { type: 'STORAGE', at: 10, site: 'production', up: false }
    ]);
    expect(faultsInForce(context(m))).toEqual([
      'production storage failed',
      'remote link down',
      'network partitioned (both)',
      'I/O errors on prod-hb'
    ]);
  });

  it('should not count host changes before the application first served, nor a change while it serves', () => {
    const m = monitor('finding');
    m.feed([host(500, 'prod-1', 'up'), fails(600)]);
    expect(context(m)).toMatchObject({ served: false, outage: false });
    m.feed([app(1000), { type: 'STORAGE', at: 2000, site: 'standby', up: false }]);
    expect(context(m)).toMatchObject({ served: true, outage: false });
    m.feed([host(3000, 'prod-1', 'hung')]);
    expect(context(m)).toMatchObject({
      outage: true,
      outageSince: 3000,
      cause: 'no site runs the application'
    });
  });

  it('should end an outage only on a write acknowledged to a host that serves', () => {
    const m = monitor('finding');
    const standbyAck: MonitorEvent = {
      type: 'APP_WRITE_ACK',
      at: 3000,
      group: 'app',
      site: 'standby',
      volume: 'standby-data',
      writer: 'standby-1',
      writeSeq: 1
    };
    m.feed([app(1000), fails(2000), standbyAck]);
    expect(context(m).outage).toBe(true);
    m.feed([host(3500, 'prod-1', 'hung'), ack(4000)]);
    expect(context(m).outage).toBe(true);
    m.feed([host(4500, 'prod-1', 'up'), ack(5000)]);
    expect(context(m)).toMatchObject({ outage: false, outageSince: null, cause: '' });
  });

  it('should take an operator alert as answered only by an operator action applied', () => {
    const m = monitor('finding');
    const alert: MonitorEvent = {
      type: 'ALERT',
      at: 1000,
      group: 'app',
      alert: { atMs: 1000, kind: 'failover-refused', source: 'standby-1', detail: '' }
    };
    m.feed([alert, fault(2000, false, 'apply'), fault(3000, true, 'revert')]);
    expect(context(m).operatorAsked).toBe(true);
    m.feed([fault(4000, true, 'apply')]);
    expect(context(m).operatorAsked).toBe(false);
  });

  it('should follow the data pair only', () => {
    const m = monitor('finding');
    m.feed([
      { type: 'PAIR', at: 1, group: 'app', pair: 'data', from: 'PAIR', to: 'PSUE' },
      { type: 'PAIR', at: 2, group: 'app', pair: 'heartbeat', from: 'PAIR', to: 'PSUS' }
    ]);
    expect(context(m).dataPair).toBe('PSUE');
  });

  it('should time and word its finding from when it became stuck, whatever came after', () => {
    const m = monitor('finding');
    m.feed([
      app(1000),
      link(10_000, 'down'),
      fails(10_050),
      { type: 'PAIR', at: 10_100, group: 'app', pair: 'data', from: 'PAIR', to: 'PSUE' },
      link(20_000, 'up'),
      { type: 'LINK', at: 25_000, state: 'degraded' }
    ]);
    m.clock.runUntil(30_000);
    expect(m.found()).toEqual({
      atMs: 30_000,
      summary:
        'app: the application could not write from 10.050s (writes fail at prod-data (fenced); data pair PSUE) and, with no fault in force, no failover under way and no operator alert pending, still could not at 30.000s, while the timeline still ran (a resync by the operator was still possible) (bound 10.000s)',
      evidence: [
        '1.000s application running on prod-1',
        '10.000s remote link down',
        '10.050s write by prod-1 failed at prod-data (fenced)',
        '10.100s data pair PAIR → PSUE',
        '20.000s remote link up',
        '25.000s remote link degraded'
      ]
    });
  });

  it('should say every fault was over when healed, even with autoResync', () => {
    const m = monitor('violation', true);
    m.feed([...fencedAfterCut, healed(20_000)]);
    m.clock.runUntil(20_000 + BOUND);
    expect(m.found()?.summary).toMatch(/, after every fault was over \(bound 10\.000s\)$/);
  });
});
