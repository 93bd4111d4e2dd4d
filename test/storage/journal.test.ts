import { createAsyncCopy } from '../../actors/storage/asyncCopy';
import { createJournal } from '../../actors/storage/journal';
import type { Outcomes } from '../../actors/storage/outcomes';
import { createParts, marbles, type Parts } from './parts';

const entry = (writeSeq: number) => ({
  block: writeSeq,
  data: writeSeq,
  writer: 'w',
  writeSeq,
  epoch: 0
});

describe('journal', () => {
  it('should count appended entries until they are applied, oldest first', () => {
    const journal = createJournal(3);
    journal.append(entry(1));
    journal.append(entry(2));
    expect(journal.used()).toBe(2);
    journal.applyOldest();
    expect(journal.used()).toBe(1);
    journal.clear();
    expect(journal.used()).toBe(0);
  });

  it('should be full once capacity entries are pending', () => {
    const journal = createJournal(2);
    journal.append(entry(1));
    expect(journal.isFull()).toBe(false);
    journal.append(entry(2));
    expect(journal.isFull()).toBe(true);
    journal.applyOldest();
    expect(journal.isFull()).toBe(false);
  });

  it('should keep its count across many append/apply cycles', () => {
    const journal = createJournal(10);
    for (let i = 1; i <= 5000; i++) {
      journal.append(entry(i));
      if (i % 5 !== 0) journal.applyOldest();
    }
    expect(journal.used()).toBe(1000);
  });
});

/** The async copy path alone: a real link and pair chart, the outcomes recorded as letters. */
function asyncFixture(parts: Parts) {
  const acks: { at: number; letter: string; tracked: boolean }[] = [];
  const applied: { at: number; letter: string }[] = [];
  const letter = (seq: number) => String.fromCharCode(96 + seq);
  const outcomes: Pick<Outcomes, 'acknowledge' | 'applyCopy'> = {
    acknowledge: (_volume, _block, _data, _writer, writeSeq, _reply, tracked) =>
      acks.push({ at: parts.sim.now(), letter: letter(writeSeq), tracked }),
    applyCopy: (_pair, _svol, _block, e) =>
      applied.push({ at: parts.sim.now(), letter: letter(e.writeSeq) })
  };
  const copy = createAsyncCopy({ link: parts.link, volumes: parts.volumes, outcomes });
  const pvol = parts.volumes.volumeOf('prod-data');
  /** Write sequence `seq` at time `at`. */
  const writeAt = (at: number, seq: number) =>
    parts.sim.clock.setTimeout(
      () => copy.write(parts.pair, pvol, seq, seq, 'w', seq, () => undefined),
      at - parts.sim.now()
    );
  return { acks, applied, writeAt, copy, pvol };
}

describe('async copy over the journal (sim clock)', () => {
  it('should acknowledge at once and apply one link latency later, in write order', () => {
    const parts = createParts({ mode: 'async', latency: 20, jitter: 0, loss: 0 });
    const f = asyncFixture(parts);
    f.writeAt(0, 1);
    f.writeAt(10, 2);
    f.writeAt(30, 3);
    parts.advance(100);
    expect(marbles(f.acks, 10, 8)).toBe('ab-c----');
    expect(marbles(f.applied, 10, 8)).toBe('--ab-c--');
    expect(parts.pair.journal.used()).toBe(0);
  });

  it('should apply in write order whatever the jitter', () => {
    const parts = createParts({ mode: 'async', latency: 5, jitter: 15, loss: 0 });
    const f = asyncFixture(parts);
    for (let seq = 1; seq <= 12; seq++) f.writeAt(seq, seq);
    parts.advance(200);
    expect(f.applied.map((a) => a.letter).join('')).toBe('abcdefghijkl');
    const times = f.applied.map((a) => a.at);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('should suspend the pair when a write finds the journal full, and apply nothing sent before', () => {
    const parts = createParts({
      mode: 'async',
      latency: 30,
      jitter: 0,
      loss: 0,
      journalCapacity: 2
    });
    const f = asyncFixture(parts);
    f.writeAt(0, 1);
    f.writeAt(10, 2);
    f.writeAt(20, 3);
    parts.advance(100);
    expect(marbles(f.acks, 10, 6)).toBe('abc---');
    expect(f.acks.map((a) => a.tracked)).toEqual([false, false, true]);
    expect(parts.pair.state).toBe('PSUE');
    expect(parts.pair.actor.getSnapshot().context.reason).toBe('journal full');
    // a and b were sent before the suspension: they stay pending, never applied.
    expect(marbles(f.applied, 10, 6)).toBe('------');
    expect(parts.pair.journal.used()).toBe(2);
  });

  it('should suspend the pair when the link is down at the write', () => {
    const parts = createParts({ mode: 'async', latency: 10, jitter: 0, loss: 0 });
    const f = asyncFixture(parts);
    parts.link.cut();
    f.writeAt(0, 1);
    parts.advance(50);
    expect(marbles(f.acks, 10, 5)).toBe('a----');
    expect(parts.pair.state).toBe('PSUE');
    expect(parts.pair.actor.getSnapshot().context.reason).toBe('remote link down');
    expect(f.applied).toEqual([]);
    expect(parts.pair.journal.used()).toBe(1);
  });

  it('should suspend the pair, not apply, when the S-VOL answers an I/O error', () => {
    const parts = createParts({ mode: 'async', latency: 10, jitter: 0, loss: 0 });
    const f = asyncFixture(parts);
    parts.volumes.volumeOf('standby-data').ioError = true;
    f.writeAt(0, 1);
    parts.advance(50);
    expect(f.applied).toEqual([]);
    expect(parts.pair.state).toBe('PSUE');
    expect(parts.pair.actor.getSnapshot().context.reason).toBe('S-VOL standby-data I/O error');
  });
});
