import { createActor } from 'xstate';
import { failoverMachine, type FailoverEmitted } from '../../machines/failoverMachine';
import { createSimClock } from '../../sim';

function start(confirmWait = 0) {
  const clock = createSimClock();
  const actor = createActor(failoverMachine, {
    clock,
    input: {
      group: 'app',
      dataVolume: 'standby-data',
      confirmWait,
      fenceTimeout: 1000,
      takeoverTimeout: 3000,
      startTimeout: 4000
    }
  });
  const out: Array<FailoverEmitted & { at: number }> = [];
  actor.on('*', (e) => out.push({ ...(e as FailoverEmitted), at: clock.now() }));
  actor.start();
  return { clock, actor, out };
}

const kinds = (out: FailoverEmitted[]) =>
  out.filter((e) => e.type === 'alert').map((e) => e.type === 'alert' && e.kind);

describe('failoverMachine', () => {
  it('should fence, take over, start the application and complete', () => {
    const { clock, actor, out } = start(500);
    actor.on('fence.request', () =>
      clock.setTimeout(() => actor.send({ type: 'FENCE.ACK', from: 'prod-1' }), 10)
    );
    actor.on('storage.takeover', () =>
      clock.setTimeout(() => actor.send({ type: 'TAKEOVER.DONE', kind: 'swap-takeover' }), 5)
    );
    actor.on('app.start', () => clock.setTimeout(() => actor.send({ type: 'APP.RUNNING' }), 1000));
    actor.send({ type: 'DECLARED', reason: 'production failed' });
    clock.runUntil(10_000);
    expect(actor.getSnapshot().value).toBe('completed');
    expect(out.find((e) => e.type === 'fence.request')?.at).toBe(500);
    expect(out.find((e) => e.type === 'storage.takeover')?.at).toBe(510);
    expect(out.find((e) => e.type === 'failover.completed')?.at).toBe(1515);
    expect(kinds(out)).toEqual(['failover-started', 'failover-completed']);
    expect(actor.getSnapshot().context).toMatchObject({ fenced: true, takeover: 'swap-takeover' });
  });

  it('should carry on after an unconfirmed fence with an alert', () => {
    const { clock, actor, out } = start();
    actor.on('storage.takeover', () =>
      actor.send({ type: 'TAKEOVER.DONE', kind: 'svol-takeover' })
    );
    actor.on('app.start', () => actor.send({ type: 'APP.RUNNING' }));
    actor.send({ type: 'DECLARED', reason: 'x' });
    clock.runUntil(5000);
    expect(kinds(out)).toEqual(['failover-started', 'fence-unconfirmed', 'failover-completed']);
    expect(actor.getSnapshot().context.fenced).toBe(false);
  });

  it('should end in failover-refused when the array refuses the takeover', () => {
    const { clock, actor, out } = start();
    actor.on('storage.takeover', () =>
      actor.send({ type: 'TAKEOVER.REFUSED', detail: 'pair is COPY (inconsistent)' })
    );
    actor.send({ type: 'DECLARED', reason: 'x' });
    clock.runUntil(5000);
    expect(actor.getSnapshot().value).toBe('refused');
    expect(kinds(out)).toContain('failover-refused');
    expect(out.some((e) => e.type === 'app.start')).toBe(false);
  });

  it('should end in failover-refused, not stall, when the array never answers', () => {
    const { clock, actor } = start();
    actor.send({ type: 'DECLARED', reason: 'x' });
    clock.runUntil(3999);
    expect(actor.getSnapshot().value).toEqual({ active: 'takingOver' });
    clock.runUntil(4000);
    expect(actor.getSnapshot().value).toBe('refused');
    expect(actor.getSnapshot().context.refusal).toMatch(/no answer/);
  });
});
