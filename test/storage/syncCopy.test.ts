import type { Outcomes } from '../../actors/storage/outcomes';
import { pathLost, type SyncWrite } from '../../actors/storage/records';
import { createSyncCopy } from '../../actors/storage/syncCopy';
import { createParts, marbles, type Parts } from './parts';

/** The sync copy path alone: a real link and pair chart, the outcomes recorded as letters. */
function syncFixture(parts: Parts) {
  const letter = (seq: number) => String.fromCharCode(96 + seq);
  const acks: { at: number; letter: string; tracked: boolean }[] = [];
  const rejects: { at: number; letter: string; error: string }[] = [];
  const applied: { at: number; letter: string }[] = [];
  const outcomes: Pick<Outcomes, 'acknowledge' | 'reject' | 'applyCopy'> = {
    acknowledge: (_v, _b, _d, _w, writeSeq, _r, tracked) =>
      acks.push({ at: parts.sim.now(), letter: letter(writeSeq), tracked }),
    reject: (_v, _p, _w, block, error) =>
      rejects.push({ at: parts.sim.now(), letter: letter(block), error }),
    applyCopy: (_p, _s, _b, e) => applied.push({ at: parts.sim.now(), letter: letter(e.writeSeq) })
  };
  const copy = createSyncCopy({ link: parts.link, volumes: parts.volumes, outcomes });
  const volume = parts.volumes.volumeOf('prod-data');
  const op = (seq: number): SyncWrite => ({
    volume,
    block: seq,
    data: seq,
    writer: 'w',
    writeSeq: seq,
    epoch: 0,
    settled: false,
    reply: () => undefined
  });
  const sendAt = (at: number, seq: number) =>
    parts.sim.clock.setTimeout(() => copy.send(parts.pair, op(seq)), at - parts.sim.now());
  return { acks, rejects, applied, copy, sendAt };
}

describe('sync copy (sim clock)', () => {
  it('should apply at the S-VOL one latency after the P-VOL and acknowledge one latency later', () => {
    const parts = createParts({ latency: 10, jitter: 0, loss: 0 });
    const f = syncFixture(parts);
    f.sendAt(0, 1);
    f.sendAt(10, 2);
    parts.advance(60);
    expect(marbles(f.applied, 10, 5)).toBe('-ab--');
    expect(marbles(f.acks, 10, 5)).toBe('--ab-');
    expect(f.acks.every((a) => !a.tracked)).toBe(true);
    expect(parts.pair.inflight).toEqual([]);
  });

  it('should reject the writes in flight when the pair is suspended at fence level data', () => {
    const parts = createParts({ latency: 10, jitter: 0, loss: 0, fenceLevel: 'data' });
    const f = syncFixture(parts);
    f.sendAt(0, 1);
    parts.sim.clock.setTimeout(() => {
      parts.link.cut();
      pathLost(parts.pair, 'remote link down', 'link');
      f.copy.settleInflight(parts.pair);
    }, 5);
    parts.advance(60);
    expect(f.rejects).toEqual([{ at: 5, letter: 'a', error: 'fenced' }]);
    expect(f.acks).toEqual([]);
  });

  it('should commit the writes in flight locally, tracked, when the fence level is never', () => {
    const parts = createParts({ latency: 10, jitter: 0, loss: 0, fenceLevel: 'never' });
    const f = syncFixture(parts);
    f.sendAt(0, 1);
    parts.sim.clock.setTimeout(() => {
      parts.link.cut();
      pathLost(parts.pair, 'remote link down', 'link');
      f.copy.settleInflight(parts.pair);
    }, 5);
    parts.advance(60);
    expect(f.acks).toEqual([{ at: 5, letter: 'a', tracked: true }]);
    expect(f.applied).toEqual([]);
  });

  it('should suspend the pair after the round trip when the S-VOL answers an I/O error', () => {
    const parts = createParts({ latency: 10, jitter: 0, loss: 0 });
    const f = syncFixture(parts);
    parts.volumes.volumeOf('standby-data').ioError = true;
    f.sendAt(0, 1);
    parts.advance(15);
    expect(parts.pair.state).toBe('PAIR');
    parts.advance(10);
    expect(parts.pair.state).toBe('PSUE');
    expect(f.applied).toEqual([]);
  });
});
