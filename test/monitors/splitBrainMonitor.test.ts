/**
 * The two-writers monitor: the histories of the two data volumes are rebuilt from the writes that
 * landed on them; once they disagree, writes acknowledged to the application at both volumes are
 * split brain — after a swap-takeover, an SVOL-takeover or no takeover at all.
 */
import { splitBrainMonitorMachine } from '../../monitors/splitBrainMonitorMachine';
import { createHistories, recordWrite, reconverge } from '../../monitors/volumeHistories';
import { feedMonitor } from './feedMonitor';
import { acked, lands } from './landings';

const volumes = { production: 'prod-data', standby: 'standby-data' };

/** A host write landing and acknowledged (a local write). */
const local = (t: number, volume: string, writer: string, seq: number) => [
  lands(t, volume, writer, seq),
  acked(t + 1, volume, writer, seq)
];
/** A synchronous write: the copy lands on `to` first, then the write on `from`, then the ack. */
const sync = (t: number, from: string, to: string, writer: string, seq: number) => [
  lands(t, to, writer, seq, 'copy'),
  lands(t + 1, from, writer, seq),
  acked(t + 2, from, writer, seq)
];

describe('volumeHistories', () => {
  it('should keep one history while one is a prefix of the other', () => {
    const h = createHistories(['a', 'b']);
    expect(recordWrite(h, 'a', 'w', 1, 1)).toBe(false);
    expect(recordWrite(h, 'a', 'w', 2, 2)).toBe(false);
    expect(recordWrite(h, 'b', 'w', 1, 3)).toBe(false);
    expect(h.divergedAt).toBeNull();
  });

  it('should diverge at the first place the histories disagree, and reconverge on a full copy', () => {
    const h = createHistories(['a', 'b']);
    recordWrite(h, 'a', 'w', 1, 1);
    expect(recordWrite(h, 'b', 'v', 1, 5)).toBe(true);
    expect(h.divergedAt).toBe(5);
    reconverge(h);
    expect(h.divergedAt).toBeNull();
    expect(recordWrite(h, 'b', 'v', 2, 6)).toBe(false);
  });

  it('should keep the first divergence, and ignore writes on other volumes', () => {
    const h = createHistories(['a', 'b']);
    expect(recordWrite(h, 'c', 'w', 1, 1)).toBe(false);
    recordWrite(h, 'a', 'w', 1, 2);
    expect(recordWrite(h, 'c', 'v', 1, 3)).toBe(false);
    expect(recordWrite(h, 'b', 'w', 1, 4)).toBe(false);
    expect(recordWrite(h, 'b', 'v', 1, 5)).toBe(false);
    expect(recordWrite(h, 'a', 'x', 1, 6)).toBe(true);
    expect(recordWrite(h, 'a', 'y', 1, 7)).toBe(false);
    expect(recordWrite(h, 'b', 'z', 1, 8)).toBe(false);
    expect(h.divergedAt).toBe(6);
  });
});

describe('splitBrainMonitorMachine', () => {
  it('should fire on two writers after a swap-takeover (the old primary writes on)', () => {
    const m = feedMonitor(splitBrainMonitorMachine, { group: 'app', volumes });
    m.feed(
      ...sync(10, 'prod-data', 'standby-data', 'prod-1', 1),
      {
        type: 'TAKEOVER',
        at: 20,
        group: 'app',
        result: 'swap-takeover',
        detail: '',
        from: 'prod-data',
        to: 'standby-data',
        writes: { acknowledged: { 'prod-1': 1 }, copied: { 'prod-1': 1 } }
      },
      ...sync(30, 'standby-data', 'prod-data', 'standby-1', 1),
      // The resumed old primary writes on its volume (now the S-VOL, which should refuse).
      ...local(40, 'prod-data', 'prod-1', 2)
    );
    expect(m.state()).toBe('oneCopy');
    m.feed(...sync(50, 'standby-data', 'prod-data', 'standby-1', 2));
    expect(m.state()).toBe('diverged');
    m.feed(...local(60, 'prod-data', 'prod-1', 3));
    expect(m.state()).toBe('splitBrain');
    expect(m.finding()!.summary).toMatch(
      /writes acknowledged at both sites after the copies diverged at 0.051s/
    );
    expect(m.context<{ divergentWrites: number }>().divergentWrites).toBe(1);
  });

  it('should fire with no takeover at all when both volumes take writes', () => {
    const m = feedMonitor(splitBrainMonitorMachine, { group: 'app', volumes });
    m.feed(
      ...local(10, 'prod-data', 'prod-1', 1),
      ...local(20, 'standby-data', 'standby-1', 1),
      ...local(30, 'prod-data', 'prod-1', 2)
    );
    expect(m.state()).toBe('splitBrain');
    expect(m.finding()!.atMs).toBe(31);
  });

  it('should fire after an SVOL-takeover when production goes on writing', () => {
    const m = feedMonitor(splitBrainMonitorMachine, { group: 'app', volumes });
    m.feed(
      ...local(10, 'prod-data', 'prod-1', 1),
      {
        type: 'TAKEOVER',
        at: 20,
        group: 'app',
        result: 'svol-takeover',
        detail: '',
        from: 'prod-data',
        to: 'standby-data',
        writes: { acknowledged: { 'prod-1': 1 }, copied: {} }
      },
      ...local(30, 'standby-data', 'standby-1', 1)
    );
    // Production's write before the divergence is lost, not a second writer.
    expect(m.state()).toBe('diverged');
    m.feed(...local(40, 'prod-data', 'prod-1', 2));
    expect(m.state()).toBe('splitBrain');
  });

  it('should see one copy again after a full copy (COPY, then PAIR)', () => {
    const m = feedMonitor(splitBrainMonitorMachine, { group: 'app', volumes });
    m.feed(
      ...local(10, 'prod-data', 'prod-1', 1),
      ...local(20, 'standby-data', 'standby-1', 1),
      { type: 'PAIR', at: 25, group: 'app', pair: 'data', from: 'SSWS', to: 'COPY' },
      { type: 'PAIR', at: 26, group: 'app', pair: 'data', from: 'COPY', to: 'PAIR' },
      ...sync(30, 'standby-data', 'prod-data', 'standby-1', 2),
      ...local(40, 'prod-data', 'prod-1', 2)
    );
    expect(m.state()).toBe('oneCopy');
    expect(m.finding()).toBeNull();
  });

  it('should stay quiet on a lagging copy (async) and on an S-VOL that missed writes', () => {
    const m = feedMonitor(splitBrainMonitorMachine, { group: 'app', volumes });
    m.feed(
      ...local(10, 'prod-data', 'prod-1', 1),
      ...local(11, 'prod-data', 'prod-1', 2),
      lands(15, 'standby-data', 'prod-1', 1, 'copy'),
      ...local(16, 'prod-data', 'prod-1', 3),
      lands(17, 'standby-data', 'prod-1', 2, 'copy')
    );
    expect(m.state()).toBe('oneCopy');
  });
});

describe('splitBrainMonitorMachine: what it reports and counts', () => {
  interface Counts {
    writes: { production: number; standby: number };
    divergentWrites: number;
    divergedAt: number | null;
    evidence: string[];
  }
  const diverged = () => {
    const m = feedMonitor(splitBrainMonitorMachine, { group: 'app', volumes });
    m.feed(...local(10, 'prod-data', 'prod-1', 1), ...local(20, 'standby-data', 'standby-1', 1));
    return m;
  };

  it("should name the divergence and each site's first write, and count writes after it", () => {
    const m = diverged();
    m.feed(...local(30, 'prod-data', 'prod-1', 2));
    const evidence = [
      '0.020s write standby-1#1 landed on standby-data block 1',
      '0.021s write standby-1#1 acknowledged at standby-data',
      '0.031s write prod-1#2 acknowledged at prod-data'
    ];
    expect(m.finding()).toEqual({
      atMs: 31,
      summary:
        'app: writes acknowledged at both sites after the copies diverged at 0.020s (production 0.031s write prod-1#2 acknowledged at prod-data; standby 0.021s write standby-1#1 acknowledged at standby-data)',
      evidence
    });
    m.feed(
      ...local(40, 'prod-data', 'prod-1', 3),
      ...local(50, 'standby-data', 'standby-1', 2),
      ...local(60, 'standby-data', 'standby-1', 3)
    );
    expect(m.context<Counts>()).toMatchObject({
      writes: { production: 2, standby: 3 },
      divergentWrites: 2,
      divergedAt: 20,
      evidence
    });
  });

  it('should not take two writes at one site, or a write at another volume, as two writers', () => {
    const m = diverged();
    m.feed(...local(30, 'standby-data', 'standby-1', 2));
    expect(m.state()).toBe('diverged');
    const other = feedMonitor(splitBrainMonitorMachine, { group: 'app', volumes });
    other.feed(
      ...local(10, 'prod-data', 'prod-1', 1),
      lands(20, 'standby-data', 'standby-1', 1),
      acked(21, 'prod-data', 'prod-1', 2),
      acked(22, 'other-data', 'other-1', 1)
    );
    expect(other.state()).toBe('diverged');
    expect(other.context<Counts>().writes).toEqual({ production: 1, standby: 0 });
  });

  it('should take a copy of the data pair, not of the heartbeat pair or a suspension, as one copy', () => {
    const m = diverged();
    m.feed(
      { type: 'PAIR', at: 30, group: 'app', pair: 'heartbeat', from: 'PSUE', to: 'COPY' },
      { type: 'PAIR', at: 31, group: 'app', pair: 'heartbeat', from: 'COPY', to: 'PAIR' },
      { type: 'PAIR', at: 32, group: 'app', pair: 'data', from: 'PAIR', to: 'PSUE' }
    );
    expect(m.state()).toBe('diverged');
    m.feed({ type: 'PAIR', at: 40, group: 'app', pair: 'data', from: 'PSUE', to: 'COPY' });
    expect(m.state()).toBe('oneCopy');
    expect(m.context<Counts>().divergedAt).toBeNull();
    expect(m.context<Counts>().evidence.slice(-1)).toEqual(['0.040s data pair PSUE → COPY']);

    const resynced = diverged();
    resynced.feed({ type: 'PAIR', at: 40, group: 'app', pair: 'data', from: 'PSUS', to: 'PAIR' });
    expect(resynced.state()).toBe('oneCopy');
  });

  it('should keep pair changes, takeovers and faults as evidence while one copy', () => {
    const m = feedMonitor(splitBrainMonitorMachine, { group: 'app', volumes });
    m.feed(
      { type: 'PAIR', at: 1, group: 'app', pair: 'heartbeat', from: 'PAIR', to: 'PSUE' },
      {
        type: 'FAULT',
        at: 2,
        fault: { at: 2, action: 'cut' },
        phase: 'apply',
        operator: false
      }
    );
    expect(m.context<Counts>().evidence).toEqual([
      '0.001s heartbeat pair PAIR → PSUE',
      '0.002s cut'
    ]);
  });
});
