import { createActor } from 'xstate';
import {
  failbackMachine,
  type FailbackEmitted,
  type FailbackInput
} from '../../machines/failbackMachine';
import { createSimClock } from '../../sim';

function start(input: Partial<FailbackInput> = {}) {
  const clock = createSimClock();
  const actor = createActor(failbackMachine, {
    clock,
    input: {
      group: 'app',
      standbyServing: true,
      pairState: 'SSWS',
      primaryAtStandby: false,
      commandTimeout: 3000,
      copyTimeout: 5000,
      appTimeout: 4000,
      probeTimeout: 2000,
      switchTimeout: 9000,
      ...input
    }
  });
  const out: Array<FailbackEmitted & { at: number }> = [];
  actor.on('*', (e) => out.push({ ...e, at: clock.now() }));
  actor.start();
  actor.send({ type: 'START' });
  return { clock, actor, out };
}

const types = (out: FailbackEmitted[]) => out.map((e) => e.type);
const alertOf = (out: FailbackEmitted[]) => {
  const a = out.find((e) => e.type === 'alert');
  return a?.type === 'alert' ? `${a.kind}: ${a.detail}` : '';
};
const doneOf = (out: FailbackEmitted[]) => out.find((e) => e.type === 'failback.done');

/** Start, answer the probe and (SSWS) carry the reverse resync through to the heartbeat resync. */
function toHeartbeatResync(input: Partial<FailbackInput> = {}) {
  const run = start(input);
  run.actor.send({ type: 'PROBE.READY' });
  if (run.actor.getSnapshot().matches('reverseResync')) {
    run.actor.send({ type: 'SWAP.ACCEPTED' });
    run.actor.send({ type: 'PAIR.STATE', state: 'COPY' });
    run.actor.send({ type: 'PAIR.STATE', state: 'PAIR' });
  }
  return run;
}

/** ... then the heartbeat pairs are ready and the standby's application stops. */
function toSwitchingBack(input: Partial<FailbackInput> = {}) {
  const run = toHeartbeatResync(input);
  run.actor.send({ type: 'HB.READY' });
  run.actor.send({ type: 'APP.STOPPED' });
  return run;
}

describe('failbackMachine', () => {
  describe('probe', () => {
    it('should probe production first, and nothing else, when the standby serves', () => {
      const { actor, out } = start();
      expect(types(out)).toEqual(['production.probe']);
      expect(actor.getSnapshot().value).toBe('probing');
    });

    it('should go on to the reverse resync when production answers ready', () => {
      const { actor, out } = start({ pairState: 'SSWS' });
      actor.send({ type: 'PROBE.READY' });
      expect(types(out)).toEqual(['production.probe', 'pair.reverseResync']);
      expect(actor.getSnapshot().matches({ reverseResync: 'requesting' })).toBe(true);
    });

    it('should refuse with the problem production reports when it is not ready', () => {
      const { actor, out } = start();
      actor.send({ type: 'PROBE.NOT_READY', problem: 'its array: storage failed' });
      expect(actor.getSnapshot().value).toBe('refused');
      expect(actor.getSnapshot().status).toBe('done');
      expect(types(out)).toEqual(['production.probe', 'alert', 'failback.done']);
      expect(alertOf(out)).toBe(
        'failback-refused: app: failback refused: production is not healthy: its array: storage failed'
      );
      expect(doneOf(out)).toMatchObject({ ok: false });
    });

    it('should refuse when production does not answer within probeTimeout', () => {
      const { clock, actor, out } = start({ probeTimeout: 2000 });
      clock.runUntil(1999);
      expect(actor.getSnapshot().value).toBe('probing');
      clock.runUntil(2000);
      expect(actor.getSnapshot().value).toBe('refused');
      expect(doneOf(out)).toMatchObject({
        at: 2000,
        ok: false,
        reason: 'production is not healthy: no answer within 2000 ms'
      });
    });

    it('should ignore a late probe answer once refused', () => {
      const { clock, actor, out } = start();
      clock.runUntil(2000);
      const before = out.length;
      actor.send({ type: 'PROBE.READY' });
      expect(out).toHaveLength(before);
      expect(actor.getSnapshot().value).toBe('refused');
    });
  });

  describe('refusals up front', () => {
    it('should refuse without probing when the standby is not serving', () => {
      const { actor, out } = start({ standbyServing: false });
      expect(actor.getSnapshot().value).toBe('refused');
      expect(types(out)).toEqual(['alert', 'failback.done']);
      expect(alertOf(out)).toMatch(/not serving the application: nothing to fail back$/);
    });

    it.each([
      [{ pairState: 'PSUE' as const, primaryAtStandby: true }, 'the data pair is PSUE, not PAIR'],
      [
        { pairState: 'PAIR' as const, primaryAtStandby: false },
        'the data pair is PAIR with its P-VOL at production, not PAIR'
      ],
      [
        { pairState: 'COPY' as const, primaryAtStandby: false },
        'the data pair is COPY with its P-VOL at production, not PAIR'
      ]
    ])('should refuse after the probe when the pair is not ready: %o', (input, reason) => {
      const { actor, out } = start(input);
      actor.send({ type: 'PROBE.READY' });
      expect(actor.getSnapshot().value).toBe('refused');
      expect(types(out)).toEqual(['production.probe', 'alert', 'failback.done']);
      expect(doneOf(out)).toMatchObject({ ok: false, reason });
    });
  });

  describe('reverse resync (after an SVOL-takeover)', () => {
    it('should resync in reverse, wait for PAIR and then resync the heartbeat pairs', () => {
      const { actor, out } = start({ pairState: 'SSWS' });
      actor.send({ type: 'PROBE.READY' });
      actor.send({ type: 'SWAP.ACCEPTED' });
      expect(actor.getSnapshot().matches({ reverseResync: 'copying' })).toBe(true);
      actor.send({ type: 'PAIR.STATE', state: 'COPY' });
      expect(actor.getSnapshot().matches({ reverseResync: 'copying' })).toBe(true);
      actor.send({ type: 'PAIR.STATE', state: 'PAIR' });
      expect(actor.getSnapshot().value).toBe('heartbeatResync');
      expect(actor.getSnapshot().context.resynced).toBe(true);
      expect(types(out)).toEqual(['production.probe', 'pair.reverseResync', 'heartbeat.resync']);
    });

    it('should skip the reverse resync after a swap-takeover (PAIR with the P-VOL here)', () => {
      const { actor, out } = start({ pairState: 'PAIR', primaryAtStandby: true });
      actor.send({ type: 'PROBE.READY' });
      expect(types(out)).toEqual(['production.probe', 'heartbeat.resync']);
      expect(actor.getSnapshot().context.resynced).toBe(false);
    });

    it('should refuse when the array refuses the swap', () => {
      const { actor, out } = start();
      actor.send({ type: 'PROBE.READY' });
      actor.send({ type: 'SWAP.REFUSED', detail: 'pair busy' });
      expect(actor.getSnapshot().value).toBe('refused');
      expect(doneOf(out)?.reason).toBe('reverse resync refused: pair busy');
    });

    it('should refuse when the array does not answer the swap within commandTimeout', () => {
      const { clock, actor, out } = start({ commandTimeout: 3000 });
      clock.runUntil(100);
      actor.send({ type: 'PROBE.READY' });
      clock.runUntil(3099);
      expect(actor.getSnapshot().matches({ reverseResync: 'requesting' })).toBe(true);
      clock.runUntil(3100);
      expect(doneOf(out)).toMatchObject({
        at: 3100,
        reason: 'reverse resync refused: no answer within 3000 ms'
      });
    });

    it('should refuse when the copy suspends', () => {
      const { actor, out } = start();
      actor.send({ type: 'PROBE.READY' });
      actor.send({ type: 'SWAP.ACCEPTED' });
      actor.send({ type: 'PAIR.STATE', state: 'PSUE' });
      expect(doneOf(out)?.reason).toBe('reverse resync failed: the data pair went PSUE');
    });

    it('should refuse when the copy does not reach PAIR within copyTimeout', () => {
      const { clock, actor, out } = start({ copyTimeout: 5000 });
      actor.send({ type: 'PROBE.READY' });
      actor.send({ type: 'SWAP.ACCEPTED' });
      actor.send({ type: 'PAIR.STATE', state: 'COPY' });
      clock.runUntil(4999);
      expect(doneOf(out)).toBeUndefined();
      clock.runUntil(5000);
      expect(doneOf(out)).toMatchObject({
        at: 5000,
        reason: 'reverse resync not complete within 5000 ms'
      });
    });
  });

  describe('heartbeat resync', () => {
    it('should stop the standby application once the heartbeat pairs are ready', () => {
      const { actor, out } = toHeartbeatResync();
      actor.send({ type: 'HB.READY' });
      expect(actor.getSnapshot().value).toBe('stoppingStandbyApp');
      expect(types(out).at(-1)).toBe('standby.stopApp');
    });

    it('should refuse when the heartbeat resync fails', () => {
      const { actor, out } = toHeartbeatResync();
      actor.send({ type: 'HB.FAILED', detail: 'prod-hb refused' });
      expect(doneOf(out)?.reason).toBe('heartbeat pair resync failed: prod-hb refused');
    });

    it('should refuse when the heartbeat pairs are not ready within copyTimeout', () => {
      const { clock, out } = toHeartbeatResync({ pairState: 'PAIR', primaryAtStandby: true });
      clock.runUntil(5000);
      expect(doneOf(out)).toMatchObject({
        at: 5000,
        reason: 'heartbeat pair resync failed: not complete within 5000 ms'
      });
    });
  });

  describe('stop the application and switch back', () => {
    it('should ask production to switch back once the application stopped', () => {
      const { actor, out } = toSwitchingBack();
      expect(actor.getSnapshot().value).toBe('switchingBack');
      expect(types(out).slice(-2)).toEqual(['standby.stopApp', 'pair.switchBack']);
    });

    it('should switch back anyway when the application does not confirm within appTimeout', () => {
      const { clock, actor, out } = toHeartbeatResync({ appTimeout: 4000 });
      clock.runUntil(1000);
      actor.send({ type: 'HB.READY' });
      clock.runUntil(4999);
      expect(actor.getSnapshot().value).toBe('stoppingStandbyApp');
      clock.runUntil(5000);
      expect(actor.getSnapshot().value).toBe('switchingBack');
      expect(out.at(-1)).toMatchObject({ type: 'pair.switchBack', at: 5000 });
    });

    it('should return to monitoring and complete when production switched back', () => {
      const { actor, out } = toSwitchingBack({ pairState: 'SSWS' });
      actor.send({ type: 'SWITCHED', takeover: 'swap-takeover' });
      expect(actor.getSnapshot().value).toBe('completed');
      expect(types(out).slice(-3)).toEqual(['standby.monitor', 'alert', 'failback.done']);
      expect(alertOf(out)).toBe(
        'failback-completed: app: application back at production (reverse resync, then swap-takeover); standby monitoring again'
      );
      expect(doneOf(out)).toMatchObject({ ok: true });
      expect(types(out)).not.toContain('standby.startApp');
    });

    it('should not mention a reverse resync after a swap-takeover failover', () => {
      const { actor, out } = toSwitchingBack({ pairState: 'PAIR', primaryAtStandby: true });
      actor.send({ type: 'SWITCHED', takeover: 'swap-takeover' });
      expect(alertOf(out)).toMatch(/application back at production \(swap-takeover\)/);
    });

    it('should restart the standby application when production refuses with restart', () => {
      const { actor, out } = toSwitchingBack();
      actor.send({
        type: 'SWITCH.REFUSED',
        detail: 'takeover refused at production: busy',
        restart: true
      });
      expect(actor.getSnapshot().value).toBe('refused');
      expect(types(out).slice(-3)).toEqual(['standby.startApp', 'alert', 'failback.done']);
      expect(doneOf(out)?.reason).toBe(
        'switch back refused: takeover refused at production: busy; the application was restarted at the standby'
      );
      expect(types(out)).not.toContain('standby.monitor');
    });

    it('should not restart the standby application when production refuses without restart', () => {
      const { actor, out } = toSwitchingBack();
      actor.send({ type: 'SWITCH.REFUSED', detail: 'start timed out', restart: false });
      expect(actor.getSnapshot().value).toBe('refused');
      expect(types(out)).not.toContain('standby.startApp');
      expect(types(out)).not.toContain('standby.monitor');
      expect(doneOf(out)?.reason).toBe('switch back refused: start timed out');
    });

    it('should give up and ask for an operator when production does not answer within switchTimeout', () => {
      const { clock, actor, out } = start({ pairState: 'PAIR', primaryAtStandby: true });
      clock.runUntil(10);
      actor.send({ type: 'PROBE.READY' });
      actor.send({ type: 'HB.READY' });
      actor.send({ type: 'APP.STOPPED' });
      clock.runUntil(9009);
      expect(actor.getSnapshot().value).toBe('switchingBack');
      clock.runUntil(9010);
      expect(doneOf(out)).toMatchObject({
        at: 9010,
        ok: false,
        reason:
          'switch back not answered within 9000 ms; the application runs nowhere: operator action required'
      });
      expect(types(out)).not.toContain('standby.startApp');
    });
  });
});

describe('failbackMachine: the takeover and the copy reported', () => {
  it('should refuse when the reverse copy is suspended by the user (PSUS)', () => {
    const { actor, out } = start();
    actor.send({ type: 'PROBE.READY' });
    actor.send({ type: 'SWAP.ACCEPTED' });
    actor.send({ type: 'PAIR.STATE', state: 'COPY' });
    actor.send({ type: 'PAIR.STATE', state: 'PSUS' });
    expect(doneOf(out)?.reason).toBe('reverse resync failed: the data pair went PSUS');
  });

  it('should name the takeover production switched back with', () => {
    const { actor, out } = toSwitchingBack({ pairState: 'PAIR', primaryAtStandby: true });
    actor.send({ type: 'SWITCHED', takeover: 'svol-takeover' });
    expect(actor.getSnapshot().context.takeover).toBe('svol-takeover');
    expect(alertOf(out)).toBe(
      'failback-completed: app: application back at production (svol-takeover); standby monitoring again'
    );
  });
});
