import { pathLost } from '../../actors/storage/records';
import { planWrite } from '../../actors/storage/writes';
import { createParts } from './parts';

describe('write plan', () => {
  it('should copy synchronously or asynchronously from a P-VOL in PAIR, per the copy mode', () => {
    for (const mode of ['sync', 'async'] as const) {
      const parts = createParts({}, { mode });
      expect(planWrite(parts.volumes.volumeOf('prod-data'))).toEqual({
        kind: mode,
        pair: parts.pair
      });
    }
  });

  it('should write locally, untracked, to an unpaired volume or a pair in SMPL', () => {
    const parts = createParts({}, { initialState: 'SMPL' });
    const lone = parts.volumes.add('prod-scratch', 'production', 'data');
    expect(planWrite(lone)).toEqual({ kind: 'local', tracked: false });
    expect(planWrite(parts.volumes.volumeOf('prod-data'))).toEqual({
      kind: 'local',
      tracked: false
    });
  });

  it('should refuse a write to the S-VOL of a pair in PAIR as read-only', () => {
    const parts = createParts();
    expect(planWrite(parts.volumes.volumeOf('standby-data'))).toMatchObject({
      kind: 'reject',
      error: 'read-only'
    });
  });

  it('should block the P-VOL while a swap-takeover is under way', () => {
    const parts = createParts();
    parts.pair.swapBlocked = true;
    expect(planWrite(parts.volumes.volumeOf('prod-data'))).toMatchObject({
      kind: 'reject',
      error: 'blocked'
    });
  });

  it('should fence the P-VOL of a suspended pair at fence level data, and track it at never', () => {
    const fenced = createParts({}, { fenceLevel: 'data' });
    pathLost(fenced.pair, 'remote link down', 'link');
    expect(fenced.pair.state).toBe('PSUE');
    expect(planWrite(fenced.volumes.volumeOf('prod-data'))).toMatchObject({
      kind: 'reject',
      error: 'fenced'
    });
    const open = createParts({}, { fenceLevel: 'never' });
    pathLost(open.pair, 'remote link down', 'link');
    expect(planWrite(open.volumes.volumeOf('prod-data'))).toEqual({ kind: 'local', tracked: true });
  });
});
