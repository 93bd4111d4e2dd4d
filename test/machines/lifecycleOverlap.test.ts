/**
 * Lifecycle changes do not overlap (FIG. 5 against FIG. 8): the standby refuses a deactivation
 * while a change of its own is in progress or while the mirror is the only row it watches, and
 * production's de-install aborts on the refusal with its writer never stopped.
 */
import { createActor } from 'xstate';
import {
  statusTableMachine,
  type StatusTableEmitted,
  type StatusTableInput
} from '../../machines/statusTableMachine';
import { uninstallMachine, type UninstallEmitted } from '../../machines/uninstallMachine';
import { createSimClock } from '../../sim';

function standbyTable(input: Partial<StatusTableInput> = {}) {
  const actor = createActor(statusTableMachine, {
    clock: createSimClock(),
    input: {
      site: 'standby',
      volume: 'standby-hb',
      registered: true,
      mirror: true,
      network: true,
      ...input
    }
  });
  const out: StatusTableEmitted[] = [];
  actor.on('*', (e) => out.push(e));
  actor.start();
  return { actor, out };
}

function uninstall() {
  const clock = createSimClock();
  const actor = createActor(uninstallMachine, {
    clock,
    input: {
      group: 'app',
      pvol: 'prod-hb',
      installed: true,
      mirrorOnly: false,
      attempts: 3,
      ackTimeout: 1000,
      commandTimeout: 3000
    }
  });
  const out: UninstallEmitted[] = [];
  actor.on('*', (e) => out.push(e));
  actor.start();
  actor.send({ type: 'START' });
  return { clock, actor, out };
}

const deactivate = { type: 'DEACTIVATE', from: 'prod-1', flow: 'prod-1/uninstall-1' } as const;

describe('lifecycle changes do not overlap', () => {
  describe('the standby’s status table', () => {
    it('should refuse a deactivation while a method change of its own is in progress', () => {
      const { actor, out } = standbyTable();
      actor.send({ ...deactivate, busy: 'another change (method) is in progress' });
      expect(actor.getSnapshot().value).toBe('registered');
      expect(actor.getSnapshot().context.registered).toBe(true);
      expect(out).toEqual([
        {
          type: 'note',
          text: 'deactivation of standby-hb refused: another change (method) is in progress'
        },
        {
          type: 'deactivate.refused',
          to: 'prod-1',
          flow: 'prod-1/uninstall-1',
          reason: 'another change (method) is in progress'
        }
      ]);
    });

    it('should refuse a deactivation while the mirror is the only row it watches', () => {
      const { actor, out } = standbyTable({ network: false });
      actor.send(deactivate);
      expect(actor.getSnapshot().value).toBe('registered');
      expect(out.filter((e) => e.type !== 'note')).toEqual([
        {
          type: 'deactivate.refused',
          to: 'prod-1',
          flow: 'prod-1/uninstall-1',
          reason:
            'the mirror is the only heartbeat path the standby watches (checking method mirror)'
        }
      ]);
      expect(out.some((e) => e.type === 'table.changed')).toBe(false);
    });

    it('should still take a deactivation when nothing is in progress and the network is watched', () => {
      const { actor, out } = standbyTable();
      actor.send(deactivate);
      expect(actor.getSnapshot().value).toBe('unregistered');
      expect(out.map((e) => e.type)).toEqual(['note', 'table.changed', 'deactivate.ack']);
    });
  });

  describe('production’s de-install', () => {
    it('should abort on a refusal, never stopping the writer, and ask the standby to watch again', () => {
      const { actor, out } = uninstall();
      actor.send({
        type: 'DEACTIVATION.REFUSED',
        reason: 'another change (method) is in progress'
      });
      expect(out.map((e) => e.type)).toEqual(['deactivation.send', 'activation.send']);
      actor.send({ type: 'ACTIVATION.ACK' });
      expect(actor.getSnapshot().value).toBe('aborted');
      expect(out.some((e) => e.type === 'pvol.unregister' || e.type === 'pair.delete')).toBe(false);
      const alert = out.find((e) => e.type === 'alert');
      expect(alert).toEqual({
        type: 'alert',
        kind: 'uninstall-aborted',
        detail:
          'app: the standby refused the deactivation (another change (method) is in progress); both status tables as they were (the standby confirmed it watches again)'
      });
      expect(out.at(-1)).toMatchObject({ type: 'uninstall.done', ok: false });
    });

    it('should ignore a refusal that arrives after the standby acknowledged', () => {
      const { actor, out } = uninstall();
      actor.send({ type: 'DEACTIVATION.ACK' });
      actor.send({ type: 'DEACTIVATION.REFUSED', reason: 'late' });
      actor.send({ type: 'DELETE.DONE' });
      expect(actor.getSnapshot().value).toBe('uninstalled');
      expect(out.some((e) => e.type === 'activation.send')).toBe(false);
    });
  });
});
