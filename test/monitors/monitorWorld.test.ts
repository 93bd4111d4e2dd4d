/**
 * The monitor hub (monitors/monitorWorld.ts) fed a hand-built observation stream and probe: the
 * zero-loss rule and the bounds, routing by group, the check that the world is whole again, the
 * first fault, the abstract states reached, and what it collects at the end.
 */
import { Subject } from 'rxjs';
import { resolveConfig, type ConfigOverrides } from '../../model/config';
import type { Observation, WorldHealth } from '../../model/observation';
import { convergenceBound, livenessBound } from '../../monitors/livenessBound';
import { createMonitorHub } from '../../monitors/monitorWorld';
import { createSimClock } from '../../sim';

const whole: WorldHealth = {
  hostsDown: [],
  arraysDown: [],
  link: 'up',
  network: { mode: 'up', partition: 'none' },
  ioErrors: []
};

function start(
  options: { config?: ConfigOverrides; groups?: number; zeroLoss?: 'auto' | 'always' } = {}
) {
  const clock = createSimClock();
  const config = resolveConfig(options.config);
  const topology = { hostsPerGroup: 1, groups: options.groups ?? 1 };
  const hub = createMonitorHub({ config, topology, clock, zeroLoss: options.zeroLoss });
  const stream = new Subject<Observation>();
  let health = whole;
  hub.watch(stream, { now: () => clock.now(), health: () => health });
  const feed = (...observations: Observation[]) => {
    for (const o of observations) {
      clock.runUntil(o.at);
      stream.next(o);
    }
  };
  const setHealth = (h: WorldHealth) => {
    health = h;
  };
  return { hub, feed, setHealth, config, topology };
}

/** A host write of `writer#seq` landing on `volume` and acknowledged 1 ms later. */
const local = (
  t: number,
  group: string,
  volume: string,
  writer: string,
  seq: number
): Observation[] => [
  { type: 'VOLUME_WRITE', at: t, group, volume, block: 0, writer, writeSeq: seq, origin: 'host' },
  {
    type: 'APP_WRITE_ACK',
    at: t + 1,
    group,
    site: volume.includes('prod') ? 'production' : 'standby',
    volume,
    writer,
    writeSeq: seq
  }
];

const fault = (at: number, phase: 'apply' | 'revert', operator: boolean): Observation => ({
  type: 'FAULT',
  at,
  fault: { at, action: 'cut' },
  phase,
  operator
});

describe('createMonitorHub', () => {
  it('should hold the run to zero loss for sync copy with fence level data, or when forced', () => {
    expect(start().hub.finish().zeroLoss).toBe(true);
    expect(start({ config: { remoteCopy: { fenceLevel: 'never' } } }).hub.finish().zeroLoss).toBe(
      false
    );
    const async = { remoteCopy: { mode: 'async' as const } };
    expect(start({ config: async }).hub.finish().zeroLoss).toBe(false);
    expect(start({ config: async, zeroLoss: 'always' }).hub.finish().zeroLoss).toBe(true);
  });

  it('should give the liveness and convergence bounds of the configuration', () => {
    const { hub, config, topology } = start({ groups: 2 });
    expect(hub.finish().bounds).toEqual({
      liveness: livenessBound(config, topology),
      convergence: convergenceBound(config, topology)
    });
  });

  it("should route a group's observations to that group's monitors only", () => {
    const { hub, feed } = start({ groups: 2 });
    feed(
      ...local(10, 'app2', 'app2-prod-data', 'app2-prod-1', 1),
      ...local(20, 'app2', 'app2-standby-data', 'app2-standby-1', 1),
      ...local(30, 'app2', 'app2-prod-data', 'app2-prod-1', 2),
      ...local(40, 'app2', 'app2-prod-data', 'app2-prod-1', 3),
      ...local(50, 'nobody', 'nobody-prod-data', 'nobody-prod-1', 1)
    );
    const results = hub.finish();
    expect(results.findings.splitBrain.map((f) => [f.group, f.monitor, f.atMs])).toEqual([
      ['app2', 'splitBrain', 31]
    ]);
    expect(results.groups.map((g) => [g.group, g.divergentWrites])).toEqual([
      ['app', 0],
      ['app2', 2]
    ]);
    expect(results.divergentWrites).toBe(2);
  });

  it('should give every group a site-wide observation, and collect each cause of a false failover', () => {
    const { hub, feed } = start({ groups: 2 });
    feed(
      { type: 'APP', at: 1, group: 'app', host: 'prod-1', site: 'production', running: true },
      { type: 'NETWORK', at: 10, mode: 'up', partition: 'both' },
      { type: 'PATH', at: 15, group: 'app', host: 'standby-1', path: 'network', status: 'invalid' },
      {
        type: 'DECLARED',
        at: 16,
        group: 'app',
        host: 'standby-1',
        verdict: 'production-failed',
        reason: 'test'
      }
    );
    const results = hub.finish();
    expect(results.findings.methodJudgement.map((f) => f.group)).toEqual(['app']);
    expect(results.falseFailoverCauses).toEqual({ app: 'path-delivering' });
    expect(results.reached.has('network=up/both')).toBe(true);
  });

  it('should say what is still broken when the timeline is over and the world is not whole', () => {
    const { hub, feed, setHealth } = start();
    setHealth({
      hostsDown: [{ host: 'prod-1', state: 'crashed' }],
      arraysDown: ['production'],
      link: 'down',
      network: { mode: 'degraded', partition: 'both' },
      ioErrors: ['prod-hb']
    });
    feed({ type: 'TIMELINE_OVER', at: 100 });
    const results = hub.finish();
    expect(results.healedAt).toBeNull();
    expect(results.notHealed).toBe(
      'prod-1 is crashed; production storage failed; remote link down; network partitioned (both); network degraded; I/O errors on prod-hb'
    );
    expect(results.convergence).toEqual({ app: 'not-healed' });
  });

  it('should tell the monitors the world is whole again when the probe finds it so', () => {
    const { hub, feed } = start();
    feed(
      { type: 'APP', at: 1, group: 'app', host: 'prod-1', site: 'production', running: true },
      { type: 'TIMELINE_OVER', at: 100 }
    );
    const results = hub.finish();
    expect(results).toMatchObject({ healedAt: 100, notHealed: null });
    expect(results.convergence).toEqual({ app: 'converged' });
    expect(results.findings.convergence).toEqual([]);
  });

  it('should take the first fault that is not an operator action as the first fault', () => {
    const { hub, feed } = start();
    feed(fault(5, 'apply', true), fault(6, 'revert', false), fault(10, 'apply', false));
    feed(fault(20, 'apply', false));
    expect(hub.finish().groups.map((g) => g.firstFaultMs)).toEqual([10]);
    expect(start().hub.finish().groups[0].firstFaultMs).toBeNull();
  });

  it('should count the abstract states reached and the value each field took', () => {
    const { hub, feed } = start();
    feed(
      { type: 'HOST', at: 1, group: 'app', host: 'prod-1', site: 'production', state: 'crashed' },
      { type: 'HOST', at: 2, group: 'app', host: 'standby-1', site: 'standby', state: 'up' },
      { type: 'APP', at: 3, group: 'app', host: 'standby-1', site: 'standby', running: true },
      { type: 'APP', at: 3, group: 'app', host: 'prod-1', site: 'production', running: false },
      { type: 'PATH', at: 4, group: 'app', host: 'standby-1', path: 'mirror', status: 'invalid' },
      { type: 'PATH', at: 4, group: 'app', host: 'standby-1', path: 'network', status: 'warning' },
      { type: 'VERDICT', at: 5, group: 'app', host: 'standby-1', verdict: 'suspect' },
      {
        type: 'DECLARED',
        at: 6,
        group: 'app',
        host: 'standby-1',
        verdict: 'production-failed',
        reason: 'x'
      },
      {
        type: 'TAKEOVER',
        at: 7,
        group: 'app',
        result: 'swap-takeover',
        detail: '',
        from: 'prod-data',
        to: 'standby-data',
        writes: { acknowledged: {}, copied: {} }
      },
      { type: 'PAIR', at: 8, group: 'app', pair: 'heartbeat', from: 'PAIR', to: 'PSUE' },
      { type: 'STORAGE', at: 9, site: 'standby', up: false },
      { type: 'LINK', at: 10, state: 'down' },
      { type: 'NETWORK', at: 11, mode: 'degraded', partition: 'none' },
      // The same values again: no new state.
      { type: 'LINK', at: 12, state: 'down' },
      {
        type: 'APP_WRITE_FAILED',
        at: 13,
        group: 'app',
        site: 'production',
        volume: 'prod-data',
        writer: 'prod-1',
        error: 'x'
      }
    );
    const { reached, states } = hub.finish();
    expect([...reached].sort()).toEqual(
      [
        'dataPair=PAIR',
        'heartbeatPair=PAIR',
        'prodHostsUp=0',
        'standbyHostsUp=1',
        'appStandby=true',
        'appProduction=false',
        'mirrorRow=invalid',
        'networkRow=warning',
        'verdict=suspect',
        'verdict=declared:production-failed',
        'takeover=swap-takeover',
        'heartbeatPair=PSUE',
        'standbyArray=failed',
        'link=down',
        'network=degraded/none'
      ].sort()
    );
    // Two initial fields, then one new abstract state per change.
    expect(states.size).toBe(15);
  });

  it('should hand the availability monitors the write outcomes that open and close an outage', () => {
    const { hub, feed, config, topology } = start();
    const bound = convergenceBound(config, topology);
    const failed: Observation = {
      type: 'APP_WRITE_FAILED',
      at: 2000,
      group: 'app',
      site: 'production',
      volume: 'prod-data',
      writer: 'prod-1',
      error: 'fenced'
    };
    feed(
      { type: 'APP', at: 1000, group: 'app', host: 'prod-1', site: 'production', running: true },
      failed,
      { type: 'LINK', at: 2000 + bound + 1, state: 'up' }
    );
    const results = hub.finish();
    expect(results.findings.availabilityFinding.map((f) => [f.group, f.atMs])).toEqual([
      ['app', 2000 + bound]
    ]);
    expect(results.findings.availability).toEqual([]);

    const closed = start();
    closed.feed(
      { type: 'APP', at: 1000, group: 'app', host: 'prod-1', site: 'production', running: true },
      failed,
      {
        type: 'APP_WRITE_ACK',
        at: 3000,
        group: 'app',
        site: 'production',
        volume: 'prod-data',
        writer: 'prod-1',
        writeSeq: 1
      },
      { type: 'LINK', at: 2000 + bound + 1, state: 'up' }
    );
    expect(closed.hub.finish().findings.availabilityFinding).toEqual([]);
  });

  it('should ignore what comes after the end of the run', () => {
    const { hub, feed } = start();
    const results = hub.finish();
    feed({ type: 'LINK', at: 10, state: 'down' });
    expect(results.reached.has('link=down')).toBe(false);
    expect(results.groups.map((g) => g.group)).toEqual(['app']);
  });
});
