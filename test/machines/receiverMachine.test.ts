import { createActor } from 'xstate';
import { encodeHeartbeat } from '../../model/heartbeatMessage';
import { receiverMachine, type ReceiverEmitted } from '../../machines/receiverMachine';
import { createSimClock } from '../../sim';
import { RECEIVER_INPUT, answerPolls } from './receiverInput';

function setup(overrides: Partial<Parameters<typeof createActor>[1]> = {}) {
  const clock = createSimClock();
  const actor = createActor(receiverMachine, {
    clock,
    input: RECEIVER_INPUT,
    ...overrides
  });
  const emitted: Array<ReceiverEmitted & { at: number }> = [];
  actor.on('*', (e) => emitted.push({ ...(e as ReceiverEmitted), at: clock.now() }));
  const answer = answerPolls(clock, actor);
  actor.start();
  actor.send({ type: 'START' });
  return { clock, actor, emitted, answer };
}

const hb = (serial: number, identifier = 'app/hb-pair', time = 0) =>
  encodeHeartbeat({ serial, time, identifier });

describe('receiverMachine', () => {
  it('should have its host poll the heartbeat S-VOL every pollInterval while it watches', () => {
    const { clock, emitted, actor } = setup();
    const polls = () =>
      emitted
        .filter((e) => e.type === 'hb.poll')
        .map((e) => (e.type === 'hb.poll' && e.active ? [e.at, e.interval, e.ioTimeout] : [e.at]));
    expect(polls()).toEqual([[0, 1000, 2000]]);
    clock.runUntil(3500);
    actor.send({ type: 'FREEZE' });
    clock.runUntil(5000);
    actor.send({ type: 'RESUME' });
    clock.runUntil(6000);
    actor.send({ type: 'STOP' });
    expect(polls()).toEqual([[0, 1000, 2000], [3500], [5000, 1000, 2000], [6000]]);
  });

  it('should warn at 50/75/90 % of the timeout and declare the path invalid at the timeout', () => {
    const { clock, emitted, actor, answer } = setup();
    answer(() => ({ type: 'READ.DONE', data: hb(7), pairState: 'PAIR' }));
    clock.runUntil(10_000);
    const mirrorAlerts = emitted.filter(
      (e) =>
        e.type === 'alert' && (e.detail.startsWith('mirror') || e.kind === 'mirror-heartbeat-lost')
    );
    // Serial 7 is first seen at the 1 s poll, then never advances.
    expect(mirrorAlerts.map((e) => [e.at, e.type === 'alert' && e.kind])).toEqual([
      [3500, 'heartbeat-warning'],
      [4750, 'heartbeat-warning'],
      [5500, 'heartbeat-warning'],
      [6000, 'mirror-heartbeat-lost']
    ]);
    expect(actor.getSnapshot().context.mirror.status).toBe('invalid');
  });

  it('should keep a path valid while serials advance and restore it when they resume', () => {
    const { clock, emitted, actor, answer } = setup();
    let serial = 0;
    let advancing = true;
    answer(() => {
      if (advancing) serial++;
      return { type: 'READ.DONE', data: hb(serial), pairState: 'PAIR' };
    });
    clock.runUntil(20_000);
    expect(actor.getSnapshot().context.mirror.status).toBe('valid');
    advancing = false;
    clock.runUntil(30_000);
    expect(actor.getSnapshot().context.mirror.status).toBe('invalid');
    advancing = true;
    clock.runUntil(31_000);
    expect(actor.getSnapshot().context.mirror.status).toBe('valid');
    expect(emitted.some((e) => e.type === 'alert' && e.kind === 'heartbeat-restored')).toBe(true);
  });

  it('should reject a foreign identifier as not advancing the serial', () => {
    const { clock, actor, answer } = setup();
    let serial = 0;
    answer(() => ({ type: 'READ.DONE', data: hb(++serial, 'other/pair'), pairState: 'PAIR' }));
    clock.runUntil(7000);
    const row = actor.getSnapshot().context.mirror;
    expect(row.status).toBe('invalid');
    expect(row.lastSerial).toBeNull();
    expect(row.reason).toMatch(/not the expected heartbeat/);
  });

  it('should take network heartbeats as they arrive and time them out on its own clock', () => {
    const { clock, actor, emitted } = setup();
    for (let i = 1; i <= 5; i++) {
      clock.setTimeout(
        () => actor.send({ type: 'NET.HEARTBEAT', data: hb(i, 'app/hb-pair', 999_999) }),
        i * 1000
      );
    }
    clock.runUntil(12_000);
    const lost = emitted.find((e) => e.type === 'alert' && e.kind === 'network-heartbeat-lost');
    expect(lost?.at).toBe(10_000);
    // The sender's clock is far off: a skew alert, but detection used serials only.
    expect(emitted.filter((e) => e.type === 'alert' && e.kind === 'clock-skew')).toHaveLength(1);
  });

  it('should treat an unanswered read as unreadable and a suspended pair as an alert', () => {
    const { clock, actor, emitted, answer } = setup();
    answer(() => ({ type: 'READ.FAILED', error: 'io-error', pairState: 'PSUE' }));
    clock.runUntil(6000);
    expect(actor.getSnapshot().context.readFailures).toBeGreaterThanOrEqual(5);
    expect(emitted.filter((e) => e.type === 'alert' && e.kind === 'pair-suspended')).toHaveLength(
      1
    );
    expect(emitted.find((e) => e.type === 'pair.state')).toMatchObject({ state: 'PSUE' });
  });

  it('should forget the pair state when the local array stops answering', () => {
    const { clock, actor, emitted, answer } = setup();
    let answering = true;
    answer(() => (answering ? { type: 'READ.DONE', data: hb(1), pairState: 'PAIR' } : null));
    clock.runUntil(1500);
    expect(actor.getSnapshot().context.pairState).toBe('PAIR');
    answering = false;
    clock.runUntil(4500);
    expect(actor.getSnapshot().context.pairState).toBeNull();
    expect(
      emitted.filter((e) => e.type === 'pair.state').map((e) => e.type === 'pair.state' && e.state)
    ).toEqual(['PAIR', null]);
  });

  it('should suspend a disabled path and re-baseline it when re-enabled', () => {
    const { clock, actor } = setup();
    actor.send({ type: 'SET.PATHS', mirror: false, network: true });
    expect(actor.getSnapshot().context.mirror.status).toBe('suspended');
    clock.runUntil(20_000);
    expect(actor.getSnapshot().context.mirror.status).toBe('suspended');
    actor.send({ type: 'SET.PATHS', mirror: true, network: true });
    expect(actor.getSnapshot().context.mirror.status).toBe('valid');
    expect(actor.getSnapshot().context.mirror.lastChange).toBe(20_000);
  });

  it('should take a network serial that went back as a restarted sender, but not a mirror one', () => {
    const { clock, actor, answer } = setup();
    // The mirror block goes back to an older serial (and stays): no news on that path.
    let mirrorSerial = 50;
    answer(() => ({ type: 'READ.DONE', data: hb(mirrorSerial), pairState: 'PAIR' }));
    let netSerial = 40;
    for (let t = 0; t < 20_000; t += 1000) {
      clock.runUntil(t);
      // At 8 s the sender restarts without its count: network serials start again from 1.
      netSerial = t === 8000 ? 1 : netSerial + 1;
      if (t === 8000) mirrorSerial = 3;
      actor.send({ type: 'NET.HEARTBEAT', data: hb(netSerial) });
    }
    clock.runUntil(20_000);
    const { network, mirror } = actor.getSnapshot().context;
    expect(network.status).toBe('valid');
    expect(network.lastSerial).toBe(12);
    expect(mirror.status).toBe('invalid');
    expect(mirror.lastSerial).toBe(50);
  });
});

describe('receiverMachine: a network heartbeat handed on after it arrived', () => {
  it('should count the timeout from its arrival (`at`), not from when it was taken', () => {
    const { clock, emitted, actor } = setup();
    actor.send({ type: 'SET.PATHS', mirror: false, network: true });
    clock.runUntil(1000);
    actor.send({ type: 'NET.HEARTBEAT', data: hb(1) });
    clock.runUntil(3000);
    // Serial 2 arrived at 2,000 and is taken at 3,000, just before the path would age.
    actor.send({ type: 'NET.HEARTBEAT', data: hb(2), at: 2000 });
    expect(actor.getSnapshot().context.network).toMatchObject({ lastSerial: 2, lastChange: 2000 });
    clock.runUntil(10_000);
    const network = emitted.filter(
      (e) =>
        e.type === 'alert' &&
        (e.detail.startsWith('network') || e.kind === 'network-heartbeat-lost')
    );
    expect(network.map((e) => [e.at, e.type === 'alert' && e.kind])).toEqual([
      [4500, 'heartbeat-warning'],
      [5750, 'heartbeat-warning'],
      [6500, 'heartbeat-warning'],
      [7000, 'network-heartbeat-lost']
    ]);
  });
});
