import { createActor } from 'xstate';
import {
  installMachine,
  type InstallEmitted,
  type InstallInput
} from '../../machines/installMachine';
import { createSimClock } from '../../sim';

function start(input: Partial<InstallInput> = {}) {
  const clock = createSimClock();
  const actor = createActor(installMachine, {
    clock,
    input: {
      group: 'app',
      pvol: 'prod-hb',
      svol: 'standby-hb',
      attempts: 3,
      ackTimeout: 1000,
      commandTimeout: 3000,
      copyTimeout: 5000,
      ...input
    }
  });
  const out: Array<InstallEmitted & { at: number }> = [];
  actor.on('*', (e) => out.push({ ...(e as InstallEmitted), at: clock.now() }));
  actor.start();
  actor.send({ type: 'START' });
  return { clock, actor, out };
}

const types = (out: InstallEmitted[]) => out.map((e) => e.type);
const alertOf = (out: InstallEmitted[]) => out.find((e) => e.type === 'alert');

describe('installMachine (FIG. 4)', () => {
  it('should create the pair, register the P-VOL after PAIR, activate and finish on the ack', () => {
    const { actor, out } = start();
    expect(types(out)).toEqual(['pair.create']);
    actor.send({ type: 'CREATE.ACCEPTED' });
    actor.send({ type: 'PAIR.STATE', state: 'COPY' });
    expect(types(out)).toEqual(['pair.create']);
    actor.send({ type: 'PAIR.STATE', state: 'PAIR' });
    expect(types(out)).toEqual(['pair.create', 'pvol.register', 'activation.send']);
    actor.send({ type: 'ACTIVATION.ACK' });
    expect(actor.getSnapshot().value).toBe('installed');
    expect(actor.getSnapshot().status).toBe('done');
    expect(alertOf(out)).toMatchObject({ kind: 'installed' });
    expect(out.at(-1)).toMatchObject({ type: 'install.done', ok: true });
  });

  it('should fail without rollback when the pair creation is refused', () => {
    const { actor, out } = start();
    actor.send({ type: 'CREATE.REFUSED', detail: 'volume is already paired (PAIR)' });
    expect(actor.getSnapshot().value).toBe('failed');
    expect(types(out)).toEqual(['pair.create', 'alert', 'install.done']);
    expect(alertOf(out)).toMatchObject({
      kind: 'install-failed',
      detail: expect.stringContaining('pair creation refused: volume is already paired (PAIR)')
    });
  });

  it('should delete the pair when the initial copy fails (PSUE during COPY)', () => {
    const { actor, out } = start();
    actor.send({ type: 'CREATE.ACCEPTED' });
    actor.send({ type: 'PAIR.STATE', state: 'PSUE' });
    expect(types(out)).toEqual(['pair.create', 'pair.delete']);
    actor.send({ type: 'DELETE.DONE' });
    expect(alertOf(out)).toMatchObject({
      kind: 'install-failed',
      detail: expect.stringContaining('initial copy failed: heartbeat pair went PSUE')
    });
  });

  it('should give up a copy that does not finish within copyTimeout', () => {
    const { actor, out, clock } = start({ copyTimeout: 4000 });
    actor.send({ type: 'CREATE.ACCEPTED' });
    clock.runUntil(3999);
    expect(types(out)).toEqual(['pair.create']);
    clock.runUntil(4000);
    expect(types(out)).toEqual(['pair.create', 'pair.delete']);
    actor.send({ type: 'DELETE.DONE' });
    expect(alertOf(out)?.type === 'alert' && alertOf(out)?.detail).toMatch(
      /initial copy not complete within 4000 ms/
    );
  });

  it('should retry the activation, then unregister, cancel and delete when never acknowledged', () => {
    const { actor, out, clock } = start({ attempts: 3, ackTimeout: 1000 });
    actor.send({ type: 'CREATE.ACCEPTED' });
    actor.send({ type: 'PAIR.STATE', state: 'PAIR' });
    clock.runUntil(3000);
    const sends = out.filter((e) => e.type === 'activation.send');
    expect(sends.map((e) => e.at)).toEqual([0, 1000, 2000]);
    expect(types(out).slice(-3)).toEqual(['pvol.unregister', 'activation.cancel', 'pair.delete']);
    expect(out.find((e) => e.type === 'pvol.unregister')?.at).toBe(3000);
    actor.send({ type: 'DELETE.DONE' });
    expect(alertOf(out)?.type === 'alert' && alertOf(out)?.detail).toMatch(
      /activation unacknowledged after 3 attempt\(s\)/
    );
    expect(actor.getSnapshot().context.registered).toBe(false);
  });

  it('should accept a late acknowledgement of an earlier attempt while still activating', () => {
    const { actor, clock } = start();
    actor.send({ type: 'CREATE.ACCEPTED' });
    actor.send({ type: 'PAIR.STATE', state: 'PAIR' });
    clock.runUntil(1500);
    actor.send({ type: 'ACTIVATION.ACK' });
    expect(actor.getSnapshot().value).toBe('installed');
  });

  it('should still end (failed) when the rollback delete is refused or unanswered', () => {
    const refused = start();
    refused.actor.send({ type: 'CREATE.ACCEPTED' });
    refused.actor.send({ type: 'PAIR.STATE', state: 'PSUE' });
    refused.actor.send({ type: 'DELETE.FAILED', detail: 'no' });
    expect(refused.actor.getSnapshot().value).toBe('failed');
    const silent = start({ commandTimeout: 3000 });
    silent.clock.runUntil(3000); // create unanswered: the pair may exist, delete it
    expect(types(silent.out)).toEqual(['pair.create', 'pair.delete']);
    silent.clock.runUntil(6000);
    expect(silent.actor.getSnapshot().value).toBe('failed');
    expect(alertOf(silent.out)?.type === 'alert' && alertOf(silent.out)?.detail).toMatch(
      /could not be deleted/
    );
  });
});

describe('installMachine: copy failures and rollback reasons', () => {
  it.each(['PSUS', 'SMPL'] as const)(
    'should delete the pair when it goes %s during COPY',
    (state) => {
      const { actor, out } = start();
      actor.send({ type: 'CREATE.ACCEPTED' });
      actor.send({ type: 'PAIR.STATE', state: 'COPY' });
      actor.send({ type: 'PAIR.STATE', state });
      expect(types(out)).toEqual(['pair.create', 'pair.delete']);
    }
  );

  it('should say why the rollback delete failed, and report the install failed', () => {
    const { actor, out } = start();
    actor.send({ type: 'CREATE.ACCEPTED' });
    actor.send({ type: 'PAIR.STATE', state: 'PSUE' });
    actor.send({ type: 'DELETE.FAILED', detail: 'volume busy' });
    expect(out.find((e) => e.type === 'install.done')).toEqual({
      type: 'install.done',
      ok: false,
      reason:
        'initial copy failed: heartbeat pair went PSUE during COPY; the pair could not be deleted (volume busy)',
      at: 0
    });
    expect(actor.getSnapshot().context.created).toBe(true);
  });

  it('should start with nothing created, registered or attempted', () => {
    const { actor } = start();
    expect(actor.getSnapshot().context).toMatchObject({
      attempt: 0,
      created: false,
      registered: false,
      reason: ''
    });
  });
});
