import { createActor } from 'xstate';
import { encodeHeartbeat } from '../../model/heartbeatMessage';
import { receiverMachine, type ReceiverEmitted } from '../../machines/receiverMachine';
import type { PairState } from '../../model/storageTypes';
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

const alertsOf = (emitted: ReceiverEmitted[], kind: string) =>
  emitted.flatMap((e) => (e.type === 'alert' && e.kind === kind ? [e.detail] : []));
const pairStates = (emitted: ReceiverEmitted[]) =>
  emitted.flatMap((e) => (e.type === 'pair.state' ? [e.state] : []));

describe('receiverMachine: the first message, repeats and foreign data', () => {
  it('should take the first mirror message whatever its serial, from the read that brought it', () => {
    const { clock, actor, answer } = setup();
    answer(() => ({ type: 'READ.DONE', data: hb(0, 'app/hb-pair', 900), pairState: 'PAIR' }));
    clock.runUntil(1000);
    expect(actor.getSnapshot().context.mirror).toMatchObject({
      status: 'valid',
      lastSerial: 0,
      lastTime: 900,
      lastChange: 1000
    });
  });

  it('should count the timeout from the first arrival when a network serial repeats', () => {
    const { clock, actor, emitted } = setup();
    for (let t = 1000; t <= 9000; t += 1000) {
      clock.setTimeout(() => actor.send({ type: 'NET.HEARTBEAT', data: hb(5) }), t);
    }
    clock.runUntil(9000);
    expect(actor.getSnapshot().context.network).toMatchObject({
      status: 'invalid',
      lastSerial: 5,
      lastChange: 1000
    });
    expect(emitted.find((e) => e.type === 'alert' && e.kind === 'network-heartbeat-lost')?.at).toBe(
      6000
    );
  });

  it('should ignore heartbeats on a disabled path', () => {
    const { actor } = setup();
    actor.send({ type: 'NET.HEARTBEAT', data: hb(1) });
    actor.send({ type: 'SET.PATHS', mirror: true, network: false });
    actor.send({ type: 'NET.HEARTBEAT', data: hb(2) });
    expect(actor.getSnapshot().context.network).toMatchObject({
      status: 'suspended',
      lastSerial: 1
    });
  });

  it('should not call an empty block or a repeated serial foreign, but undecodable data is', () => {
    const { clock, actor, answer } = setup();
    const blocks: unknown[] = [hb(1), hb(1), null, undefined, 'garbage'];
    answer(() => ({ type: 'READ.DONE', data: blocks.shift(), pairState: 'PAIR' }));
    clock.runUntil(4000);
    expect(actor.getSnapshot().context.mirror).toMatchObject({ lastSerial: 1, lastChange: 1000 });
    expect(actor.getSnapshot().context.mirror.reason).toBeUndefined();
    clock.runUntil(5000);
    expect(actor.getSnapshot().context.mirror.reason).toBe(
      'not the expected heartbeat (identifier or format)'
    );
  });
});

describe('receiverMachine: reads that fail', () => {
  it('should count every unanswered read as a failed one, and give it as the reason', () => {
    const { clock, actor, emitted } = setup();
    clock.runUntil(9500);
    // Reads at 1 s, 4 s and 7 s, each unanswered for the 2 s I/O timeout.
    expect(actor.getSnapshot().context).toMatchObject({ readFailures: 3 });
    expect(actor.getSnapshot().context.mirror.reason).toBe('read failed: no answer');
    expect(alertsOf(emitted, 'mirror-heartbeat-lost')).toEqual([
      'mirror heartbeat from standby-hb invalid: no new serial for 5000 ms (last serial none; read failed: no answer)'
    ]);
  });

  it('should give the error of a failed read as the reason the mirror path was lost', () => {
    const { clock, actor, emitted, answer } = setup();
    let failing = false;
    answer(() =>
      failing
        ? { type: 'READ.FAILED', error: 'io-error', pairState: 'PAIR' }
        : { type: 'READ.DONE', data: hb(3), pairState: 'PAIR' }
    );
    clock.runUntil(1000);
    failing = true;
    clock.runUntil(6000);
    expect(actor.getSnapshot().context.mirror).toMatchObject({
      status: 'invalid',
      lastSerial: 3,
      reason: 'read failed: io-error'
    });
    expect(actor.getSnapshot().context.readFailures).toBe(5);
    expect(alertsOf(emitted, 'mirror-heartbeat-lost')).toEqual([
      'mirror heartbeat from standby-hb invalid: no new serial for 5000 ms (last serial 3; read failed: io-error)'
    ]);
  });
});

describe('receiverMachine: the heartbeat pair state', () => {
  it.each(['PSUE', 'PSUS', 'COPY', 'SSWS'] as const)(
    'should judge the mirror path afresh when the pair is back in PAIR after %s',
    (outOfPair) => {
      const { clock, actor, emitted, answer } = setup();
      let pairState: PairState = outOfPair;
      answer(() => ({ type: 'READ.DONE', data: hb(1), pairState }));
      clock.runUntil(8000);
      expect(actor.getSnapshot().context.mirror.status).toBe('invalid');
      pairState = 'PAIR';
      clock.runUntil(9000);
      expect(actor.getSnapshot().context.mirror).toMatchObject({
        status: 'valid',
        lastChange: 9000
      });
      expect(pairStates(emitted)).toEqual([outOfPair, 'PAIR']);
      // A whole timeout from the resynchronisation.
      clock.runUntil(13_999);
      expect(actor.getSnapshot().context.mirror.status).toBe('warning');
      clock.runUntil(14_000);
      expect(actor.getSnapshot().context.mirror.status).toBe('invalid');
    }
  );

  it('should not judge the mirror afresh when the array answers PAIR again after silence', () => {
    const { clock, actor, emitted, answer } = setup();
    let answering = true;
    answer(() => (answering ? { type: 'READ.DONE', data: hb(1), pairState: 'PAIR' } : null));
    clock.runUntil(1500);
    answering = false;
    clock.runUntil(7500);
    answering = true;
    clock.runUntil(8000);
    // Two unanswered reads (timed out at 4 s and 7 s), one forgotten pair state.
    expect(pairStates(emitted)).toEqual(['PAIR', null, 'PAIR']);
    expect(actor.getSnapshot().context.mirror).toMatchObject({
      status: 'invalid',
      lastChange: 1000
    });
  });

  it('should report each pair state change, alerting only on a suspension', () => {
    const { clock, emitted, answer } = setup();
    const states: PairState[] = ['PSUE', 'PSUS', 'COPY'];
    let serial = 0;
    answer(() => ({ type: 'READ.DONE', data: hb(++serial), pairState: states.shift() ?? 'COPY' }));
    clock.runUntil(4000);
    expect(pairStates(emitted)).toEqual(['PSUE', 'PSUS', 'COPY']);
    expect(alertsOf(emitted, 'pair-suspended')).toEqual([
      'heartbeat pair of standby-hb is PSUE',
      'heartbeat pair of standby-hb is PSUS'
    ]);
  });
});

describe('receiverMachine: clock skew', () => {
  it('should compare message times with its own clock plus its offset, alerting once per excursion', () => {
    const { clock, actor, emitted } = setup({ input: { ...RECEIVER_INPUT, clockOffset: 3000 } });
    const at = (t: number, serial: number, time: number) =>
      clock.setTimeout(
        () => actor.send({ type: 'NET.HEARTBEAT', data: hb(serial, 'app/hb-pair', time) }),
        t - clock.now()
      );
    // The sender's clock agrees with the offset: no skew.
    at(1000, 1, 4000);
    clock.runUntil(1000);
    expect(alertsOf(emitted, 'clock-skew')).toEqual([]);
    actor.send({ type: 'SKEW', offset: 0 });
    expect(actor.getSnapshot().context.clockOffset).toBe(0);
    at(2000, 2, 4500); // 2.5 s ahead: an alert
    at(2500, 3, 5000); // still ahead: no second alert
    at(3000, 4, 5000); // exactly the 2 s bound: back within bounds
    at(4000, 5, 7000); // ahead again: a new alert
    clock.runUntil(4000);
    expect(
      emitted.flatMap((e) =>
        e.type === 'alert' && e.kind === 'clock-skew' ? [[e.at, e.detail]] : []
      )
    ).toEqual([
      [
        2000,
        'network heartbeat time differs from the standby clock by 2500 ms (detection uses serials only)'
      ],
      [
        4000,
        'network heartbeat time differs from the standby clock by 3000 ms (detection uses serials only)'
      ]
    ]);
  });
});

describe('receiverMachine: row status and alerts', () => {
  it('should name the last serial and its age in a warning, or none since the start', () => {
    const { clock, emitted, answer } = setup();
    answer(() => ({ type: 'READ.DONE', data: hb(7), pairState: 'PAIR' }));
    clock.runUntil(3500);
    expect(alertsOf(emitted, 'heartbeat-warning')).toEqual([
      'network heartbeat from prod: no new serial for 50% of the timeout (last serial none, start)',
      'mirror heartbeat from standby-hb: no new serial for 50% of the timeout (last serial 7, 2500 ms)'
    ]);
  });

  it('should emit a path status only when the status changes', () => {
    const { clock, actor, emitted } = setup();
    actor.send({ type: 'SET.PATHS', mirror: false, network: true });
    clock.runUntil(6000);
    expect(
      emitted.flatMap((e) => (e.type === 'path.status' ? [[e.at, e.path, e.status]] : []))
    ).toEqual([
      [0, 'mirror', 'suspended'],
      [2500, 'network', 'warning'],
      [5000, 'network', 'invalid']
    ]);
  });

  it('should say a heartbeat is restored only when its path had been lost', () => {
    const { clock, actor, emitted, answer } = setup();
    let serial = 1;
    answer(() => ({ type: 'READ.DONE', data: hb(serial), pairState: 'PAIR' }));
    actor.send({ type: 'SET.PATHS', mirror: true, network: false });
    clock.runUntil(3500);
    expect(actor.getSnapshot().context.mirror.status).toBe('warning');
    serial = 2;
    clock.runUntil(4000);
    expect(actor.getSnapshot().context.mirror.status).toBe('valid');
    serial = 2;
    clock.runUntil(9000);
    expect(actor.getSnapshot().context.mirror.status).toBe('invalid');
    actor.send({ type: 'SET.PATHS', mirror: false, network: false });
    expect(actor.getSnapshot().context.mirror.status).toBe('suspended');
    expect(alertsOf(emitted, 'heartbeat-restored')).toEqual([]);
  });
});

describe('receiverMachine: paths enabled and disabled', () => {
  it('should take the next mirror read as news when only the network path changes', () => {
    const { clock, actor, answer } = setup();
    let serial = 0;
    answer(() => ({ type: 'READ.DONE', data: hb(++serial), pairState: 'PAIR' }));
    clock.runUntil(1500);
    actor.send({ type: 'SET.PATHS', mirror: true, network: false });
    clock.runUntil(2000);
    expect(actor.getSnapshot().context.mirror).toMatchObject({ lastSerial: 2, lastChange: 2000 });
    clock.runUntil(2500);
    actor.send({ type: 'SET.PATHS', mirror: true, network: true });
    clock.runUntil(3000);
    expect(actor.getSnapshot().context.mirror).toMatchObject({ lastSerial: 3, lastChange: 3000 });
  });

  it('should keep the highest serial seen when a re-enabled mirror block holds an older or a foreign one', () => {
    const { clock, actor, answer } = setup();
    let block: unknown = hb(10);
    answer(() => ({ type: 'READ.DONE', data: block, pairState: 'PAIR' }));
    const reEnable = () => {
      actor.send({ type: 'SET.PATHS', mirror: false, network: true });
      actor.send({ type: 'SET.PATHS', mirror: true, network: true });
    };
    clock.runUntil(1000);
    block = hb(5);
    reEnable();
    clock.runUntil(2000); // the baseline read
    block = hb(8);
    clock.runUntil(3000); // older than 10: no news
    expect(actor.getSnapshot().context.mirror).toMatchObject({ lastSerial: 10, lastChange: 1000 });
    block = 'garbage';
    reEnable();
    clock.runUntil(4000);
    block = hb(99, 'other/pair');
    reEnable();
    clock.runUntil(5000);
    expect(actor.getSnapshot().context.mirror.lastSerial).toBe(10);
  });
});
