import { createActor } from 'xstate';
import { applicationMachine, type ApplicationEmitted } from '../../machines/applicationMachine';
import { createSimClock } from '../../sim';

function start() {
  const clock = createSimClock();
  const actor = createActor(applicationMachine, {
    clock,
    input: { group: 'app', site: 'production', startTime: 1000, restartDelay: 2000 }
  });
  const out: Array<ApplicationEmitted & { at: number }> = [];
  actor.on('*', (e) => out.push({ ...(e as ApplicationEmitted), at: clock.now() }));
  actor.start();
  actor.send({ type: 'START' });
  return { clock, actor, out };
}

const kinds = (out: ApplicationEmitted[]) => out.map((e) => e.type);

describe('applicationMachine', () => {
  it('should run after startTime, block on rejected writes and recover on the next good one', () => {
    const { clock, actor, out } = start();
    clock.runUntil(1000);
    expect(actor.getSnapshot().matches({ running: 'healthy' })).toBe(true);
    actor.send({ type: 'WRITE.FAILED', error: 'fenced' });
    expect(actor.getSnapshot().matches({ running: 'blocked' })).toBe(true);
    actor.send({ type: 'WRITE.OK' });
    expect(actor.getSnapshot().matches({ running: 'healthy' })).toBe(true);
    expect(kinds(out)).toEqual(['app.running']);
  });

  it('should stop when its volume became read-only (the standby took the pair over)', () => {
    const { clock, actor, out } = start();
    clock.runUntil(1000);
    actor.send({ type: 'WRITE.FAILED', error: 'read-only' });
    expect(actor.getSnapshot().value).toBe('stopped');
    expect(out.at(-1)).toMatchObject({ type: 'app.stopped' });
  });

  it('should fail when its array stops answering, and restart after restartDelay', () => {
    const { clock, actor, out } = start();
    clock.runUntil(1000);
    actor.send({ type: 'WRITE.FAILED', error: 'timeout' });
    expect(actor.getSnapshot().matches('failed')).toBe(true);
    clock.runUntil(5000);
    // Failed at 1 s, restarted at 3 s, running again at 4 s.
    expect(out.map((e) => [e.type, e.at])).toEqual([
      ['app.running', 1000],
      ['app.failed', 1000],
      ['app.running', 4000]
    ]);
  });

  it('should not restart while held, and restart as soon as released after the delay', () => {
    const { clock, actor, out } = start();
    clock.runUntil(1000);
    actor.send({ type: 'WRITE.FAILED', error: 'timeout' });
    actor.send({ type: 'HOLD' });
    clock.runUntil(20_000);
    expect(actor.getSnapshot().matches({ failed: 'due' })).toBe(true);
    actor.send({ type: 'RELEASE' });
    expect(actor.getSnapshot().matches('starting')).toBe(true);
    clock.runUntil(21_000);
    expect(out.filter((e) => e.type === 'app.running').map((e) => e.at)).toEqual([1000, 21_000]);
  });

  it('should restart after the delay if released before it', () => {
    const { clock, actor } = start();
    clock.runUntil(1000);
    actor.send({ type: 'WRITE.FAILED', error: 'timeout' });
    actor.send({ type: 'HOLD' });
    clock.runUntil(1500);
    actor.send({ type: 'RELEASE' });
    clock.runUntil(2999);
    expect(actor.getSnapshot().matches('failed')).toBe(true);
    clock.runUntil(3000);
    expect(actor.getSnapshot().matches('starting')).toBe(true);
  });
});

describe('applicationMachine: what it says', () => {
  it('should give the reason it was stopped, or why its volume turned read-only', () => {
    const stopped = start();
    stopped.clock.runUntil(1000);
    stopped.actor.send({ type: 'STOP', reason: 'operator' });
    expect(stopped.out.at(-1)).toEqual({ type: 'app.stopped', reason: 'operator', at: 1000 });

    const readOnly = start();
    readOnly.clock.runUntil(1000);
    readOnly.actor.send({ type: 'WRITE.FAILED', error: 'fenced' });
    readOnly.actor.send({ type: 'WRITE.FAILED', error: 'read-only' });
    expect(readOnly.out.at(-1)).toEqual({
      type: 'app.stopped',
      reason: 'data volume became read-only (read-only): the standby took over the pair',
      at: 1000
    });
  });

  it('should name the last write error when its array stops answering', () => {
    const { clock, actor, out } = start();
    clock.runUntil(1000);
    actor.send({ type: 'WRITE.FAILED', error: 'fenced' });
    expect(actor.getSnapshot().context.lastError).toBe('fenced');
    actor.send({ type: 'WRITE.FAILED', error: 'timeout' });
    expect(out.at(-1)).toEqual({
      type: 'app.failed',
      detail: 'app at production: data volume does not answer (timeout)',
      at: 1000
    });
  });
});
