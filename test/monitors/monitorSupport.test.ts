/**
 * The monitors' shared helpers (monitors/monitorSupport.ts): one evidence line per observation,
 * faults in words, the bounded evidence log, findings, and the volumes with an I/O error in force.
 */
import type { FaultEntry } from '../../model/scenario';
import { EVIDENCE_LINES, type MonitorEvent } from '../../monitors/monitorEvents';
import {
  describeFault,
  describeObservation,
  finding,
  remember,
  withIoError
} from '../../monitors/monitorSupport';

const writes = { acknowledged: {}, copied: {} };

const lines: Array<[MonitorEvent, string]> = [
  [
    { type: 'HOST', at: 1500, group: 'app', host: 'prod-1', site: 'production', state: 'hung' },
    '1.500s prod-1 (production) is hung'
  ],
  [{ type: 'STORAGE', at: 0, site: 'standby', up: false }, '0.000s standby storage failed'],
  [{ type: 'STORAGE', at: 0, site: 'standby', up: true }, '0.000s standby storage up'],
  [
    { type: 'APP', at: 2, group: 'app', host: 'standby-1', site: 'standby', running: true },
    '0.002s application running on standby-1'
  ],
  [
    { type: 'APP', at: 2, group: 'app', host: 'prod-1', site: 'production', running: false },
    '0.002s application not running on prod-1'
  ],
  [
    {
      type: 'PATH',
      at: 3000,
      group: 'app',
      host: 'standby-1',
      path: 'mirror',
      status: 'invalid'
    },
    '3.000s standby-1 mirror heartbeat invalid'
  ],
  [
    { type: 'VERDICT', at: 3000, group: 'app', host: 'standby-1', verdict: 'suspect' },
    '3.000s standby-1 decision: suspect'
  ],
  [
    {
      type: 'DECLARED',
      at: 3000,
      group: 'app',
      host: 'standby-1',
      verdict: 'production-failed',
      reason: 'both lost'
    },
    '3.000s standby-1 declared failure (production-failed): both lost'
  ],
  [
    {
      type: 'ALERT',
      at: 10,
      group: null,
      alert: { atMs: 10, kind: 'replication-down', source: 'standby-1', detail: 'x' }
    },
    '0.010s alert replication-down from standby-1'
  ],
  [
    {
      type: 'APP_WRITE_ACK',
      at: 10,
      group: 'app',
      site: 'production',
      volume: 'prod-data',
      writer: 'prod-1',
      writeSeq: 7
    },
    '0.010s write prod-1#7 acknowledged at prod-data'
  ],
  [
    {
      type: 'APP_WRITE_FAILED',
      at: 10,
      group: 'app',
      site: 'production',
      volume: 'prod-data',
      writer: 'prod-1',
      error: 'fenced'
    },
    '0.010s write by prod-1 failed at prod-data (fenced)'
  ],
  [
    { type: 'FAILOVER_COMPLETED', at: 10, group: 'app', host: 'standby-1', takeover: 'swap' },
    '0.010s standby-1 failover completed (swap)'
  ],
  [
    { type: 'FAILOVER_REFUSED', at: 10, group: 'app', host: 'standby-1', detail: 'no quorum' },
    '0.010s standby-1 failover refused: no quorum'
  ],
  [{ type: 'LINK', at: 10, state: 'down' }, '0.010s remote link down'],
  [
    { type: 'NETWORK', at: 10, mode: 'degraded', partition: 'none' },
    '0.010s network degraded, partition none'
  ],
  [{ type: 'TIMELINE_OVER', at: 10 }, '0.010s every timeline entry is over'],
  [
    {
      type: 'TAKEOVER',
      at: 10,
      group: 'app',
      result: 'refused',
      detail: 'link up',
      from: null,
      to: null,
      writes
    },
    '0.010s data pair takeover: refused (link up)'
  ],
  [
    { type: 'PAIR', at: 10, group: 'app', pair: 'heartbeat', from: 'PAIR', to: 'PSUE' },
    '0.010s heartbeat pair PAIR → PSUE'
  ],
  [
    {
      type: 'VOLUME_WRITE',
      at: 10,
      group: 'app',
      volume: 'prod-data',
      block: 3,
      writer: 'prod-1',
      writeSeq: 4,
      origin: 'host'
    },
    '0.010s write prod-1#4 landed on prod-data block 3'
  ],
  [
    {
      type: 'VOLUME_WRITE',
      at: 10,
      group: 'app',
      volume: 'standby-data',
      block: 3,
      writer: 'prod-1',
      writeSeq: 4,
      origin: 'copy'
    },
    '0.010s copy of prod-1#4 landed on standby-data block 3'
  ],
  [
    {
      type: 'FAULT',
      at: 10,
      fault: { at: 10, action: 'cut' },
      phase: 'apply',
      operator: false
    },
    '0.010s cut'
  ],
  [
    {
      type: 'FAULT',
      at: 10,
      fault: { at: 10, action: 'cut' },
      phase: 'revert',
      operator: false
    },
    '0.010s end of cut'
  ],
  [{ type: 'HEALED', at: 10 }, '0.010s every fault is over: the world is whole again'],
  [{ type: 'END', at: 10 }, '0.010s end of run']
];

describe('describeObservation', () => {
  it.each(lines.map(([o, line]) => [o.type, o, line] as const))(
    'should describe %s as one line',
    (_type, o, line) => {
      expect(describeObservation(o)).toBe(line);
    }
  );
});

describe('describeFault', () => {
  it('should give the action alone when it has no option', () => {
    expect(describeFault({ at: 0, action: 'disaster' })).toBe('disaster');
  });

  it('should give the target, a one-way direction and every option, in order', () => {
    const fault: FaultEntry = {
      at: 0,
      action: 'degrade',
      target: 'remote-link',
      direction: 'prod-to-standby',
      latency: 100,
      jitter: 5,
      loss: 0.3,
      for: 10_000
    };
    expect(describeFault(fault)).toBe(
      'degrade remote-link (prod-to-standby) latency 100ms jitter 5ms loss 0.3 for 10s'
    );
  });

  it('should leave out a two-way direction, and give a method and a clock offset', () => {
    expect(describeFault({ at: 0, action: 'partition', direction: 'both' })).toBe('partition');
    expect(describeFault({ at: 0, action: 'set-method', method: 'mirror' })).toBe(
      'set-method → mirror'
    );
    expect(describeFault({ at: 0, action: 'skew', target: 'standby-1', offset: 3000 })).toBe(
      'skew standby-1 by 3s'
    );
    expect(describeFault({ at: 0, action: 'degrade', loss: 0, jitter: 0, for: 0 })).toBe(
      'degrade jitter 0ms loss 0 for 0ms'
    );
  });
});

describe('remember', () => {
  const line = (at: number): MonitorEvent => ({ type: 'LINK', at, state: 'up' });

  it('should append a line without touching the log it was given', () => {
    const log = ['0.000s earlier'];
    expect(remember(log, line(1000))).toEqual(['0.000s earlier', '1.000s remote link up']);
    expect(log).toEqual(['0.000s earlier']);
  });

  it('should keep only the last EVIDENCE_LINES lines', () => {
    let log: string[] = [];
    for (let i = 0; i < EVIDENCE_LINES; i++) log = remember(log, line(i * 1000));
    expect(log).toHaveLength(EVIDENCE_LINES);
    expect(log[0]).toBe('0.000s remote link up');
    const full = log;
    log = remember(full, line(99_000));
    expect(log).toHaveLength(EVIDENCE_LINES);
    expect(log[0]).toBe('1.000s remote link up');
    expect(log[EVIDENCE_LINES - 1]).toBe('99.000s remote link up');
    expect(full).toHaveLength(EVIDENCE_LINES);
    expect(full[0]).toBe('0.000s remote link up');
  });
});

describe('finding', () => {
  it('should hold a copy of the evidence, not the live log', () => {
    const evidence = ['a'];
    const f = finding(5, 'violated', evidence);
    evidence.push('b');
    expect(f).toEqual({ atMs: 5, summary: 'violated', evidence: ['a'] });
  });
});

describe('withIoError', () => {
  it('should add a volume once on apply and remove it on revert, keeping the others', () => {
    expect(withIoError(['a', 'b'], 'b', 'apply')).toEqual(['a', 'b']);
    expect(withIoError(['a'], 'b', 'apply')).toEqual(['a', 'b']);
    expect(withIoError(['a', 'b'], 'a', 'revert')).toEqual(['b']);
    expect(withIoError([], 'a', 'revert')).toEqual([]);
  });
});
