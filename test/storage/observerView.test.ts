import { createObserverView } from '../../actors/storage/observerView';
import { newTally } from '../../actors/storage/records';
import { applyRecord } from '../../actors/storage/volumes';
import { DEFAULT_CONFIG } from '../../model/config';
import { createParts } from './parts';

function viewOf(parts: ReturnType<typeof createParts>) {
  return createObserverView({
    remoteCopy: DEFAULT_CONFIG.remoteCopy,
    volumes: parts.volumes,
    pairs: new Map([[parts.pair.id, parts.pair]]),
    total: newTally()
  });
}

describe('observer view', () => {
  it('should offer observers only the god-eye reads: no I/O, no fault hooks', () => {
    expect(Object.keys(viewOf(createParts())).sort()).toEqual([
      'counters',
      'countersOf',
      'highWater',
      'pairView',
      'peekBlock'
    ]);
  });

  it('should count as pending what the P-VOL holds beyond the S-VOL, per writer', () => {
    const parts = createParts();
    const view = viewOf(parts);
    applyRecord(parts.volumes.volumeOf('prod-data'), 1, {
      data: 'a',
      writer: 'w',
      at: 0,
      writeSeq: 3
    });
    applyRecord(parts.volumes.volumeOf('standby-data'), 1, {
      data: 'a',
      writer: 'w',
      at: 0,
      writeSeq: 1
    });
    applyRecord(parts.volumes.volumeOf('prod-data'), 2, {
      data: 'b',
      writer: 'v',
      at: 0,
      writeSeq: 2
    });
    expect(view.countersOf('data-pair').pending).toBe(4);
    expect(view.counters().pending).toBe(4);
    expect(view.highWater('standby-data', 'w')).toBe(1);
    expect(view.peekBlock('prod-data', 2)?.data).toBe('b');
    expect(view.pairView('data-pair')).toMatchObject({
      state: 'PAIR',
      primary: 'prod-data',
      role: 'P'
    });
    expect(() => view.countersOf('nope')).toThrow("unknown pair 'nope'");
  });
});
