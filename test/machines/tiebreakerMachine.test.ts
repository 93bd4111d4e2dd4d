import { createActor } from 'xstate';
import { tiebreakerMachine, type TiebreakerEmitted } from '../../machines/tiebreakerMachine';
import { createSimClock } from '../../sim';

function start(holder: string | null = 'production', lease = 1000) {
  const clock = createSimClock();
  const actor = createActor(tiebreakerMachine, { clock, input: { lease, holder } });
  const answers: Array<TiebreakerEmitted & { at: number }> = [];
  actor.on('*', (e) => answers.push({ ...e, at: clock.now() }));
  actor.start();
  return { clock, actor, answers };
}

describe('tiebreakerMachine', () => {
  it('should start held by the input holder and free the lease once it runs out', () => {
    const { clock, actor } = start();
    expect(actor.getSnapshot().value).toBe('held');
    expect(actor.getSnapshot().context).toEqual({ lease: 1000, holder: 'production', grants: 0 });
    clock.runUntil(999);
    expect(actor.getSnapshot().value).toBe('held');
    clock.runUntil(1000);
    expect(actor.getSnapshot().value).toBe('free');
    expect(actor.getSnapshot().context.holder).toBeNull();
  });

  it('should deny the other site while the lease runs, naming the holder', () => {
    const { clock, actor, answers } = start();
    clock.runUntil(400);
    actor.send({ type: 'REQUEST', site: 'standby' });
    actor.send({ type: 'RENEW', site: 'standby' });
    expect(answers).toEqual([
      { type: 'denied', site: 'standby', holder: 'production', at: 400 },
      { type: 'denied', site: 'standby', holder: 'production', at: 400 }
    ]);
    expect(actor.getSnapshot().context).toMatchObject({ holder: 'production', grants: 0 });
  });

  it('should name no holder when the lease starts held by nobody', () => {
    const { actor, answers } = start(null);
    actor.send({ type: 'REQUEST', site: 'standby' });
    expect(answers).toEqual([{ type: 'denied', site: 'standby', holder: 'none', at: 0 }]);
  });

  it('should extend the lease on a renewal by the holder, from the renewal', () => {
    const { clock, actor, answers } = start();
    clock.runUntil(800);
    actor.send({ type: 'RENEW', site: 'production' });
    clock.runUntil(1799);
    expect(actor.getSnapshot().value).toBe('held');
    clock.runUntil(1800);
    expect(actor.getSnapshot().value).toBe('free');
    expect(answers).toEqual([{ type: 'granted', site: 'production', at: 800 }]);
    expect(actor.getSnapshot().context.grants).toBe(0);
  });

  it('should grant the holder asking again without extending the lease', () => {
    const { clock, actor, answers } = start();
    clock.runUntil(800);
    actor.send({ type: 'REQUEST', site: 'production' });
    clock.runUntil(1000);
    expect(actor.getSnapshot().value).toBe('free');
    expect(answers).toEqual([{ type: 'granted', site: 'production', at: 800 }]);
  });

  it('should give a free lease to the first site that asks or renews, and count the grants', () => {
    const { clock, actor, answers } = start();
    clock.runUntil(1000);
    actor.send({ type: 'REQUEST', site: 'standby' });
    expect(actor.getSnapshot().context).toMatchObject({ holder: 'standby', grants: 1 });
    actor.send({ type: 'RENEW', site: 'production' });
    clock.runUntil(2000);
    expect(actor.getSnapshot().value).toBe('free');
    actor.send({ type: 'RENEW', site: 'production' });
    expect(actor.getSnapshot().context).toMatchObject({ holder: 'production', grants: 2 });
    clock.runUntil(2999);
    expect(actor.getSnapshot().value).toBe('held');
    expect(answers).toEqual([
      { type: 'granted', site: 'standby', at: 1000 },
      { type: 'denied', site: 'production', holder: 'standby', at: 1000 },
      { type: 'granted', site: 'production', at: 2000 }
    ]);
  });
});
