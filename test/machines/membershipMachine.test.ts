import { createActor } from 'xstate';
import {
  membershipMachine,
  type MembershipEmitted,
  type MembershipInput
} from '../../machines/membershipMachine';
import { createSimClock } from '../../sim';

function start(self: string, input: Partial<MembershipInput> = {}) {
  const clock = createSimClock();
  const actor = createActor(membershipMachine, {
    clock,
    input: {
      self,
      group: 'app',
      site: 'production',
      members: ['prod-1', 'prod-2', 'prod-3'],
      restarted: false,
      promoteDelay: 1000,
      joinWait: 1000,
      ...input
    }
  });
  const out: Array<MembershipEmitted & { at: number }> = [];
  actor.on('*', (e) => out.push({ ...e, at: clock.now() }));
  actor.start();
  actor.send({ type: 'START' });
  return { clock, actor, out };
}

const value = (run: { actor: { getSnapshot(): { value: unknown } } }) =>
  run.actor.getSnapshot().value;

describe('membershipMachine', () => {
  describe('steady state', () => {
    it('should make the first member in rank order active', () => {
      const run = start('prod-1');
      expect(value(run)).toBe('active');
      expect(run.out).toEqual([{ type: 'member.promote', previous: null, at: 0 }]);
      expect(run.actor.getSnapshot().context.active).toBe('prod-1');
    });

    it('should make every other member follow the first', () => {
      const run = start('prod-2');
      expect(value(run)).toBe('following');
      expect(run.out).toEqual([{ type: 'member.follow', active: 'prod-1', at: 0 }]);
    });

    it('should do nothing before START', () => {
      const clock = createSimClock();
      const actor = createActor(membershipMachine, {
        clock,
        input: {
          self: 'prod-1',
          group: 'app',
          site: 'production',
          members: ['prod-1'],
          restarted: false,
          promoteDelay: 0,
          joinWait: 0
        }
      });
      actor.start();
      expect(actor.getSnapshot().value).toBe('off');
    });

    it('should stay active when a follower falls silent', () => {
      const run = start('prod-1');
      run.actor.send({ type: 'PEER.SILENT', peer: 'prod-2' });
      run.clock.runUntil(5000);
      expect(value(run)).toBe('active');
      expect(run.out).toHaveLength(1);
      expect(run.actor.getSnapshot().context.alive['prod-2']).toBe(false);
    });

    it('should go on following when another follower falls silent', () => {
      const run = start('prod-2');
      run.actor.send({ type: 'PEER.SILENT', peer: 'prod-3' });
      run.clock.runUntil(5000);
      expect(value(run)).toBe('following');
      expect(run.out).toEqual([{ type: 'member.follow', active: 'prod-1', at: 0 }]);
      expect(run.actor.getSnapshot().context.alive['prod-3']).toBe(false);
    });
  });

  describe('the active member falls silent', () => {
    it('should make the successor fence the silent member and take over after promoteDelay', () => {
      const run = start('prod-2');
      run.clock.runUntil(300);
      run.actor.send({ type: 'PEER.SILENT', peer: 'prod-1' });
      expect(value(run)).toBe('promoting');
      run.clock.runUntil(1299);
      expect(value(run)).toBe('promoting');
      run.clock.runUntil(1300);
      expect(value(run)).toBe('active');
      expect(run.out.slice(1)).toEqual([
        { type: 'member.fence', host: 'prod-1', at: 1300 },
        { type: 'member.promote', previous: 'prod-1', at: 1300 },
        {
          type: 'alert',
          kind: 'local-takeover',
          detail: 'app at production: prod-1 → prod-2 (local takeover)',
          at: 1300
        }
      ]);
      expect(run.actor.getSnapshot().context.active).toBe('prod-2');
    });

    it('should go on promoting when the silent active member comes back restarted, claiming nothing', () => {
      // Found by explore (local-takeover, seed 835925195): the restarted member lost the role
      // with its memory; following it again left nobody active.
      const run = start('prod-2');
      run.clock.runUntil(300);
      run.actor.send({ type: 'PEER.SILENT', peer: 'prod-1' });
      run.clock.runUntil(800);
      run.actor.send({ type: 'PEER.HEARD', peer: 'prod-1', active: null });
      expect(value(run)).toBe('promoting');
      run.clock.runUntil(1300);
      expect(value(run)).toBe('active');
    });

    it('should follow again when the silent active member is heard still claiming the role (it was hung)', () => {
      const run = start('prod-2');
      run.clock.runUntil(300);
      run.actor.send({ type: 'PEER.SILENT', peer: 'prod-1' });
      run.clock.runUntil(800);
      run.actor.send({ type: 'PEER.HEARD', peer: 'prod-1', active: 'prod-1' });
      run.clock.runUntil(5000);
      expect(value(run)).toBe('following');
      expect(run.actor.getSnapshot().context.active).toBe('prod-1');
    });

    it('should make the next alive member the successor when the first successor is silent too', () => {
      const run = start('prod-3');
      run.actor.send({ type: 'PEER.SILENT', peer: 'prod-2' });
      run.actor.send({ type: 'PEER.SILENT', peer: 'prod-1' });
      expect(value(run)).toBe('promoting');
      run.clock.runUntil(1000);
      expect(value(run)).toBe('active');
      // Every silent member may only be hung: both are power-fenced before the takeover.
      expect(run.out.filter((e) => e.type === 'member.fence')).toEqual([
        { type: 'member.fence', host: 'prod-1', at: 1000 },
        { type: 'member.fence', host: 'prod-2', at: 1000 }
      ]);
    });

    it('should make a non-successor wait and follow whoever claims to be active', () => {
      const run = start('prod-3');
      run.actor.send({ type: 'PEER.SILENT', peer: 'prod-1' });
      expect(value(run)).toBe('succeeding');
      run.clock.runUntil(5000);
      expect(value(run)).toBe('succeeding');
      run.actor.send({ type: 'PEER.HEARD', peer: 'prod-2', active: 'prod-2' });
      expect(value(run)).toBe('following');
      expect(run.out.slice(1)).toEqual([{ type: 'member.follow', active: 'prod-2', at: 5000 }]);
      expect(run.out.some((e) => e.type === 'member.promote' || e.type === 'member.fence')).toBe(
        false
      );
    });

    it('should cancel the promotion when the briefly-hung active member is heard again', () => {
      const run = start('prod-2');
      run.actor.send({ type: 'PEER.SILENT', peer: 'prod-1' });
      run.clock.runUntil(500);
      run.actor.send({ type: 'PEER.HEARD', peer: 'prod-1', active: 'prod-1' });
      expect(value(run)).toBe('following');
      run.clock.runUntil(5000);
      expect(value(run)).toBe('following');
      expect(run.out.map((e) => e.type)).toEqual(['member.follow']);
      expect(run.actor.getSnapshot().context).toMatchObject({
        active: 'prod-1',
        alive: { 'prod-1': true }
      });
    });

    it('should follow a member that claims the role while it waits to promote', () => {
      const run = start('prod-2');
      run.actor.send({ type: 'PEER.SILENT', peer: 'prod-1' });
      run.actor.send({ type: 'PEER.HEARD', peer: 'prod-3', active: 'prod-3' });
      expect(value(run)).toBe('following');
      run.clock.runUntil(5000);
      expect(run.out.slice(1)).toEqual([{ type: 'member.follow', active: 'prod-3', at: 0 }]);
    });

    it('should follow a new active member claimed in a peer’s heartbeat', () => {
      const run = start('prod-3');
      run.actor.send({ type: 'PEER.HEARD', peer: 'prod-2', active: 'prod-2' });
      expect(run.out.at(-1)).toMatchObject({ type: 'member.follow', active: 'prod-2' });
      expect(run.actor.getSnapshot().context.active).toBe('prod-2');
    });

    it('should not follow a peer that names another member as active', () => {
      const run = start('prod-3');
      run.actor.send({ type: 'PEER.HEARD', peer: 'prod-2', active: 'prod-1' });
      expect(run.out).toHaveLength(1);
      expect(run.actor.getSnapshot().context.active).toBe('prod-1');
    });
  });

  describe('a restarted member', () => {
    it('should listen first and follow the active member it hears', () => {
      const run = start('prod-1', { restarted: true });
      expect(value(run)).toBe('joining');
      expect(run.out).toEqual([]);
      run.clock.runUntil(400);
      run.actor.send({ type: 'PEER.HEARD', peer: 'prod-2', active: 'prod-2' });
      expect(value(run)).toBe('following');
      expect(run.out).toEqual([{ type: 'member.follow', active: 'prod-2', at: 400 }]);
      run.clock.runUntil(5000);
      expect(value(run)).toBe('following');
    });

    it('should take over when it hears no active member and is the first alive', () => {
      const run = start('prod-1', { restarted: true, joinWait: 1500 });
      run.actor.send({ type: 'PEER.HEARD', peer: 'prod-2', active: null });
      run.clock.runUntil(1499);
      expect(value(run)).toBe('joining');
      run.clock.runUntil(1500);
      expect(value(run)).toBe('active');
      // The member never heard may only be hung: fenced before the takeover.
      expect(run.out.map((e) => [e.type, e.at])).toEqual([
        ['member.fence', 1500],
        ['member.promote', 1500],
        ['alert', 1500]
      ]);
    });

    it('should follow after joinWait when an earlier member is heard alive but not active', () => {
      const run = start('prod-2', { restarted: true });
      run.actor.send({ type: 'PEER.HEARD', peer: 'prod-1', active: null });
      run.clock.runUntil(1000);
      expect(value(run)).toBe('following');
      expect(run.out).toEqual([{ type: 'member.follow', active: null, at: 1000 }]);
      run.actor.send({ type: 'PEER.HEARD', peer: 'prod-1', active: 'prod-1' });
      expect(run.out.at(-1)).toMatchObject({ type: 'member.follow', active: 'prod-1' });
    });

    it('should take over when an earlier member fell silent while it listened', () => {
      const run = start('prod-2', { restarted: true, members: ['prod-1', 'prod-2'] });
      run.actor.send({ type: 'PEER.HEARD', peer: 'prod-1', active: null });
      run.actor.send({ type: 'PEER.SILENT', peer: 'prod-1' });
      run.clock.runUntil(1000);
      expect(value(run)).toBe('active');
    });

    it('should take over when it hears nobody at all: a member never heard is not alive', () => {
      // Its only peer is dead (crashed for good before this member restarted): it sends no local
      // heartbeat, so its silence is never reported (PEER.SILENT follows only a heard peer).
      const run = start('prod-2', { restarted: true, members: ['prod-1', 'prod-2'] });
      run.clock.runUntil(1000);
      expect(value(run)).toBe('active');
      expect(run.out.find((e) => e.type === 'member.promote')).toMatchObject({ at: 1000 });
    });
  });
});
