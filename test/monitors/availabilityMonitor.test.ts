import { createActor } from 'xstate';
import {
  availabilityMonitorMachine,
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
