/**
 * The monitor hub feeds every write that lands on a data volume to the two checkers' ledgers
 * itself (the split-brain histories, the data-physics ledger), and every heartbeat sent to the
 * heartbeat-serial ledger, and tells their statecharts only what changes them: the landing that
 * made the histories diverge, a data-physics rule broken, a serial that did not advance.
 * Fed a hand-built observation stream, the hub must find exactly what the statecharts find when
 * they are fed every landing.
 */
import { Subject } from 'rxjs';
import { resolveConfig } from '../../model/config';
import type { Observation } from '../../model/observation';
import { dataPhysicsMonitorMachine } from '../../monitors/dataPhysicsMonitorMachine';
import { heartbeatSerialMonitorMachine } from '../../monitors/heartbeatSerialMonitorMachine';
import { createMonitorHub } from '../../monitors/monitorWorld';
import { splitBrainMonitorMachine } from '../../monitors/splitBrainMonitorMachine';
import { createSimClock } from '../../sim';
import { feedMonitor } from './feedMonitor';
import { acked, lands } from './landings';

const volumes = { production: 'prod-data', standby: 'standby-data' };

function hub() {
  const clock = createSimClock();
  const monitors = createMonitorHub({
    config: resolveConfig({}),
    topology: { hostsPerGroup: 1, groups: 1 },
    clock
  });
  const stream = new Subject<Observation>();
  monitors.watch(stream, {
    now: () => clock.now(),
    health: () => ({
      hostsDown: [],
      arraysDown: [],
      link: 'up',
      network: { mode: 'up', partition: 'none' },
      ioErrors: []
    })
  });
  const feed = (observations: Observation[]) => {
    for (const o of observations) {
      clock.runUntil(o.at);
      stream.next(o);
    }
  };
  return { monitors, feed };
}

const split = (t: number): Observation => ({
  type: 'PAIR',
  at: t,
  group: 'app',
  pair: 'data',
  from: 'PAIR',
  to: 'PSUE'
});

/**
 * Two synchronous writes, the pair suspended, then writes acknowledged at both sites: production's
 * write after the standby's first one makes the histories diverge, the standby's next one makes
 * two writers.
 */
const twoWriters: Observation[] = [
  lands(10, 'standby-data', 'prod-1', 1, 'copy'),
  lands(11, 'prod-data', 'prod-1', 1),
  acked(12, 'prod-data', 'prod-1', 1),
  lands(20, 'standby-data', 'prod-1', 2, 'copy'),
  lands(21, 'prod-data', 'prod-1', 2),
  acked(22, 'prod-data', 'prod-1', 2),
  split(30),
  lands(40, 'standby-data', 'standby-1', 1),
  acked(41, 'standby-data', 'standby-1', 1),
  lands(50, 'prod-data', 'prod-1', 3),
  acked(51, 'prod-data', 'prod-1', 3),
  lands(60, 'standby-data', 'standby-1', 2),
  acked(61, 'standby-data', 'standby-1', 2)
];

describe('the monitor hub feeding the landing ledgers', () => {
  it('should find two writers with the landing that diverged as evidence, as the statechart fed every landing does', () => {
    const { monitors, feed } = hub();
    feed(twoWriters);
    const [found] = monitors.finish().findings.splitBrain;
    const direct = feedMonitor(splitBrainMonitorMachine, { group: 'app', volumes });
    direct.feed(...twoWriters);
    expect(direct.state()).toBe('splitBrain');
    expect(found).toMatchObject({ atMs: 61, monitor: 'splitBrain', group: 'app' });
    expect(found?.summary).toBe(direct.finding()?.summary);
    expect(found?.evidence).toEqual(direct.finding()?.evidence);
    expect(found?.evidence.some((e) => e.includes('prod-1#3 landed on prod-data'))).toBe(true);
  });

  it('should find a host write on the paired S-VOL, as the statechart fed every landing does', () => {
    const events = [
      lands(10, 'standby-data', 'prod-1', 1, 'copy'),
      lands(11, 'prod-data', 'prod-1', 1),
      lands(15, 'standby-data', 'standby-1', 1),
      lands(20, 'standby-data', 'prod-1', 2, 'copy')
    ];
    const { monitors, feed } = hub();
    feed(events);
    const [found] = monitors.finish().findings.dataPhysics;
    const direct = feedMonitor(dataPhysicsMonitorMachine, { group: 'app', volumes, mode: 'sync' });
    direct.feed(...events);
    expect(direct.state()).toBe('violated');
    expect(direct.context<{ rule: string }>().rule).toBe('svol-write');
    expect(found).toMatchObject({ atMs: 15, monitor: 'dataPhysics' });
    expect(found?.summary).toBe(direct.finding()?.summary);
    expect(found?.evidence).toEqual(direct.finding()?.evidence);
  });

  it('should find a serial that did not advance, as the statechart fed every heartbeat does', () => {
    const beat = (t: number, serial: number, run = 1): Observation => ({
      type: 'HEARTBEAT_SENT',
      at: t,
      group: 'app',
      host: 'prod-1',
      path: 'mirror',
      serial,
      run
    });
    // A new sender run may start lower; within a run, 4 after 4 is stuck.
    const events = [
      beat(1000, 3),
      beat(2000, 4),
      beat(3000, 1, 2),
      beat(4000, 4, 2),
      beat(5000, 4, 2)
    ];
    const { monitors, feed } = hub();
    feed(events);
    const [found] = monitors.finish().findings.heartbeatSerial;
    const direct = feedMonitor(heartbeatSerialMonitorMachine, { group: 'app' });
    direct.feed(...events);
    expect(direct.state()).toBe('violated');
    expect(found).toMatchObject({ atMs: 5000, monitor: 'heartbeatSerial' });
    expect(found?.summary).toBe(direct.finding()?.summary);
    expect(found?.evidence).toEqual(direct.finding()?.evidence);
  });

  it('should find nothing in writes that land as physics allows', () => {
    const { monitors, feed } = hub();
    feed(twoWriters.slice(0, 6));
    const results = monitors.finish();
    expect(results.findings.splitBrain).toEqual([]);
    expect(results.findings.dataPhysics).toEqual([]);
  });
});
