/**
 * Each monitor statechart on its own, fed synthetic observations: it stays quiet on a correct
 * history and fires (with time and evidence) on a violating one.
 */
import { createActor, type AnyActorLogic } from 'xstate';
import { createSimClock } from '../../sim';
import { convergenceMonitorMachine } from '../../monitors/convergenceMonitorMachine';
import { failoverEvidenceMonitorMachine } from '../../monitors/failoverEvidenceMonitorMachine';
import { failoverLivenessMonitorMachine } from '../../monitors/failoverLivenessMonitorMachine';
import { falseFailoverMonitorMachine } from '../../monitors/falseFailoverMonitorMachine';
import { lostWritesMonitorMachine, missingWrites } from '../../monitors/lostWritesMonitorMachine';
import type { AlertKind } from '../../model/scenario';
import type { MonitorEvent as Observation, MonitorFinding } from '../../monitors/monitorEvents';

const volumes = { production: 'prod-data', standby: 'standby-data' };

/** Start `logic` on a simulated clock; feed observations in time order (advancing the clock). */
function monitor(logic: AnyActorLogic, input: unknown) {
  const clock = createSimClock();
  const actor = createActor(logic, { clock, input } as never).start();
  return {
    feed(...observations: Observation[]) {
      for (const o of observations) {
        clock.runUntil(o.at);
        actor.send(o);
      }
    },
    advance(to: number) {
      clock.runUntil(to);
    },
    state: () => {
      const value = actor.getSnapshot().value;
      return typeof value === 'string' ? value : Object.keys(value)[0];
    },
    finding: () => (actor.getSnapshot().context as { finding: MonitorFinding | null }).finding,
    context: <C>() => actor.getSnapshot().context as C
  };
}

describe('failoverEvidenceMonitorMachine: evidence and counts', () => {
  const row = (
    at: number,
    path: 'network' | 'mirror',
    status: 'valid' | 'warning' | 'invalid'
  ): Observation => ({
    type: 'PATH',
    at,
    group: 'app',
    host: 'standby-1',
    path,
    status
  });
  const declare = (at: number): Observation => ({
    type: 'DECLARED',
    at,
    group: 'app',
    host: 'standby-1',
    verdict: 'production-failed',
    reason: 'r'
  });

  it('should accept a declaration on an invalid mirror row alone, and count it', () => {
    const m = monitor(failoverEvidenceMonitorMachine, { group: 'app' });
    m.feed(row(1, 'mirror', 'invalid'), declare(2));
    expect(m.finding()).toBeNull();
    expect(m.context<{ declarations: number }>().declarations).toBe(1);
  });

  it('should keep settled rows and faults as evidence, not warnings, and count the violating declaration', () => {
    const m = monitor(failoverEvidenceMonitorMachine, { group: 'app' });
    m.feed(
      row(1, 'network', 'warning'),
      row(2, 'network', 'valid'),
      {
        type: 'FAULT',
        at: 3,
        fault: { at: 3, action: 'cut' },
        phase: 'apply',
        operator: false
      },
      declare(4)
    );
    expect(m.finding()).toEqual({
      atMs: 4,
      summary:
        'app: standby-1 declared production failed (production-failed) with no invalid heartbeat (network valid, mirror valid)',
      evidence: [
        '0.002s standby-1 network heartbeat valid',
        '0.003s cut',
        '0.004s standby-1 declared failure (production-failed): r'
      ]
    });
    expect(m.context<{ declarations: number }>().declarations).toBe(1);
  });
});

describe('failoverEvidenceMonitorMachine', () => {
  it('should accept a declaration on an invalid row or on production asking, and fire otherwise', () => {
    const m = monitor(failoverEvidenceMonitorMachine, { group: 'app' });
    m.feed(
      { type: 'PATH', at: 5, group: 'app', host: 'standby-1', path: 'network', status: 'invalid' },
      {
        type: 'DECLARED',
        at: 6,
        group: 'app',
        host: 'standby-1',
        verdict: 'production-failed',
        reason: 'r'
      },
      {
        type: 'DECLARED',
        at: 7,
        group: 'app',
        host: 'standby-2',
        verdict: 'takeover-requested',
        reason: 'r'
      }
    );
    expect(m.finding()).toBeNull();
    m.feed(
      { type: 'PATH', at: 8, group: 'app', host: 'standby-1', path: 'network', status: 'warning' },
      {
        type: 'DECLARED',
        at: 9,
        group: 'app',
        host: 'standby-1',
        verdict: 'production-failed',
        reason: 'r'
      }
    );
    expect(m.state()).toBe('violated');
    expect(m.finding()!.summary).toMatch(/no invalid heartbeat \(network warning, mirror valid\)/);
  });
});

describe('falseFailoverMonitorMachine', () => {
  it('should find a declaration while production serves, not one after it died', () => {
    const base = { group: 'app', productionHosts: ['prod-1'] };
    const ok = monitor(falseFailoverMonitorMachine, base);
    ok.feed(
      { type: 'APP', at: 1, group: 'app', host: 'prod-1', site: 'production', running: true },
      { type: 'HOST', at: 10, group: 'app', host: 'prod-1', site: 'production', state: 'crashed' },
      {
        type: 'DECLARED',
        at: 15,
        group: 'app',
        host: 'standby-1',
        verdict: 'production-failed',
        reason: 'r'
      }
    );
    expect(ok.finding()).toBeNull();

    const m = monitor(falseFailoverMonitorMachine, base);
    m.feed(
      { type: 'APP', at: 1, group: 'app', host: 'prod-1', site: 'production', running: true },
      {
        type: 'DECLARED',
        at: 15,
        group: 'app',
        host: 'standby-1',
        verdict: 'production-failed',
        reason: 'r'
      }
    );
    expect(m.state()).toBe('falseFailover');
    expect(m.finding()).toMatchObject({ atMs: 15 });
  });

  const declare = (
    at: number,
    verdict: 'production-failed' | 'takeover-requested' = 'production-failed'
  ): Observation => ({
    type: 'DECLARED',
    at,
    group: 'app',
    host: 'standby-1',
    verdict,
    reason: 'r'
  });
  const running = (at: number, host: string, site: 'production' | 'standby'): Observation => ({
    type: 'APP',
    at,
    group: 'app',
    host,
    site,
    running: true
  });

  it('should justify a failover while the production array is down, and watch again after a failback', () => {
    const m = monitor(falseFailoverMonitorMachine, { group: 'app', productionHosts: ['prod-1'] });
    m.feed(
      running(1, 'prod-1', 'production'),
      { type: 'STORAGE', at: 5, site: 'standby', up: false },
      { type: 'STORAGE', at: 10, site: 'production', up: false },
      declare(15)
    );
    expect(m.state()).toBe('failedOver');
    m.feed(
      { type: 'STORAGE', at: 20, site: 'production', up: true },
      {
        type: 'ALERT',
        at: 25,
        group: 'app',
        alert: { atMs: 25, kind: 'replication-down', source: 'standby-1', detail: '' }
      }
    );
    expect(m.state()).toBe('failedOver');
    m.feed({
      type: 'ALERT',
      at: 30,
      group: 'app',
      alert: { atMs: 30, kind: 'failback-completed', source: 'prod-1', detail: '' }
    });
    expect(m.state()).toBe('watching');
    m.feed(declare(40));
    expect(m.state()).toBe('falseFailover');
    expect(m.context<{ declarations: number }>().declarations).toBe(2);
    expect(m.finding()!.evidence).toEqual([
      '0.001s application running on prod-1',
      '0.010s production storage failed',
      '0.015s standby-1 declared failure (production-failed): r',
      '0.020s production storage up',
      '0.040s standby-1 declared failure (production-failed): r'
    ]);
  });

  it('should justify a failover from a hung production host, whatever the standby site does', () => {
    const m = monitor(falseFailoverMonitorMachine, { group: 'app', productionHosts: ['prod-1'] });
    m.feed(
      running(1, 'prod-1', 'production'),
      { type: 'HOST', at: 5, group: 'app', host: 'prod-1', site: 'production', state: 'hung' },
      { type: 'HOST', at: 6, group: 'app', host: 'standby-1', site: 'standby', state: 'up' },
      running(7, 'standby-1', 'standby'),
      declare(15)
    );
    expect(m.state()).toBe('failedOver');
    const standbyOnly = monitor(falseFailoverMonitorMachine, {
      group: 'app',
      productionHosts: ['prod-1']
    });
    standbyOnly.feed(running(7, 'standby-1', 'standby'), declare(15));
    expect(standbyOnly.state()).toBe('failedOver');
  });

  it('should never judge production asking for the takeover itself', () => {
    const m = monitor(falseFailoverMonitorMachine, { group: 'app', productionHosts: ['prod-1'] });
    m.feed(running(1, 'prod-1', 'production'), declare(15, 'takeover-requested'));
    expect(m.state()).toBe('failedOver');
    expect(m.finding()).toBeNull();
  });

  it('should name the hosts that could serve and judge the paths by the configured method and losses', () => {
    const m = monitor(falseFailoverMonitorMachine, {
      group: 'app',
      productionHosts: ['prod-1', 'prod-2', 'prod-3'],
      heartbeatVolumes: ['prod-hb', 'standby-hb'],
      method: 'mirror',
      networkLoss: 1,
      linkLoss: 0
    });
    m.feed(
      running(1, 'prod-1', 'production'),
      running(1, 'prod-3', 'production'),
      {
        type: 'FAULT',
        at: 2,
        fault: { at: 2, action: 'io-error', target: 'prod-hb' },
        phase: 'apply',
        operator: false
      },
      declare(15)
    );
    expect(m.finding()!.summary).toBe(
      'app: failover declared by standby-1 while production could serve (prod-1, prod-3 up with the application running, production array up) — inherent: no path method mirror watches was both valid and delivering (mirror valid, not delivering (I/O errors on prod-hb))'
    );
    const lossy = monitor(falseFailoverMonitorMachine, {
      group: 'app',
      productionHosts: ['prod-1'],
      networkLoss: 1,
      linkLoss: 1
    });
    lossy.feed(running(1, 'prod-1', 'production'), declare(15));
    expect(lossy.finding()!.summary).toMatch(
      /— inherent: no path method both watches was both valid and delivering \(network valid, not delivering \(network drops every packet\); mirror valid, not delivering \(remote link down\)\)$/
    );
  });
});

describe('failoverLivenessMonitorMachine', () => {
  const input = {
    group: 'app',
    productionHosts: ['prod-1'],
    standbyHosts: ['standby-1'],
    bound: 8000
  };
  const crash: Observation = {
    type: 'HOST',
    at: 10_000,
    group: 'app',
    host: 'prod-1',
    site: 'production',
    state: 'crashed'
  };

  it('should leave its hot state on a declaration within the bound', () => {
    const m = monitor(failoverLivenessMonitorMachine, input);
    m.feed(crash);
    expect(m.state()).toBe('failing');
    m.feed({
      type: 'DECLARED',
      at: 15_000,
      group: 'app',
      host: 'standby-1',
      verdict: 'production-failed',
      reason: ''
    });
    m.advance(60_000);
    expect(m.state()).toBe('handedOver');
    expect(m.finding()).toBeNull();
  });

  it('should cool down when production comes back, and wait while the standby cannot watch', () => {
    const m = monitor(failoverLivenessMonitorMachine, input);
    m.feed(crash, {
      type: 'HOST',
      at: 12_000,
      group: 'app',
      host: 'prod-1',
      site: 'production',
      state: 'up'
    });
    expect(m.state()).toBe('watching');
    m.feed({ type: 'STORAGE', at: 20_000, site: 'standby', up: false }, { ...crash, at: 21_000 });
    m.advance(40_000);
    expect(m.state()).toBe('watching');
    m.feed({ type: 'STORAGE', at: 40_000, site: 'standby', up: true });
    expect(m.state()).toBe('failing');
  });

  it('should fire when still hot after the bound, with the degradation allowance', () => {
    const m = monitor(failoverLivenessMonitorMachine, input);
    m.feed(
      {
        type: 'FAULT',
        at: 5_000,
        phase: 'apply',
        operator: false,
        fault: { at: 5_000, action: 'degrade', target: 'network', latency: 500 }
      },
      crash
    );
    m.advance(18_499);
    expect(m.state()).toBe('failing');
    m.advance(18_500);
    expect(m.state()).toBe('violated');
    expect(m.finding()).toMatchObject({ atMs: 18_500 });
    expect(m.finding()!.summary).toMatch(/neither declared a failure nor asked the operator/);
  });

  it('should widen the bound in force by a degradation that begins while hot', () => {
    // Found by explore (several-groups): an I/O error on the standby's heartbeat volume that
    // began just after a production disaster delayed the mirror verdict by its length.
    const m = monitor(failoverLivenessMonitorMachine, input);
    m.feed(crash, {
      type: 'FAULT',
      at: 10_200,
      phase: 'apply',
      operator: false,
      fault: { at: 10_200, action: 'io-error', target: 'standby-hb', for: 3000 }
    });
    m.advance(20_999);
    expect(m.state()).toBe('failing');
    m.advance(21_000);
    expect(m.state()).toBe('violated');
    expect(m.finding()).toMatchObject({ atMs: 21_000 });
    expect(m.finding()!.summary).toMatch(/from 10\.000s .* by 21\.000s \(bound 11\.000s\)/);
  });

  it("should allow an operator's method change while hot the length of its handshake", () => {
    // Found by explore (link-cut-mirror-method): a switch to network during detection held the
    // verdict until the dead production failed to acknowledge it, 3 × 1003 ms.
    const m = monitor(failoverLivenessMonitorMachine, { ...input, methodChange: 3009 });
    m.feed(crash, {
      type: 'FAULT',
      at: 15_000,
      phase: 'apply',
      operator: true,
      fault: { at: 15_000, action: 'set-method', method: 'network' }
    });
    m.advance(21_008);
    expect(m.state()).toBe('failing');
    m.advance(21_009);
    expect(m.state()).toBe('violated');
  });

  it('should start the bound again when a standby member is lost while hot', () => {
    const m = monitor(failoverLivenessMonitorMachine, {
      ...input,
      standbyHosts: ['standby-1', 'standby-2']
    });
    m.feed(crash, {
      type: 'HOST',
      at: 13_000,
      group: 'app',
      host: 'standby-1',
      site: 'standby',
      state: 'hung'
    });
    m.advance(20_999);
    expect(m.state()).toBe('failing');
    m.advance(21_000);
    expect(m.state()).toBe('violated');
    expect(m.finding()).toMatchObject({ atMs: 21_000 });
  });

  it('should not start the bound again for a standby member that comes up, or a production host', () => {
    const m = monitor(failoverLivenessMonitorMachine, {
      ...input,
      productionHosts: ['prod-1', 'prod-2'],
      standbyHosts: ['standby-1', 'standby-2']
    });
    const hostAt = (at: number, host: string, state: 'up' | 'crashed'): Observation => ({
      type: 'HOST',
      at,
      group: 'app',
      host,
      site: host.startsWith('prod') ? 'production' : 'standby',
      state
    });
    // One production host of two is down: production still serves.
    m.feed(hostAt(5000, 'prod-2', 'crashed'));
    expect(m.state()).toBe('watching');
    m.feed(crash, hostAt(12_000, 'standby-2', 'up'));
    m.advance(18_000);
    expect(m.finding()).toEqual({
      atMs: 18_000,
      summary:
        'app: production could not serve from 10.000s and the standby neither declared a failure nor asked the operator by 18.000s (bound 8.000s)',
      evidence: [
        '5.000s prod-2 (production) is crashed',
        '10.000s prod-1 (production) is crashed',
        '12.000s standby-2 (standby) is up'
      ]
    });
  });

  it('should take a failed production array as production down', () => {
    const m = monitor(failoverLivenessMonitorMachine, input);
    m.feed({ type: 'STORAGE', at: 10_000, site: 'production', up: false });
    expect(m.state()).toBe('failing');
    m.feed({ type: 'STORAGE', at: 12_000, site: 'production', up: true });
    expect(m.state()).toBe('watching');
  });

  it('should await the operator only on an operator alert, and count each reaction', () => {
    const m = monitor(failoverLivenessMonitorMachine, input);
    const alert = (at: number, kind: AlertKind): Observation => ({
      type: 'ALERT',
      at,
      group: 'app',
      alert: { atMs: at, source: 'standby-1', kind, detail: '' }
    });
    m.feed(crash, alert(12_000, 'replication-down'));
    expect(m.state()).toBe('failing');
    m.feed(alert(13_000, 'operator-decision-required'));
    expect(m.state()).toBe('awaitingOperator');
    m.feed(
      {
        type: 'PATH',
        at: 14_000,
        group: 'app',
        host: 'standby-1',
        path: 'mirror',
        status: 'invalid'
      },
      { type: 'VERDICT', at: 15_000, group: 'app', host: 'standby-1', verdict: 'suspect' }
    );
    expect(m.state()).toBe('awaitingOperator');
    m.feed({ type: 'VERDICT', at: 16_000, group: 'app', host: 'standby-1', verdict: 'running' });
    expect(m.state()).toBe('failing');
    m.feed({
      type: 'DECLARED',
      at: 17_000,
      group: 'app',
      host: 'standby-1',
      verdict: 'production-failed',
      reason: 'r'
    });
    expect(m.state()).toBe('handedOver');
    expect(m.context<{ reactions: number }>().reactions).toBe(2);
    m.feed(alert(30_000, 'operator-decision-required'));
    expect(m.state()).toBe('handedOver');
    m.feed(alert(40_000, 'failback-completed'));
    // Production is still down after the failback: hot again.
    expect(m.state()).toBe('failing');
  });

  it('should cool down on an operator alert and stay cold until a heartbeat is back', () => {
    const m = monitor(failoverLivenessMonitorMachine, input);
    m.feed(crash, {
      type: 'ALERT',
      at: 14_000,
      group: 'app',
      alert: { atMs: 14_000, source: 'standby-1', kind: 'operator-decision-required', detail: '' }
    } as Observation);
    expect(m.state()).toBe('awaitingOperator');
    m.feed({
      type: 'VERDICT',
      at: 15_000,
      group: 'app',
      host: 'standby-1',
      verdict: 'replication-down'
    });
    m.advance(40_000);
    expect(m.state()).toBe('awaitingOperator');
    m.feed({
      type: 'PATH',
      at: 41_000,
      group: 'app',
      host: 'standby-1',
      path: 'network',
      status: 'valid'
    });
    expect(m.state()).toBe('failing');
  });

  // The heartbeat pair back in PAIR while production is down and the standby has not reacted:
  // the standby judges its mirror afresh (a whole timeout from then), so the bound in force runs
  // again from that instant (explore --max-faults 5, seed 450873749: declared 25 ms past the old
  // bound after a resync 2.1 s into a production crash).
  const pair = (
    at: number,
    which: 'heartbeat' | 'data',
    from: 'COPY' | 'PSUE',
    to: 'PAIR' | 'COPY'
  ) => ({ type: 'PAIR', at, group: 'app', pair: which, from, to }) as Observation;
  const declared = (at: number): Observation => ({
    type: 'DECLARED',
    at,
    group: 'app',
    host: 'standby-1',
    verdict: 'production-failed',
    reason: ''
  });

  describe('a resync during detection', () => {
    it('should run the bound again from the heartbeat pair back in PAIR', () => {
      const m = monitor(failoverLivenessMonitorMachine, input);
      m.feed(
        crash,
        pair(12_000, 'heartbeat', 'PSUE', 'COPY'),
        pair(12_100, 'heartbeat', 'COPY', 'PAIR')
      );
      // 18 s (the old bound's end) passes; 20.1 s (the bound from the resync) is not reached yet.
      m.feed(declared(19_900));
      expect(m.state()).toBe('handedOver');
      expect(m.finding()).toBeNull();
    });

    it('should still find a standby that says nothing within the bound from the resync', () => {
      const m = monitor(failoverLivenessMonitorMachine, input);
      m.feed(crash, pair(12_100, 'heartbeat', 'COPY', 'PAIR'));
      m.feed(declared(20_101));
      expect(m.state()).toBe('violated');
      expect(m.finding()?.atMs).toBe(20_100);
    });

    it('should not move the bound for the data pair, or for a resync before the failure', () => {
      const data = monitor(failoverLivenessMonitorMachine, input);
      data.feed(crash, pair(12_100, 'data', 'COPY', 'PAIR'), declared(18_001));
      expect(data.state()).toBe('violated');
      expect(data.finding()?.atMs).toBe(18_000);
      const before = monitor(failoverLivenessMonitorMachine, input);
      before.feed(pair(9_000, 'heartbeat', 'COPY', 'PAIR'), crash, declared(18_001));
      expect(before.finding()?.atMs).toBe(18_000);
    });
  });
});

describe('lostWritesMonitorMachine', () => {
  const takeover = (acknowledged: Record<string, number>, copied: Record<string, number>) =>
    ({
      type: 'TAKEOVER',
      at: 30_000,
      group: 'app',
      result: 'svol-takeover',
      detail: '',
      from: 'prod-data',
      to: 'standby-data',
      writes: { acknowledged, copied }
    }) as Observation;

  it('should fire on acknowledged writes missing at the takeover when zero loss is promised', () => {
    const m = monitor(lostWritesMonitorMachine, { group: 'app', volumes, zeroLoss: true });
    m.feed(takeover({ 'prod-1': 120 }, { 'prod-1': 117 }));
    expect(m.state()).toBe('violated');
    expect(m.finding()!.summary).toMatch(/3 write\(s\) acknowledged/);
  });

  it('should only count when zero loss is not promised, and pass a lossless takeover', () => {
    const async = monitor(lostWritesMonitorMachine, { group: 'app', volumes, zeroLoss: false });
    async.feed(takeover({ 'prod-1': 120 }, { 'prod-1': 117 }));
    expect(async.state()).toBe('takenOver');
    expect(async.finding()).toBeNull();
    const sync = monitor(lostWritesMonitorMachine, { group: 'app', volumes, zeroLoss: true });
    sync.feed(takeover({ 'prod-1': 120 }, { 'prod-1': 120 }));
    expect(sync.state()).toBe('takenOver');
  });

  it('should count per writer only the writes acknowledged beyond the copied ones', () => {
    expect(
      missingWrites({
        acknowledged: { 'prod-1': 5, 'prod-2': 3, 'prod-3': 2 },
        copied: { 'prod-1': 5, 'prod-2': 4 }
      })
    ).toEqual({ 'prod-3': 2 });
  });

  it('should name each writer that lost writes, and the count, in the finding', () => {
    const m = monitor(lostWritesMonitorMachine, { group: 'app', volumes, zeroLoss: true });
    m.feed(takeover({ 'prod-1': 120, 'prod-2': 1, 'prod-3': 9 }, { 'prod-1': 117, 'prod-3': 9 }));
    expect(m.finding()!.summary).toBe(
      'app: 4 write(s) acknowledged at prod-data are missing from standby-data at the takeover (prod-1 acknowledged up to #120, copied up to #117; prod-2 acknowledged up to #1, copied up to #0)'
    );
    expect(m.context<{ lost: number }>().lost).toBe(4);
  });

  it('should keep the count of a takeover that was not promised zero loss', () => {
    const m = monitor(lostWritesMonitorMachine, { group: 'app', volumes, zeroLoss: false });
    expect(m.context<{ lost: number | null }>().lost).toBeNull();
    m.feed(takeover({ 'prod-1': 120 }, { 'prod-1': 117 }));
    expect(m.context<{ lost: number }>().lost).toBe(3);
  });

  it('should note a refused takeover, pair changes and faults as evidence and go on replicating', () => {
    const m = monitor(lostWritesMonitorMachine, { group: 'app', volumes, zeroLoss: true });
    m.feed(
      { type: 'PAIR', at: 1000, group: 'app', pair: 'data', from: 'PAIR', to: 'PSUE' },
      {
        type: 'FAULT',
        at: 2000,
        fault: { at: 2000, action: 'cut' },
        phase: 'apply',
        operator: false
      },
      {
        type: 'TAKEOVER',
        at: 3000,
        group: 'app',
        result: 'refused',
        detail: 'pair still PAIR',
        from: null,
        to: null,
        writes: { acknowledged: { 'prod-1': 9 }, copied: {} }
      }
    );
    expect(m.state()).toBe('replicating');
    expect(m.context<{ lost: number | null; evidence: string[] }>()).toMatchObject({
      lost: null,
      evidence: [
        '1.000s data pair PAIR → PSUE',
        '2.000s cut',
        '3.000s data pair takeover: refused (pair still PAIR)'
      ]
    });
  });
});

describe('convergenceMonitorMachine', () => {
  const input = {
    group: 'app',
    productionHosts: ['prod-1'],
    standbyHosts: ['standby-1'],
    bound: 10_000
  };

  it('should converge when exactly one site serves after the heal', () => {
    const m = monitor(convergenceMonitorMachine, input);
    m.feed(
      { type: 'APP', at: 1_000, group: 'app', host: 'prod-1', site: 'production', running: true },
      { type: 'HEALED', at: 50_000 }
    );
    expect(m.state()).toBe('converged');
  });

  it('should fire when no site serves, or both do, for longer than the bound', () => {
    const none = monitor(convergenceMonitorMachine, input);
    none.feed({ type: 'HEALED', at: 50_000 });
    none.advance(59_999);
    expect(none.state()).toBe('converging');
    none.advance(60_000);
    expect(none.state()).toBe('violated');
    expect(none.finding()!.summary).toMatch(/no site runs the application/);

    const both = monitor(convergenceMonitorMachine, input);
    both.feed(
      { type: 'APP', at: 1_000, group: 'app', host: 'prod-1', site: 'production', running: true },
      { type: 'HEALED', at: 50_000 },
      { type: 'APP', at: 52_000, group: 'app', host: 'standby-1', site: 'standby', running: true }
    );
    both.advance(70_000);
    expect(both.state()).toBe('violated');
    expect(both.finding()!.summary).toMatch(/both sites run the application/);
  });

  it('should time and word its finding from when it became hot, with the evidence', () => {
    const m = monitor(convergenceMonitorMachine, input);
    m.feed(
      { type: 'APP', at: 1_000, group: 'app', host: 'prod-1', site: 'production', running: true },
      { type: 'HEALED', at: 50_000 },
      { type: 'HOST', at: 55_000, group: 'app', host: 'prod-1', site: 'production', state: 'hung' },
      {
        type: 'FAULT',
        at: 57_000,
        fault: { at: 57_000, action: 'cut' },
        phase: 'apply',
        operator: false
      }
    );
    expect(m.state()).toBe('converging');
    m.advance(65_000);
    expect(m.finding()).toEqual({
      atMs: 65_000,
      summary:
        'app: the world was whole again at 50.000s but no site runs the application from 55.000s to 65.000s (bound 10.000s)',
      evidence: [
        '1.000s application running on prod-1',
        '50.000s every fault is over: the world is whole again',
        '55.000s prod-1 (production) is hung',
        '57.000s cut'
      ]
    });
  });

  it('should count a site as serving while any of its hosts is up with the application running', () => {
    const m = monitor(convergenceMonitorMachine, {
      ...input,
      standbyHosts: ['standby-1', 'standby-2']
    });
    m.feed(
      { type: 'APP', at: 1_000, group: 'app', host: 'standby-1', site: 'standby', running: true },
      {
        type: 'HOST',
        at: 2_000,
        group: 'app',
        host: 'standby-2',
        site: 'standby',
        state: 'crashed'
      },
      { type: 'HEALED', at: 50_000 }
    );
    expect(m.state()).toBe('converged');
    m.feed({
      type: 'HOST',
      at: 51_000,
      group: 'app',
      host: 'standby-1',
      site: 'standby',
      state: 'crashed'
    });
    expect(m.state()).toBe('converging');
  });
});
