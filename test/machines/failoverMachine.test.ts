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
      startTimeout: 4000,
      retryDelay: 5000
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
    expect(actor.getSnapshot().value).toEqual({ steps: 'completed', fence: 'confirmed' });
    expect(out.find((e) => e.type === 'fence.request')?.at).toBe(500);
    expect(out.find((e) => e.type === 'storage.takeover')?.at).toBe(510);
    expect(out.find((e) => e.type === 'failover.completed')?.at).toBe(1515);
    expect(kinds(out)).toEqual(['failover-started', 'failover-completed']);
    expect(actor.getSnapshot().context).toMatchObject({ fenced: true, takeover: 'swap-takeover' });
  });

  it('should fence production again on REASSERT, repeating until acknowledged, without a failover', () => {
    const { clock, actor, out } = start();
    actor.send({ type: 'REASSERT' });
    clock.runUntil(3500);
    expect(out.filter((e) => e.type === 'fence.request').map((e) => e.at)).toEqual([0]);
    expect(out.filter((e) => e.type === 'fence.retry').map((e) => e.at)).toEqual([1000, 3000]);
    actor.send({ type: 'FENCE.ACK', from: 'prod-1' });
    clock.runUntil(20_000);
    expect(out.filter((e) => e.type === 'fence.retry')).toHaveLength(2);
    expect(actor.getSnapshot().value).toEqual({ steps: 'idle', fence: 'confirmed' });
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
    expect(actor.getSnapshot().matches({ steps: 'refused' })).toBe(true);
    expect(kinds(out)).toContain('failover-refused');
    expect(out.some((e) => e.type === 'app.start')).toBe(false);
  });

  it('should end in failover-refused, not stall, when the array never answers', () => {
    const { clock, actor } = start();
    actor.send({ type: 'DECLARED', reason: 'x' });
    clock.runUntil(3999);
    expect(actor.getSnapshot().matches({ steps: { active: 'takingOver' } })).toBe(true);
    clock.runUntil(4000);
    expect(actor.getSnapshot().matches({ steps: 'refused' })).toBe(true);
    expect(actor.getSnapshot().context.refusal).toMatch(/no answer/);
  });

  it('should release production when no takeover happened, and judge again after retryDelay', () => {
    const { clock, actor, out } = start();
    actor.on('storage.takeover', () =>
      actor.send({ type: 'TAKEOVER.REFUSED', detail: 'pair is COPY (inconsistent)' })
    );
    actor.send({ type: 'DECLARED', reason: 'x' });
    clock.runUntil(1000);
    const refused = out.find((e) => e.type === 'failover.refused');
    expect(refused).toMatchObject({ at: 1000, release: true });
    clock.runUntil(5999);
    expect(actor.getSnapshot().matches({ steps: 'refused' })).toBe(true);
    clock.runUntil(6000);
    expect(actor.getSnapshot().matches({ steps: 'idle' })).toBe(true);
    expect(out.find((e) => e.type === 'failover.retry')?.at).toBe(6000);
    // A second declaration starts afresh.
    actor.send({ type: 'DECLARED', reason: 'again' });
    expect(actor.getSnapshot().context).toMatchObject({
      reason: 'again',
      refusal: null,
      takeover: null
    });
  });

  it('should not release production when the takeover happened but the application failed', () => {
    const { clock, actor, out } = start();
    actor.on('storage.takeover', () =>
      actor.send({ type: 'TAKEOVER.DONE', kind: 'svol-takeover' })
    );
    actor.on('app.start', () => actor.send({ type: 'APP.FAILED', detail: 'disk' }));
    actor.send({ type: 'DECLARED', reason: 'x' });
    clock.runUntil(2000);
    expect(out.find((e) => e.type === 'failover.refused')).toMatchObject({ release: false });
  });

  it('should honour a takeover answered after its timeout', () => {
    const { clock, actor, out } = start();
    actor.on('storage.takeover', () =>
      clock.setTimeout(() => actor.send({ type: 'TAKEOVER.DONE', kind: 'swap-takeover' }), 3500)
    );
    actor.on('app.start', () => clock.setTimeout(() => actor.send({ type: 'APP.RUNNING' }), 1000));
    actor.send({ type: 'DECLARED', reason: 'x' });
    clock.runUntil(4000);
    expect(actor.getSnapshot().matches({ steps: 'refused' })).toBe(true);
    clock.runUntil(10_000);
    expect(out.find((e) => e.type === 'app.start')?.at).toBe(4500);
    expect(out.find((e) => e.type === 'failover.completed')?.at).toBe(5500);
    expect(actor.getSnapshot().context.takeover).toBe('swap-takeover');
  });

  it('should repeat an unacknowledged fence from the first request, backing off, until acknowledged', () => {
    const { clock, actor, out } = start();
    actor.on('storage.takeover', () =>
      actor.send({ type: 'TAKEOVER.DONE', kind: 'svol-takeover' })
    );
    actor.on('app.start', () => actor.send({ type: 'APP.RUNNING' }));
    actor.send({ type: 'DECLARED', reason: 'x' });
    // First request at 0; repeats 1, 2, 4, then every 8 fence timeouts later.
    clock.runUntil(40_000);
    expect(actor.getSnapshot().value).toEqual({ steps: 'completed', fence: 'unconfirmed' });
    expect(out.filter((e) => e.type === 'fence.retry').map((e) => e.at)).toEqual([
      1000, 3000, 7000, 15_000, 23_000, 31_000, 39_000
    ]);
    actor.send({ type: 'FENCE.ACK', from: 'prod-1' });
    clock.runUntil(100_000);
    expect(actor.getSnapshot().value).toEqual({ steps: 'completed', fence: 'confirmed' });
    expect(out.filter((e) => e.type === 'fence.retry')).toHaveLength(7);
  });

  it('should keep fencing during the takeover, so a production host back mid-failover hears it', () => {
    const { clock, actor, out } = start();
    actor.on('storage.takeover', () =>
      clock.setTimeout(() => actor.send({ type: 'TAKEOVER.DONE', kind: 'svol-takeover' }), 2500)
    );
    actor.on('app.start', () => clock.setTimeout(() => actor.send({ type: 'APP.RUNNING' }), 1000));
    actor.send({ type: 'DECLARED', reason: 'x' });
    clock.runUntil(3200);
    // Unacknowledged at 1 s (the takeover starts, answered at 3.5 s): repeated at 1 s and 3 s.
    expect(actor.getSnapshot().matches({ steps: { active: 'takingOver' } })).toBe(true);
    expect(out.filter((e) => e.type === 'fence.retry').map((e) => e.at)).toEqual([1000, 3000]);
    actor.send({ type: 'FENCE.ACK', from: 'prod-1' });
    clock.runUntil(10_000);
    expect(out.filter((e) => e.type === 'fence.retry')).toHaveLength(2);
    expect(out.find((e) => e.type === 'failover.completed')?.at).toBe(4500);
    expect(actor.getSnapshot().context.fenced).toBe(true);
  });

  it('should stop fencing a production it releases after a refusal', () => {
    const { clock, actor, out } = start();
    actor.send({ type: 'DECLARED', reason: 'x' });
    // No answer from the array: refused at 1 s + takeoverTimeout.
    clock.runUntil(20_000);
    const refusedAt = out.find((e) => e.type === 'failover.refused')!.at;
    expect(refusedAt).toBe(4000);
    expect(out.filter((e) => e.type === 'fence.retry').every((e) => e.at < refusedAt)).toBe(true);
    expect(actor.getSnapshot().matches({ fence: 'none' })).toBe(true);
  });
});

describe('failoverMachine: what it reports', () => {
  it('should start with nothing fenced, taken over or refused', () => {
    const { actor } = start();
    expect(actor.getSnapshot().context).toMatchObject({
      reason: '',
      fenced: false,
      takeover: null,
      refusal: null,
      fenceRepeats: 0
    });
  });

  it("should give the array's refusal, or the application's failure, as the reason", () => {
    const refused = start();
    refused.actor.on('storage.takeover', () =>
      refused.actor.send({ type: 'TAKEOVER.REFUSED', detail: 'pair is COPY' })
    );
    refused.actor.send({ type: 'DECLARED', reason: 'x' });
    refused.clock.runUntil(1000);
    expect(refused.out.find((e) => e.type === 'failover.refused')).toMatchObject({
      detail: 'takeover refused: pair is COPY'
    });

    const failed = start();
    failed.actor.on('storage.takeover', () =>
      failed.actor.send({ type: 'TAKEOVER.DONE', kind: 'svol-takeover' })
    );
    failed.actor.on('app.start', () => failed.actor.send({ type: 'APP.FAILED', detail: 'disk' }));
    failed.actor.send({ type: 'DECLARED', reason: 'x' });
    failed.clock.runUntil(2000);
    expect(failed.out.find((e) => e.type === 'failover.refused')).toMatchObject({
      detail: 'application did not start: disk'
    });
  });

  it('should announce the takeover kind on completion', () => {
    const { clock, actor, out } = start();
    actor.on('storage.takeover', () =>
      actor.send({ type: 'TAKEOVER.DONE', kind: 'svol-takeover' })
    );
    actor.on('app.start', () => actor.send({ type: 'APP.RUNNING' }));
    actor.send({ type: 'DECLARED', reason: 'x' });
    clock.runUntil(2000);
    expect(out.find((e) => e.type === 'failover.completed')).toMatchObject({
      takeover: 'svol-takeover'
    });
  });
});
