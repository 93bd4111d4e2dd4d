import {
  applyToWorld,
  createWorldState,
  isDown,
  isRunning
} from '../../../inspector/view/worldState';
import type { TraceLine } from '../../../sim/createTrace';

const init = (t: number, actor: string, state: unknown, input: Record<string, unknown> = {}) =>
  ({ t, actor, type: 'xstate.init', payload: { input }, state }) as TraceLine;

describe('world state folded from trace lines', () => {
  it('should mark a stopped actor stopped and a crashed host down', () => {
    const w = createWorldState();
    applyToWorld(w, init(0, 'prod-1', 'up'));
    applyToWorld(w, init(0, 'prod-1/app', { running: 'healthy' }));
    expect(isRunning(w.actors.get('prod-1/app'))).toBe(true);
    applyToWorld(w, { t: 5, actor: 'prod-1', type: 'CRASH', state: 'crashed' });
    applyToWorld(w, { t: 5, actor: 'prod-1/app', type: 'xstate.stop', state: 'stopped' });
    expect(isDown(w.actors.get('prod-1'))).toBe(true);
    expect(w.actors.get('prod-1/app')).toMatchObject({ stopped: true, state: 'stopped', t: 5 });
    expect(isRunning(w.actors.get('prod-1/app'))).toBe(false);
    // Restarted with the same id: running again.
    applyToWorld(w, init(9, 'prod-1/app', { running: 'healthy' }));
    expect(isRunning(w.actors.get('prod-1/app'))).toBe(true);
  });

  it('should follow a pair’s direction: the volume reporting role P is the P-VOL', () => {
    const w = createWorldState();
    applyToWorld(
      w,
      init(
        0,
        'data-pair',
        { PAIR: 'mirroring' },
        { primary: 'prod-data', secondary: 'standby-data' }
      )
    );
    applyToWorld(w, {
      t: 1,
      actor: 'prod-data',
      type: 'pair-status',
      payload: { state: 'PAIR', role: 'P' }
    });
    expect(w.pairs.get('data-pair')).toMatchObject({ primary: 'prod-data', swapped: false });
    applyToWorld(w, { t: 2, actor: 'data-pair', type: 'TAKEOVER', state: { PAIR: 'swapping' } });
    applyToWorld(w, {
      t: 3,
      actor: 'standby-data',
      type: 'pair-status',
      payload: { state: 'PAIR', role: 'P' }
    });
    expect(w.pairs.get('data-pair')).toMatchObject({
      primary: 'standby-data',
      secondary: 'prod-data',
      swapped: true,
      state: { PAIR: 'swapping' }
    });
    applyToWorld(w, {
      t: 4,
      actor: 'prod-data',
      type: 'pair-status',
      payload: { state: 'PAIR', role: 'S' }
    });
    expect(w.pairs.get('data-pair')?.primary).toBe('standby-data');
  });
});
