/**
 * With bidirectional heartbeats (a self-fence wait), "production failed" on the network
 * heartbeat alone — method network, or the mirror row suspended after a de-install — waits for
 * production to have fenced itself before the declaration: that evidence cannot tell a dead
 * production from a cut-off one.
 */
import { createActor } from 'xstate';
import {
  failureDecisionMachine,
  type FailureDecisionEmitted,
  type FailureDecisionInput
} from '../../machines/failureDecisionMachine';
import { createSimClock } from '../../sim';

function start(input: Partial<FailureDecisionInput>) {
  const clock = createSimClock();
  const actor = createActor(failureDecisionMachine, {
    clock,
    input: {
      method: 'both',
      onSiteIsolation: 'automatic',
      selfFenceWait: 12_000,
      tiebreakerRetry: 5000,
      group: 'app',
      ...input
    }
  });
  const declared: number[] = [];
  actor.on('*', (e: FailureDecisionEmitted) => {
    if (e.type === 'failure.declared') declared.push(clock.now());
  });
  actor.start();
  actor.send({ type: 'START' });
  return { actor, clock, declared };
}

describe('failureDecisionMachine: the self-fence wait on network-only evidence', () => {
  it('should wait selfFenceWait before declaring on the network alone (mirror de-installed)', () => {
    const { actor, clock, declared } = start({});
    actor.send({ type: 'PATH.STATUS', path: 'mirror', status: 'suspended' });
    actor.send({ type: 'PAIR.STATE', state: 'SMPL' });
    clock.runUntil(1000);
    actor.send({ type: 'PATH.STATUS', path: 'network', status: 'invalid' });
    expect(actor.getSnapshot().matches({ on: 'awaitingSelfFence' })).toBe(true);
    expect(actor.getSnapshot().context.verdict).toBe('suspect');
    clock.runUntil(12_999);
    expect(declared).toEqual([]);
    clock.runUntil(13_000);
    expect(declared).toEqual([13_000]);
    expect(actor.getSnapshot().context.verdict).toBe('production-failed');
  });

  it('should wait under method network too', () => {
    const { actor, clock, declared } = start({ method: 'network' });
    actor.send({ type: 'PATH.STATUS', path: 'network', status: 'invalid' });
    clock.runUntil(11_999);
    expect(declared).toEqual([]);
    clock.runUntil(12_000);
    expect(declared).toEqual([12_000]);
  });

  it('should keep its wait through news that changes nothing, and drop it when production is heard', () => {
    const { actor, clock, declared } = start({ method: 'network' });
    actor.send({ type: 'PATH.STATUS', path: 'network', status: 'invalid' });
    clock.runUntil(6000);
    actor.send({ type: 'PAIR.STATE', state: 'PSUE' });
    clock.runUntil(12_000);
    expect(declared).toEqual([12_000]);

    const heard = start({ method: 'network' });
    heard.actor.send({ type: 'PATH.STATUS', path: 'network', status: 'invalid' });
    heard.clock.runUntil(6000);
    heard.actor.send({ type: 'PATH.STATUS', path: 'network', status: 'valid' });
    heard.clock.runUntil(30_000);
    expect(heard.declared).toEqual([]);
    expect(heard.actor.getSnapshot().context.verdict).toBe('running');
  });

  it('should declare at once when the mirror in PAIR proves production dead, or without self-fencing', () => {
    const both = start({});
    both.actor.send({ type: 'PATH.STATUS', path: 'network', status: 'invalid' });
    both.actor.send({ type: 'PATH.STATUS', path: 'mirror', status: 'invalid' });
    expect(both.declared).toEqual([0]);

    const plain = start({ method: 'network', selfFenceWait: 0 });
    plain.actor.send({ type: 'PATH.STATUS', path: 'network', status: 'invalid' });
    expect(plain.declared).toEqual([0]);
  });
});
