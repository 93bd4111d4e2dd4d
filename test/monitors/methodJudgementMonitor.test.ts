/**
 * The method-judgement monitor and the cause of a false failover: under method `both` (or
 * `mirror`) a declaration while a watched path is valid and delivering is a violation; a
 * declaration after every watched path was lost to faults is inherent (a finding at most).
 */
import type { CheckingMethod } from '../../model/config';
import type { MonitorEvent } from '../../monitors/monitorEvents';
import { methodJudgementMonitorMachine } from '../../monitors/methodJudgementMonitorMachine';
import { falseFailoverMonitorMachine } from '../../monitors/falseFailoverMonitorMachine';
import { feedMonitor } from './feedMonitor';

const input = (method: CheckingMethod = 'both') => ({
  group: 'app',
  productionHosts: ['prod-1'],
  heartbeatVolumes: ['prod-hb', 'standby-hb'],
  method,
  networkLoss: 0,
  linkLoss: 0
});

const partition = (t: number): MonitorEvent => ({
  type: 'NETWORK',
  at: t,
  mode: 'up',
  partition: 'both'
});
const row = (t: number, path: 'network' | 'mirror', status: 'valid' | 'invalid'): MonitorEvent => ({
  type: 'PATH',
  at: t,
  group: 'app',
  host: 'standby-1',
  path,
  status
});
const declared = (
  t: number,
  verdict: 'production-failed' | 'takeover-requested' = 'production-failed'
): MonitorEvent => ({
  type: 'DECLARED',
  at: t,
  group: 'app',
  host: 'standby-1',
  verdict,
  reason: 'test'
});
const linkDown = (t: number): MonitorEvent => ({ type: 'LINK', at: t, state: 'down' });

describe('methodJudgementMonitorMachine', () => {
  it('should fire under both when the decision fails over on a network-only loss', () => {
    const m = feedMonitor(methodJudgementMonitorMachine, input('both'));
    m.feed(partition(10), row(15, 'network', 'invalid'), declared(16));
    expect(m.state()).toBe('violated');
    expect(m.finding()!.atMs).toBe(16);
    expect(m.finding()!.summary).toMatch(
      /under method both while mirror still delivered valid heartbeats \(network invalid, not delivering \(network partitioned \(both\)\); mirror valid, delivering\)/
    );
  });

  it('should stay quiet when every watched path was lost to faults', () => {
    const m = feedMonitor(methodJudgementMonitorMachine, input('both'));
    m.feed(
      partition(10),
      linkDown(10),
      row(15, 'network', 'invalid'),
      row(15, 'mirror', 'invalid'),
      declared(16)
    );
    expect(m.state()).toBe('watching');
    expect(m.finding()).toBeNull();
  });

  it('should not judge a declaration on a valid row whose path no longer delivers', () => {
    const m = feedMonitor(methodJudgementMonitorMachine, input('both'));
    // The link is down but the mirror row has not timed out yet; the network row is invalid.
    m.feed(partition(10), linkDown(14), row(15, 'network', 'invalid'), declared(16));
    expect(m.finding()).toBeNull();
  });

  it('should judge only the paths the method watches, following live method changes', () => {
    const mirrorOnly = feedMonitor(methodJudgementMonitorMachine, input('mirror'));
    mirrorOnly.feed(row(15, 'network', 'invalid'), declared(16));
    expect(mirrorOnly.state()).toBe('violated');

    const networkOnly = feedMonitor(methodJudgementMonitorMachine, input('network'));
    networkOnly.feed(partition(10), row(15, 'network', 'invalid'), declared(16));
    expect(networkOnly.finding()).toBeNull();

    const switched = feedMonitor(methodJudgementMonitorMachine, input('both'));
    switched.feed(
      {
        type: 'FAULT',
        at: 5,
        fault: { at: 5, action: 'set-method', method: 'network' },
        phase: 'apply',
        operator: true
      },
      partition(10),
      row(15, 'network', 'invalid'),
      declared(16)
    );
    expect(switched.finding()).toBeNull();
  });

  it('should count the mirror lost on an I/O error of a heartbeat volume, or a dead sender', () => {
    const io = feedMonitor(methodJudgementMonitorMachine, input('both'));
    io.feed(
      partition(10),
      {
        type: 'FAULT',
        at: 11,
        fault: { at: 11, action: 'io-error', target: 'standby-hb', for: 30 },
        phase: 'apply',
        operator: false
      },
      row(15, 'network', 'invalid'),
      declared(16)
    );
    expect(io.finding()).toBeNull();

    const hung = feedMonitor(methodJudgementMonitorMachine, input('both'));
    hung.feed(
      { type: 'HOST', at: 10, group: 'app', host: 'prod-1', site: 'production', state: 'hung' },
      row(15, 'network', 'invalid'),
      declared(16)
    );
    expect(hung.finding()).toBeNull();
  });

  it('should never judge production asking for the takeover itself', () => {
    const m = feedMonitor(methodJudgementMonitorMachine, input('both'));
    m.feed(declared(16, 'takeover-requested'));
    expect(m.finding()).toBeNull();
  });
});

describe('methodJudgementMonitorMachine: evidence and counts', () => {
  it('should keep faults, link, network and settled path rows as evidence, not warnings or hosts', () => {
    const m = feedMonitor(methodJudgementMonitorMachine, input('both'));
    m.feed(
      { type: 'HOST', at: 1, group: 'app', host: 'prod-1', site: 'production', state: 'up' },
      { type: 'STORAGE', at: 2, site: 'production', up: true },
      { type: 'PAIR', at: 3, group: 'app', pair: 'data', from: 'PAIR', to: 'PAIR' },
      {
        type: 'FAULT',
        at: 4,
        fault: { at: 4, action: 'partition' },
        phase: 'apply',
        operator: false
      },
      linkDown(5),
      partition(6),
      { type: 'PATH', at: 7, group: 'app', host: 'standby-1', path: 'network', status: 'warning' },
      row(8, 'network', 'invalid')
    );
    expect(m.context<{ evidence: string[] }>().evidence).toEqual([
      '0.004s partition',
      '0.005s remote link down',
      '0.006s network up, partition both',
      '0.008s standby-1 network heartbeat invalid'
    ]);
  });

  it('should count every declaration it judged, and end its evidence with the violating one', () => {
    const quiet = feedMonitor(methodJudgementMonitorMachine, input('both'));
    quiet.feed(declared(1, 'takeover-requested'), declared(2, 'takeover-requested'));
    expect(quiet.context<{ declarations: number }>().declarations).toBe(2);
    expect(quiet.state()).toBe('watching');

    const m = feedMonitor(methodJudgementMonitorMachine, input('both'));
    m.feed(declared(1, 'takeover-requested'), partition(10), declared(16));
    expect(m.context<{ declarations: number }>().declarations).toBe(2);
    expect(m.finding()!.evidence).toEqual([
      '0.001s standby-1 declared failure (takeover-requested): test',
      '0.010s network up, partition both',
      '0.016s standby-1 declared failure (production-failed): test'
    ]);
  });
});

describe('false failover cause', () => {
  const serving: MonitorEvent = {
    type: 'APP',
    at: 1,
    group: 'app',
    host: 'prod-1',
    site: 'production',
    running: true
  };

  it('should call a false failover inherent when every watched path was lost', () => {
    const m = feedMonitor(falseFailoverMonitorMachine, input('both'));
    m.feed(
      serving,
      partition(10),
      linkDown(10),
      row(15, 'network', 'invalid'),
      row(15, 'mirror', 'invalid'),
      declared(16)
    );
    expect(m.context<{ cause: string | null }>().cause).toBe('inherent');
    expect(m.finding()!.summary).toMatch(/— inherent: no path method both watches/);
  });

  it('should call it path-delivering when a watched path still delivered', () => {
    const m = feedMonitor(falseFailoverMonitorMachine, input('both'));
    m.feed(serving, partition(10), row(15, 'network', 'invalid'), declared(16));
    expect(m.context<{ cause: string | null }>().cause).toBe('path-delivering');
    expect(m.finding()!.summary).toMatch(/the decision overruled method both/);
  });
});
