import { createActor } from 'xstate';
import { roleMachine, type RoleEmitted, type RoleInput } from '../../machines/roleMachine';
import { createSimClock } from '../../sim';

function start(input: Partial<RoleInput> = {}) {
  const clock = createSimClock();
  const actor = createActor(roleMachine, {
    clock,
    input: { group: 'app', site: 'production', restarted: false, probeRetry: 1000, ...input }
  });
  const out: RoleEmitted[] = [];
  actor.on('*', (e) => out.push(e));
  actor.start();
  return { clock, actor, out };
}

/** A role started and answered by its array (`owner`), its outputs so far forgotten. */
function startedAs(owner: 'this-site' | 'other-site' | 'unknown', input: Partial<RoleInput> = {}) {
  const run = start(input);
  run.actor.send({ type: 'START' });
  run.actor.send({ type: 'PROBE.ANSWER', owner });
  run.out.length = 0;
  return run;
}

const types = (out: RoleEmitted[]) => out.map((e) => e.type);
const state = (run: { actor: { getSnapshot(): { value: unknown } } }) =>
  run.actor.getSnapshot().value;

describe('roleMachine', () => {
  describe('probe', () => {
    it('should do nothing until started, then ask its array whose the data volume is', () => {
      const { actor, out } = start();
      expect(state({ actor })).toBe('off');
      expect(out).toEqual([]);
      actor.send({ type: 'START' });
      expect(actor.getSnapshot().matches('probing')).toBe(true);
      expect(out).toEqual([{ type: 'role.probe' }]);
    });

    it('should serve at production when the volume is ours', () => {
      const { actor, out } = start();
      actor.send({ type: 'START' });
      actor.send({ type: 'PROBE.ANSWER', owner: 'this-site' });
      expect(state({ actor })).toBe('serving');
      expect(out.slice(1)).toEqual([{ type: 'role.serve' }]);
    });

    it('should stand down at production, without serving, when the volume is the other site’s', () => {
      const { actor, out } = start();
      actor.send({ type: 'START' });
      actor.send({
        type: 'PROBE.ANSWER',
        owner: 'other-site',
        detail: 'prod-data belongs to the other site (PAIR, role S)'
      });
      expect(actor.getSnapshot().matches({ idle: 'stoodDown' })).toBe(true);
      expect(out.slice(1)).toEqual([
        {
          type: 'role.stop',
          reason: 'prod-data belongs to the other site (PAIR, role S)',
          keepWatch: false
        }
      ]);
      expect(actor.getSnapshot().context.reason).toBe(
        'prod-data belongs to the other site (PAIR, role S)'
      );
    });

    it('should ask for a takeover at production when its array does not answer, and ask again', () => {
      const { actor, out, clock } = start();
      actor.send({ type: 'START' });
      actor.send({ type: 'PROBE.ANSWER', owner: 'unknown' });
      expect(actor.getSnapshot().matches({ probing: 'waiting' })).toBe(true);
      expect(types(out)).toEqual(['role.probe', 'alert', 'takeover.request']);
      clock.runUntil(1000);
      expect(types(out).at(-1)).toBe('role.probe');
      actor.send({ type: 'PROBE.ANSWER', owner: 'this-site' });
      expect(state({ actor })).toBe('serving');
    });

    it('should monitor at the standby when the volume is production’s', () => {
      const { actor, out } = start({ site: 'standby' });
      actor.send({ type: 'START' });
      actor.send({ type: 'PROBE.ANSWER', owner: 'other-site' });
      expect(actor.getSnapshot().matches({ monitoring: 'watching' })).toBe(true);
      expect(out).toEqual([{ type: 'role.probe' }, { type: 'role.monitor', restarted: false }]);
    });

    it('should ask again at the standby while its array does not answer, then act on the answer', () => {
      const { actor, out, clock } = start({ site: 'standby', restarted: true });
      actor.send({ type: 'START' });
      actor.send({ type: 'PROBE.ANSWER', owner: 'unknown' });
      // It cannot tell whether it took the volume over before it crashed: it neither watches
      // nor serves, and asks again one probe retry later.
      expect(actor.getSnapshot().matches({ probing: 'waiting' })).toBe(true);
      clock.runUntil(999);
      expect(types(out)).toEqual(['role.probe']);
      clock.runUntil(1000);
      expect(types(out)).toEqual(['role.probe', 'role.probe']);
      actor.send({ type: 'PROBE.ANSWER', owner: 'this-site' });
      expect(state({ actor })).toBe('serving');
    });

    it("should monitor at the standby when its array says the volume is production's", () => {
      const { actor } = start({ site: 'standby' });
      actor.send({ type: 'START' });
      actor.send({ type: 'PROBE.ANSWER', owner: 'other-site' });
      expect(actor.getSnapshot().matches('monitoring')).toBe(true);
    });

    it('should serve at the standby when it took the volume over before a restart', () => {
      const { actor, out } = start({ site: 'standby', restarted: true });
      actor.send({ type: 'START' });
      actor.send({ type: 'PROBE.ANSWER', owner: 'this-site' });
      expect(state({ actor })).toBe('serving');
      // Its fence repeats were lost with its memory: it fences production again first.
      expect(types(out)).toEqual(['role.probe', 'fence.reassert', 'role.serve']);
    });
  });

  describe('fence and unfence (production)', () => {
    it('should stop serving and acknowledge the fence to its sender', () => {
      const run = startedAs('this-site');
      run.actor.send({ type: 'FENCE', from: 'standby-1' });
      expect(run.actor.getSnapshot().matches({ idle: 'fenced' })).toBe(true);
      expect(run.out).toEqual([
        { type: 'role.stop', reason: 'fenced at the request of standby-1', keepWatch: false },
        { type: 'fence.ack', to: 'standby-1' }
      ]);
    });

    it('should acknowledge a second fence while already stopped, without stopping again', () => {
      const run = startedAs('this-site');
      run.actor.send({ type: 'FENCE', from: 'standby-1' });
      run.out.length = 0;
      run.actor.send({ type: 'FENCE', from: 'standby-2' });
      expect(run.out).toEqual([{ type: 'fence.ack', to: 'standby-2' }]);
      expect(run.actor.getSnapshot().matches({ idle: 'fenced' })).toBe(true);
    });

    it('should serve again when unfenced after a fence', () => {
      const run = startedAs('this-site');
      run.actor.send({ type: 'FENCE', from: 'standby-1' });
      run.out.length = 0;
      run.actor.send({ type: 'UNFENCE', from: 'standby-1' });
      expect(state(run)).toBe('serving');
      expect(run.out).toEqual([
        {
          type: 'note',
          text: 'released from the fence by standby-1: resumes serving'
        },
        { type: 'role.serve' }
      ]);
      expect(run.actor.getSnapshot().context.reason).toBe('');
    });

    it.each([
      ['self-fenced', { type: 'SELF.FENCE' as const, reason: 'cut off' }, 'selfFenced' as const],
      ['stood down', { type: 'STAND.DOWN' as const, detail: 'taken over' }, 'stoodDown' as const],
      ['lease lost', { type: 'LEASE.LOST' as const, holder: 'standby' }, 'leaseLost' as const]
    ])('should not be released by an unfence when %s', (_why, stop, idle) => {
      const run = startedAs('this-site');
      run.actor.send(stop);
      run.out.length = 0;
      run.actor.send({ type: 'UNFENCE', from: 'standby-1' });
      expect(run.actor.getSnapshot().matches({ idle })).toBe(true);
      expect(run.out).toEqual([]);
    });

    it('should ignore an unfence while serving', () => {
      const run = startedAs('this-site');
      run.actor.send({ type: 'UNFENCE', from: 'standby-1' });
      expect(state(run)).toBe('serving');
      expect(run.out).toEqual([]);
    });
  });

  describe('self-fence (production, bidirectional heartbeats)', () => {
    it('should stop serving when its self-fence program cuts it off', () => {
      const run = startedAs('this-site');
      run.actor.send({ type: 'SELF.FENCE', reason: 'both channels lost' });
      expect(run.actor.getSnapshot().matches({ idle: 'selfFenced' })).toBe(true);
      expect(run.out).toEqual([
        { type: 'role.stop', reason: 'self-fenced: both channels lost', keepWatch: true }
      ]);
    });

    it('should serve again on self-unfence', () => {
      const run = startedAs('this-site');
      run.actor.send({ type: 'SELF.FENCE', reason: 'x' });
      run.out.length = 0;
      run.actor.send({ type: 'SELF.UNFENCE' });
      expect(state(run)).toBe('serving');
      expect(types(run.out)).toEqual(['note', 'role.serve']);
    });

    it('should not be released from a fence by a self-unfence', () => {
      const run = startedAs('this-site');
      run.actor.send({ type: 'FENCE', from: 'standby-1' });
      run.out.length = 0;
      run.actor.send({ type: 'SELF.UNFENCE' });
      expect(run.actor.getSnapshot().matches({ idle: 'fenced' })).toBe(true);
      expect(run.out).toEqual([]);
    });

    it('should only note a self-fence while already fenced, and stay fenced', () => {
      const run = startedAs('this-site');
      run.actor.send({ type: 'FENCE', from: 'standby-1' });
      run.out.length = 0;
      run.actor.send({ type: 'SELF.FENCE', reason: 'x' });
      expect(run.out).toEqual([
        { type: 'note', text: 'cut off from the standby, already not serving' }
      ]);
      expect(run.actor.getSnapshot().matches({ idle: 'fenced' })).toBe(true);
    });
  });

  describe('stand-down and lease loss', () => {
    it('should stand down from serving with the reason its application found', () => {
      const run = startedAs('this-site');
      run.actor.send({ type: 'STAND.DOWN', detail: 'prod-data was taken over by the other site' });
      expect(run.actor.getSnapshot().matches({ idle: 'stoodDown' })).toBe(true);
      expect(run.out).toEqual([
        {
          type: 'role.stop',
          reason: 'prod-data was taken over by the other site',
          keepWatch: false
        }
      ]);
    });

    it('should stand down from monitoring at the standby', () => {
      const run = startedAs('other-site', { site: 'standby' });
      run.actor.send({ type: 'STAND.DOWN', detail: 'gone' });
      expect(run.actor.getSnapshot().matches({ idle: 'stoodDown' })).toBe(true);
      expect(run.out).toEqual([{ type: 'role.stop', reason: 'gone', keepWatch: false }]);
    });

    it('should stop serving and alert when the quorum lease is lost', () => {
      const run = startedAs('this-site');
      run.actor.send({ type: 'LEASE.LOST', holder: 'standby' });
      expect(run.actor.getSnapshot().matches({ idle: 'leaseLost' })).toBe(true);
      expect(run.out).toEqual([
        {
          type: 'alert',
          kind: 'self-fenced',
          detail: 'app: quorum lease held by standby; stopping the application'
        },
        { type: 'role.stop', reason: 'lost the quorum lease', keepWatch: false }
      ]);
    });

    it('should ignore a lease loss when not serving', () => {
      const run = startedAs('this-site');
      run.actor.send({ type: 'FENCE', from: 'standby-1' });
      run.out.length = 0;
      run.actor.send({ type: 'LEASE.LOST', holder: 'standby' });
      expect(run.out).toEqual([]);
      expect(run.actor.getSnapshot().matches({ idle: 'fenced' })).toBe(true);
    });
  });

  describe('application failure', () => {
    it('should ask the standby to take over while serving at production', () => {
      const run = startedAs('this-site');
      run.actor.send({ type: 'APP.FAILED', detail: 'data volume does not answer' });
      expect(state(run)).toBe('serving');
      expect(run.out).toEqual([
        {
          type: 'alert',
          kind: 'takeover-requested',
          detail: 'data volume does not answer; asking the standby group to take over'
        },
        { type: 'takeover.request', reason: 'data volume does not answer' }
      ]);
    });

    it('should not ask for a takeover while fenced', () => {
      const run = startedAs('this-site');
      run.actor.send({ type: 'FENCE', from: 'standby-1' });
      run.out.length = 0;
      run.actor.send({ type: 'APP.FAILED', detail: 'x' });
      expect(run.out).toEqual([]);
    });

    it('should not ask for a takeover when serving at the standby', () => {
      const run = startedAs('this-site', { site: 'standby' });
      expect(state(run)).toBe('serving');
      run.actor.send({ type: 'APP.FAILED', detail: 'x' });
      expect(run.out).toEqual([]);
    });
  });

  describe('the standby’s answer to a rejoin request', () => {
    it('should say yes while watching', () => {
      const run = startedAs('other-site', { site: 'standby' });
      run.actor.send({ type: 'REJOIN.REQUEST', from: 'prod-1' });
      expect(run.out).toEqual([{ type: 'rejoin.answer', to: 'prod-1', ok: true }]);
    });

    it('should say no once the failure is declared', () => {
      const run = startedAs('other-site', { site: 'standby' });
      run.actor.send({ type: 'DECLARED' });
      expect(run.actor.getSnapshot().matches({ monitoring: 'declared' })).toBe(true);
      run.actor.send({ type: 'REJOIN.REQUEST', from: 'prod-1' });
      expect(run.out).toEqual([{ type: 'rejoin.answer', to: 'prod-1', ok: false }]);
    });

    it('should say no while serving after a takeover', () => {
      const run = startedAs('other-site', { site: 'standby' });
      run.actor.send({ type: 'DECLARED' });
      run.actor.send({ type: 'TAKE.OVER' });
      expect(state(run)).toBe('serving');
      run.out.length = 0;
      run.actor.send({ type: 'REJOIN.REQUEST', from: 'prod-1' });
      expect(run.out).toEqual([{ type: 'rejoin.answer', to: 'prod-1', ok: false }]);
    });

    it('should say no once the application is handed over for a failback', () => {
      const run = startedAs('this-site', { site: 'standby' });
      run.actor.send({ type: 'HAND.OVER' });
      run.out.length = 0;
      run.actor.send({ type: 'REJOIN.REQUEST', from: 'prod-1' });
      expect(run.out).toEqual([{ type: 'rejoin.answer', to: 'prod-1', ok: false }]);
    });

    it('should say yes again after a failover retry', () => {
      const run = startedAs('other-site', { site: 'standby' });
      run.actor.send({ type: 'DECLARED' });
      run.actor.send({ type: 'FAILOVER.RETRY' });
      expect(run.actor.getSnapshot().matches({ monitoring: 'watching' })).toBe(true);
      run.actor.send({ type: 'REJOIN.REQUEST', from: 'prod-2' });
      expect(run.out).toEqual([{ type: 'rejoin.answer', to: 'prod-2', ok: true }]);
    });
  });

  describe('a restarted standby', () => {
    it('should send one unfence when it starts monitoring after a restart', () => {
      const run = start({ site: 'standby', restarted: true });
      run.actor.send({ type: 'START' });
      run.actor.send({ type: 'PROBE.ANSWER', owner: 'other-site' });
      expect(run.out).toEqual([
        { type: 'role.probe' },
        { type: 'role.monitor', restarted: true },
        { type: 'unfence.send' }
      ]);
      expect(run.actor.getSnapshot().context.restarted).toBe(false);
    });

    it('should not send it again when it returns to monitoring after a failback', () => {
      const run = start({ site: 'standby', restarted: true });
      run.actor.send({ type: 'START' });
      run.actor.send({ type: 'PROBE.ANSWER', owner: 'other-site' });
      run.actor.send({ type: 'TAKE.OVER' });
      run.actor.send({ type: 'HAND.OVER' });
      run.out.length = 0;
      run.actor.send({ type: 'MONITOR' });
      expect(run.out).toEqual([{ type: 'role.monitor', restarted: false }]);
    });

    it('should not send an unfence when it was never restarted', () => {
      const run = start({ site: 'standby' });
      run.actor.send({ type: 'START' });
      run.actor.send({ type: 'PROBE.ANSWER', owner: 'other-site' });
      expect(types(run.out)).not.toContain('unfence.send');
    });
  });

  describe('failback', () => {
    it('should hand the application over from serving at the standby', () => {
      const run = startedAs('this-site', { site: 'standby' });
      run.actor.send({ type: 'HAND.OVER' });
      expect(run.actor.getSnapshot().matches({ idle: 'handedOver' })).toBe(true);
      expect(run.out).toEqual([
        { type: 'role.stop', reason: 'failback: planned switch back', keepWatch: false }
      ]);
    });

    it('should serve again when handed back (switch back refused)', () => {
      const run = startedAs('this-site', { site: 'standby' });
      run.actor.send({ type: 'HAND.OVER' });
      run.out.length = 0;
      run.actor.send({ type: 'HAND.BACK' });
      expect(state(run)).toBe('serving');
      expect(run.out).toEqual([{ type: 'role.serve' }]);
    });

    it('should monitor again once production serves', () => {
      const run = startedAs('this-site', { site: 'standby' });
      run.actor.send({ type: 'HAND.OVER' });
      run.out.length = 0;
      run.actor.send({ type: 'MONITOR' });
      expect(run.actor.getSnapshot().matches({ monitoring: 'watching' })).toBe(true);
      expect(run.out).toEqual([{ type: 'role.monitor', restarted: false }]);
    });

    it('should ignore a hand back or monitor unless handed over', () => {
      const run = startedAs('this-site', { site: 'production' });
      run.actor.send({ type: 'STAND.DOWN', detail: 'taken' });
      run.out.length = 0;
      run.actor.send({ type: 'HAND.BACK' });
      run.actor.send({ type: 'MONITOR' });
      expect(run.actor.getSnapshot().matches({ idle: 'stoodDown' })).toBe(true);
      expect(run.out).toEqual([]);
    });

    it('should serve at production when its half of the failback took the volume back', () => {
      const run = startedAs('other-site');
      expect(run.actor.getSnapshot().matches({ idle: 'stoodDown' })).toBe(true);
      run.actor.send({ type: 'SERVE' });
      expect(state(run)).toBe('serving');
      expect(run.out).toEqual([{ type: 'role.serve' }]);
    });
  });
});

describe('roleMachine: stopping', () => {
  it("should stand down when its application stops, giving the application's reason", () => {
    const run = startedAs('this-site');
    run.actor.send({ type: 'APP.STOPPED', reason: 'data volume became read-only' });
    expect(run.actor.getSnapshot().matches({ idle: 'stoodDown' })).toBe(true);
    expect(run.out).toContainEqual({
      type: 'role.stop',
      reason: 'the application stopped: data volume became read-only',
      keepWatch: false
    });
  });
});
