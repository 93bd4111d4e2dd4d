/**
 * The data-physics ledger on its own (monitors/dataPhysics.ts): the longest trip over the link,
 * the ledger at the start, copies after an array failure, link degradations, the data pair's
 * states and roles, takeovers and the lost writes they count.
 */
import type { Observation } from '../../model/observation';
import type { CopyMode } from '../../model/storageTypes';
import { createLedger, linkDelayBound, observePhysics } from '../../monitors/dataPhysics';
import { pair } from './landings';

const volumes = { production: 'prod-data', standby: 'standby-data' };
const ledger = (mode: CopyMode = 'sync', link = { latency: 10, jitter: 0, loss: 0 }) =>
  createLedger({ group: 'app', mode, volumes, link });

const write = (
  at: number,
  volume: string,
  seq: number,
  origin: 'host' | 'copy' = 'host',
  writer = 'w'
): Observation => ({
  type: 'VOLUME_WRITE',
  at,
  group: 'app',
  volume,
  block: 0,
  writer,
  writeSeq: seq,
  origin
});
const takeover = (
  at: number,
  result: 'swap-takeover' | 'svol-takeover',
  from: string | null,
  to: string | null,
  acknowledged: number,
  copied: number
): Observation => ({
  type: 'TAKEOVER',
  at,
  group: 'app',
  result,
  detail: '',
  from,
  to,
  writes: { acknowledged: { w: acknowledged }, copied: { w: copied } }
});
const storage = (at: number, site: 'production' | 'standby', up: boolean): Observation => ({
  type: 'STORAGE',
  at,
  site,
  up
});
const degrade = (
  f: { latency?: number; jitter?: number; loss?: number; target?: string },
  phase: 'apply' | 'revert' = 'apply'
): Observation => ({
  type: 'FAULT',
  at: 1,
  fault: { at: 1, action: 'degrade', target: 'remote-link', ...f },
  phase,
  operator: false
});
const run = (l: ReturnType<typeof ledger>, ...os: Observation[]) =>
  os.map((o) => observePhysics(l, o)).filter((v) => v !== null);

describe('linkDelayBound', () => {
  it('should add latency and jitter, and eight retransmissions when the link loses packets', () => {
    expect(linkDelayBound(2, 0.5, 0)).toBe(2.5);
    expect(linkDelayBound(2, 0.5, 0.1)).toBe(2.5 + 8 * (2 * 2 + 10));
  });
});

describe('createLedger', () => {
  it('should start with both volumes alike, the pair mirroring, the link up', () => {
    expect(ledger()).toEqual({
      group: 'app',
      mode: 'sync',
      volumes: ['prod-data', 'standby-data'],
      pvol: 'prod-data',
      pairState: 'PAIR',
      link: 'up',
      high: { 'prod-data': new Map(), 'standby-data': new Map() },
      pending: { 'prod-data': [], 'standby-data': [] },
      head: { 'prod-data': 0, 'standby-data': 0 },
      lost: 0,
      downSince: { production: null, standby: null },
      maxDelay: 10
    });
    expect(createLedger({ group: 'app', mode: 'sync', volumes }).maxDelay).toBe(0);
  });
});

describe('observePhysics', () => {
  it('should accept a copy sent before the P-VOL array failed only within the longest trip', () => {
    const l = ledger();
    expect(run(l, storage(100, 'production', false), storage(105, 'production', false))).toEqual(
      []
    );
    expect(run(l, write(110, 'standby-data', 1, 'copy'))).toEqual([]);
    expect(run(l, write(111, 'standby-data', 2, 'copy'))).toEqual([
      {
        rule: 'copy',
        summary:
          'app: a copy of w#2 landed on standby-data 0.011s after the production array (holding the P-VOL prod-data) failed, longer than any trip over the link (0.010s)'
      }
    ]);
    const back = ledger();
    expect(
      run(
        back,
        storage(100, 'production', false),
        storage(150, 'production', true),
        write(500, 'standby-data', 1, 'copy')
      )
    ).toEqual([]);
  });

  it('should judge a copy by the array of the current P-VOL after a swap', () => {
    const l = ledger();
    expect(
      run(
        l,
        takeover(50, 'swap-takeover', 'prod-data', 'standby-data', 0, 0),
        storage(100, 'production', false),
        write(200, 'prod-data', 1, 'copy')
      )
    ).toEqual([]);
  });

  it('should widen the longest trip while the link is degraded, never narrow it', () => {
    const l = ledger();
    run(l, degrade({ latency: 100 }));
    expect(l.maxDelay).toBe(100);
    run(
      l,
      degrade({ latency: 5 }),
      degrade({ latency: 500 }, 'revert'),
      degrade({ latency: 900, target: 'network' })
    );
    expect(l.maxDelay).toBe(100);
    run(l, degrade({ loss: 0.5 }));
    expect(l.maxDelay).toBe(100);
    run(l, degrade({ latency: 100, jitter: 5, loss: 0.5 }));
    expect(l.maxDelay).toBe(105 + 8 * 210);
    const lossOnly = ledger();
    run(lossOnly, degrade({ loss: 0.5 }));
    expect(lossOnly.maxDelay).toBe(80);
    const jitterOnly = ledger();
    run(jitterOnly, degrade({ jitter: 30 }));
    expect(jitterOnly.maxDelay).toBe(30);
  });

  it("should ignore writes on volumes that are not the group's and the heartbeat pair", () => {
    const l = ledger();
    expect(run(l, write(1, 'other-data', 1, 'copy'))).toEqual([]);
    expect(
      run(l, { type: 'PAIR', at: 2, group: 'app', pair: 'heartbeat', from: 'PAIR', to: 'PSUE' })
    ).toEqual([]);
    expect(l.pairState).toBe('PAIR');
  });

  it('should take the P-VOL a pair change names, when it is one of the group volumes', () => {
    const l = ledger();
    run(l, pair(1, 'PAIR', 'PSUS', 'nowhere'));
    expect(l.pvol).toBe('prod-data');
    run(l, pair(2, 'PSUS', 'PAIR'));
    expect(l.pvol).toBe('prod-data');
    run(l, pair(3, 'PAIR', 'PAIR', 'standby-data'));
    expect(l.pvol).toBe('standby-data');
  });

  it('should make the S-VOL hold what the P-VOL holds after a full copy only', () => {
    const l = ledger('async');
    run(l, write(1, 'prod-data', 1), write(2, 'prod-data', 2), pair(3, 'PAIR', 'PSUS'));
    run(l, pair(4, 'PSUS', 'PAIR'));
    expect(l.high['standby-data'].get('w')).toBeUndefined();
    run(l, pair(5, 'PAIR', 'COPY'), pair(6, 'COPY', 'PAIR'));
    expect(l.high['standby-data'].get('w')).toBe(2);
    expect([l.pending['prod-data'], l.head['prod-data']]).toEqual([[], 0]);
  });

  it('should allow host writes on the S-VOL of a simplex pair, and refuse them on a paired async one', () => {
    expect(run(ledger(), pair(1, 'PAIR', 'SMPL'), write(2, 'standby-data', 1))).toEqual([]);
    expect(run(ledger('async'), write(2, 'standby-data', 1))).toEqual([
      {
        rule: 'svol-write',
        summary:
          'app: the S-VOL standby-data accepted a host write (w#1) while the data pair was PAIR'
      }
    ]);
  });

  it('should keep the highest sequence a volume holds', () => {
    const l = ledger();
    run(l, write(1, 'prod-data', 5), write(2, 'prod-data', 3));
    expect(l.high['prod-data'].get('w')).toBe(5);
  });

  it('should want each async copy to be the oldest P-VOL write the S-VOL lacks', () => {
    expect(run(ledger('async'), write(1, 'standby-data', 1, 'copy'))).toEqual([
      {
        rule: 'copy',
        summary:
          'app: a copy of w#1 landed on standby-data out of order: the S-VOL lacked nothing (every P-VOL write is there) first (async copy keeps an in-order prefix)'
      }
    ]);
    const l = ledger('async');
    expect(
      run(l, write(1, 'prod-data', 1, 'host', 'a'), write(2, 'standby-data', 1, 'copy', 'b'))
    ).toEqual([
      {
        rule: 'copy',
        summary:
          'app: a copy of b#1 landed on standby-data out of order: the S-VOL lacked a#1 first (async copy keeps an in-order prefix)'
      }
    ]);
  });

  it('should refuse a sync copy the S-VOL already holds', () => {
    const l = ledger();
    expect(
      run(l, write(1, 'standby-data', 1, 'copy'), write(2, 'standby-data', 1, 'copy'))
    ).toEqual([
      {
        rule: 'copy',
        summary: 'app: a copy of w#1 landed on standby-data out of order (it already held w#1)'
      }
    ]);
  });

  it('should not count as lost a write whose copy reached the S-VOL after it landed', () => {
    const l = ledger();
    expect(
      run(
        l,
        write(1, 'prod-data', 1),
        write(2, 'standby-data', 1, 'copy'),
        takeover(3, 'svol-takeover', 'prod-data', 'standby-data', 1, 1)
      )
    ).toEqual([]);
    expect(l.lost).toBe(0);
  });

  it('should count writes of the new P-VOL after a swap as lost at the swap back', () => {
    const l = ledger();
    expect(
      run(
        l,
        takeover(1, 'swap-takeover', 'prod-data', 'standby-data', 0, 0),
        write(2, 'standby-data', 1),
        takeover(3, 'swap-takeover', 'standby-data', 'prod-data', 1, 0)
      )
    ).toEqual([]);
    expect([l.lost, l.pvol]).toEqual([1, 'prod-data']);
  });

  it('should keep the P-VOL at an SVOL-takeover, and ignore a takeover without both volumes', () => {
    const l = ledger();
    run(l, takeover(1, 'svol-takeover', 'prod-data', 'standby-data', 0, 0));
    expect(l.pvol).toBe('prod-data');
    run(l, write(2, 'prod-data', 1));
    for (const [from, to] of [
      [null, 'standby-data'],
      ['prod-data', null],
      ['nowhere', 'standby-data'],
      ['prod-data', 'nowhere']
    ] as const) {
      expect(run(l, takeover(3, 'swap-takeover', from, to, 0, 0))).toEqual([]);
    }
    expect([l.lost, l.pvol, l.pending['prod-data']]).toEqual([0, 'prod-data', [['w', 1]]]);
  });
});
