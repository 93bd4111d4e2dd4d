import { createActor } from 'xstate';
import {
  uninstallMachine,
  type UninstallEmitted,
  type UninstallInput
} from '../../machines/uninstallMachine';
import { createSimClock } from '../../sim';

function start(input: Partial<UninstallInput> = {}) {
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
      commandTimeout: 3000,
      ...input
    }
  });
  const out: Array<UninstallEmitted & { at: number }> = [];
  actor.on('*', (e) => out.push({ ...(e as UninstallEmitted), at: clock.now() }));
  actor.start();
  actor.send({ type: 'START' });
  return { clock, actor, out };
}

const types = (out: UninstallEmitted[]) => out.map((e) => e.type);
const alertOf = (out: UninstallEmitted[]) => {
  const a = out.find((e) => e.type === 'alert');
  return a?.type === 'alert' ? a : undefined;
};

describe('uninstallMachine (FIG. 5)', () => {
  it('should stop the standby watching before production stops writing, then delete the pair', () => {
    const { actor, out } = start();
    expect(types(out)).toEqual(['deactivation.send']);
    actor.send({ type: 'DEACTIVATION.ACK' });
    expect(types(out)).toEqual(['deactivation.send', 'pvol.unregister', 'pair.delete']);
    actor.send({ type: 'DELETE.DONE' });
    expect(actor.getSnapshot().value).toBe('uninstalled');
    expect(alertOf(out)).toMatchObject({ kind: 'uninstalled' });
  });

  it('should never stop the writer before the standby acknowledged', () => {
    const { clock, out } = start({ attempts: 3, ackTimeout: 1000 });
    clock.runUntil(2999);
    expect(types(out)).toEqual(['deactivation.send', 'deactivation.send', 'deactivation.send']);
  });

  it('should abort cleanly after the retries when the standby never acknowledges', () => {
    const { clock, actor, out } = start({ attempts: 3, ackTimeout: 1000 });
    clock.runUntil(3000);
    // The writer never stopped: only the standby is asked to watch again.
    expect(types(out)).toEqual([
      'deactivation.send',
      'deactivation.send',
      'deactivation.send',
      'activation.send'
    ]);
    actor.send({ type: 'ACTIVATION.ACK' });
    expect(actor.getSnapshot().value).toBe('aborted');
    expect(alertOf(out)).toMatchObject({ kind: 'uninstall-aborted' });
    expect(alertOf(out)?.detail).toMatch(/deactivation unacknowledged after 3 attempt\(s\)/);
    expect(alertOf(out)?.detail).toMatch(/both status tables as they were/);
  });

  it('should give up the re-activation after the retries and still abort', () => {
    const { clock, actor, out } = start({ attempts: 2, ackTimeout: 1000 });
    clock.runUntil(10_000);
    expect(out.filter((e) => e.type === 'activation.send')).toHaveLength(2);
    expect(actor.getSnapshot().value).toBe('aborted');
  });

  it('should restart the writer first when the pair cannot be deleted', () => {
    const { actor, out } = start();
    actor.send({ type: 'DEACTIVATION.ACK' });
    actor.send({ type: 'DELETE.FAILED', detail: 'swap-takeover in progress' });
    expect(types(out).slice(-2)).toEqual(['pvol.register', 'activation.send']);
    actor.send({ type: 'ACTIVATION.ACK' });
    expect(alertOf(out)?.detail).toMatch(/could not be deleted \(swap-takeover in progress\)/);
  });

  it('should refuse up front when the mirror is the only path or is not installed', () => {
    const only = start({ mirrorOnly: true });
    expect(types(only.out)).toEqual(['alert', 'uninstall.done']);
    expect(alertOf(only.out)?.detail).toMatch(/only heartbeat path.*nothing was changed/);
    const none = start({ installed: false });
    expect(alertOf(none.out)?.detail).toMatch(/not installed; nothing was changed/);
  });
});

describe('uninstallMachine: outcome reported', () => {
  const done = (out: UninstallEmitted[]) => out.filter((e) => e.type === 'uninstall.done');

  it('should start with the writer running and nothing confirmed', () => {
    const { actor } = start();
    expect(actor.getSnapshot().context).toMatchObject({
      attempt: 1,
      writerStopped: false,
      standbyConfirmed: false,
      reason: ''
    });
  });

  it('should report success with what was done', () => {
    const { actor, out } = start();
    actor.send({ type: 'DEACTIVATION.ACK' });
    actor.send({ type: 'DELETE.DONE' });
    expect(done(out)).toEqual([
      {
        type: 'uninstall.done',
        ok: true,
        reason:
          'app: heartbeat mirror prod-hb de-installed (standby stopped watching, production stopped writing, pair deleted)',
        at: 0
      }
    ]);
  });

  it('should report an abort with its reason, the writer running again', () => {
    const { actor, out } = start();
    actor.send({ type: 'DEACTIVATION.ACK' });
    actor.send({ type: 'DELETE.FAILED', detail: 'busy' });
    expect(actor.getSnapshot().context.writerStopped).toBe(false);
    actor.send({ type: 'ACTIVATION.ACK' });
    expect(done(out)).toEqual([
      {
        type: 'uninstall.done',
        ok: false,
        reason: 'heartbeat pair prod-hb could not be deleted (busy)',
        at: 0
      }
    ]);
  });
});
