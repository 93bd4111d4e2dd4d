import { createActor } from 'xstate';
import {
  statusTableMachine,
  type StatusTableEmitted,
  type StatusTableInput
} from '../../machines/statusTableMachine';
import { createSimClock } from '../../sim';

function start(input: Partial<StatusTableInput> = {}) {
  const clock = createSimClock();
  const actor = createActor(statusTableMachine, {
    clock,
    input: {
      site: 'production',
      volume: 'prod-hb',
      registered: false,
      mirror: true,
      network: true,
      ...input
    }
  });
  const out: StatusTableEmitted[] = [];
  actor.on('*', (e) => out.push(e));
  actor.start();
  return { clock, actor, out };
}

const standby = (input: Partial<StatusTableInput> = {}) =>
  start({ site: 'standby', volume: 'standby-hb', ...input });
const without = (out: StatusTableEmitted[], type: StatusTableEmitted['type']) =>
  out.filter((e) => e.type !== type);

describe('statusTableMachine', () => {
  it('should start in the registration its host’s disk remembers, announcing nothing', () => {
    expect(start({ registered: true }).actor.getSnapshot().value).toBe('registered');
    const run = start({ registered: false });
    expect(run.actor.getSnapshot().value).toBe('unregistered');
    expect(run.out).toEqual([]);
  });

  describe('production (FIG. 4 / FIG. 5 register and unregister the P-VOL)', () => {
    it('should register the P-VOL and enable the mirror row', () => {
      const { actor, out } = start();
      actor.send({ type: 'REGISTER' });
      expect(actor.getSnapshot().value).toBe('registered');
      expect(out).toEqual([
        {
          type: 'note',
          text: 'prod-hb registered to the device address entry (mirror row enabled)'
        },
        { type: 'table.changed', registered: true, mirror: true, network: true }
      ]);
    });

    it('should unregister the P-VOL and disable the mirror row', () => {
      const { actor, out } = start({ registered: true });
      actor.send({ type: 'UNREGISTER' });
      expect(actor.getSnapshot().value).toBe('unregistered');
      expect(actor.getSnapshot().context.registered).toBe(false);
      expect(out).toEqual([
        {
          type: 'note',
          text: 'prod-hb removed from the device address entry (mirror row disabled)'
        },
        { type: 'table.changed', registered: false, mirror: false, network: true }
      ]);
    });

    it('should ignore a second REGISTER while registered', () => {
      const { actor, out } = start({ registered: true });
      actor.send({ type: 'REGISTER' });
      expect(out).toEqual([]);
    });
  });

  describe('the standby (activation, deactivation, cancel)', () => {
    it('should register the S-VOL on activation and acknowledge it to the sender, with its flow', () => {
      const { actor, out } = standby();
      actor.send({ type: 'ACTIVATE', from: 'prod-1', flow: 'prod-1/install-1' });
      expect(actor.getSnapshot().value).toBe('registered');
      expect(out).toEqual([
        {
          type: 'note',
          text: 'standby-hb registered to the device address entry (mirror row enabled)'
        },
        { type: 'table.changed', registered: true, mirror: true, network: true },
        { type: 'activate.ack', to: 'prod-1', flow: 'prod-1/install-1' }
      ]);
    });

    it('should acknowledge a repeated activation again without changing the table', () => {
      const { actor, out } = standby({ registered: true });
      actor.send({ type: 'ACTIVATE', from: 'prod-2', flow: 'prod-2/install-3' });
      expect(out).toEqual([{ type: 'activate.ack', to: 'prod-2', flow: 'prod-2/install-3' }]);
    });

    it('should unregister the S-VOL on deactivation and acknowledge it', () => {
      const { actor, out } = standby({ registered: true });
      actor.send({ type: 'DEACTIVATE', from: 'prod-1', flow: 'prod-1/uninstall-2' });
      expect(actor.getSnapshot().value).toBe('unregistered');
      expect(without(out, 'note')).toEqual([
        { type: 'table.changed', registered: false, mirror: false, network: true },
        { type: 'deactivate.ack', to: 'prod-1', flow: 'prod-1/uninstall-2' }
      ]);
    });

    it('should acknowledge a deactivation when nothing is registered, so the de-install goes on', () => {
      const { actor, out } = standby({ registered: false });
      actor.send({ type: 'DEACTIVATE', from: 'prod-1', flow: 'prod-1/uninstall-1' });
      expect(actor.getSnapshot().value).toBe('unregistered');
      expect(out).toEqual([{ type: 'deactivate.ack', to: 'prod-1', flow: 'prod-1/uninstall-1' }]);
    });

    it('should unregister the S-VOL, without an acknowledgement, when the install is cancelled', () => {
      const { actor, out } = standby({ registered: true });
      actor.send({ type: 'CANCEL' });
      expect(actor.getSnapshot().value).toBe('unregistered');
      expect(out.map((e) => e.type)).toEqual(['note', 'table.changed']);
    });

    it('should ignore a cancel when nothing is registered', () => {
      const { actor, out } = standby({ registered: false });
      actor.send({ type: 'CANCEL' });
      expect(out).toEqual([]);
    });
  });

  describe('a heartbeat pair found SMPL', () => {
    it('should unregister the volume (an install rolled back while its cancel was lost)', () => {
      const { actor, out } = standby({ registered: true });
      actor.send({ type: 'PAIR.STATE', state: 'SMPL' });
      expect(actor.getSnapshot().value).toBe('unregistered');
      expect(out).toEqual([
        {
          type: 'note',
          text: 'heartbeat pair of standby-hb is SMPL: standby-hb unregistered'
        },
        { type: 'table.changed', registered: false, mirror: false, network: true }
      ]);
    });

    it.each(['PAIR', 'PSUE', 'PSUS', 'COPY', 'SSWS', null] as const)(
      'should keep the volume registered when the pair is %s',
      (state) => {
        const { actor, out } = standby({ registered: true });
        actor.send({ type: 'PAIR.STATE', state });
        expect(actor.getSnapshot().value).toBe('registered');
        expect(out).toEqual([]);
      }
    );
  });

  describe('SET.PATHS (FIG. 8)', () => {
    it('should set the rows and acknowledge to the asker with its flow and step', () => {
      const { actor, out } = start({ registered: true });
      actor.send({
        type: 'SET.PATHS',
        mirror: true,
        network: false,
        ack: { to: 'standby-1', flow: 'standby-1/method-1', step: 'narrow' }
      });
      expect(actor.getSnapshot().context).toMatchObject({ mirror: true, network: false });
      expect(out).toEqual([
        { type: 'note', text: 'heartbeat sender writes mirror' },
        { type: 'table.changed', registered: true, mirror: true, network: false },
        { type: 'paths.ack', to: 'standby-1', flow: 'standby-1/method-1', step: 'narrow' }
      ]);
    });

    it('should set the rows without an acknowledgement when none is asked for', () => {
      const { actor, out } = standby({ registered: true, mirror: false });
      actor.send({ type: 'SET.PATHS', mirror: true, network: true });
      expect(out).toEqual([
        { type: 'note', text: 'watches mirror + network' },
        { type: 'table.changed', registered: true, mirror: true, network: true }
      ]);
    });

    it('should set the rows in either registration state', () => {
      const { actor, out } = start({ registered: false });
      actor.send({
        type: 'SET.PATHS',
        mirror: false,
        network: true,
        ack: { to: 'standby-1', flow: 'f', step: 'widen' }
      });
      expect(actor.getSnapshot().value).toBe('unregistered');
      expect(out.map((e) => e.type)).toEqual(['note', 'table.changed', 'paths.ack']);
    });
  });

  describe('the mirror row is enabled only while registered', () => {
    it('should announce the mirror row disabled when the method wants it but nothing is registered', () => {
      const { actor, out } = start({ registered: false, mirror: false });
      actor.send({ type: 'SET.PATHS', mirror: true, network: false });
      expect(actor.getSnapshot().context.mirror).toBe(true);
      expect(out).toEqual([
        { type: 'note', text: 'heartbeat sender writes no path' },
        { type: 'table.changed', registered: false, mirror: false, network: false }
      ]);
    });

    it('should enable the wanted mirror row once registered and disable it again once unregistered', () => {
      const { actor, out } = start({ registered: false, mirror: true });
      actor.send({ type: 'REGISTER' });
      actor.send({ type: 'UNREGISTER' });
      expect(out.filter((e) => e.type === 'table.changed')).toEqual([
        { type: 'table.changed', registered: true, mirror: true, network: true },
        { type: 'table.changed', registered: false, mirror: false, network: true }
      ]);
    });

    it('should keep the mirror row disabled on registration when the method does not want it', () => {
      const { actor, out } = standby({ registered: false, mirror: false });
      actor.send({ type: 'ACTIVATE', from: 'prod-1', flow: 'f' });
      expect(out).toContainEqual({
        type: 'table.changed',
        registered: true,
        mirror: false,
        network: true
      });
      expect(out[0]).toEqual({
        type: 'note',
        text: 'standby-hb registered to the device address entry (mirror row disabled)'
      });
    });
  });
});
