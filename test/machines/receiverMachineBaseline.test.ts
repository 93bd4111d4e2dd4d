import { createActor } from 'xstate';
import { encodeHeartbeat } from '../../model/heartbeatMessage';
import { receiverMachine, type ReceiverEmitted } from '../../machines/receiverMachine';
import { createSimClock } from '../../sim';
import { RECEIVER_INPUT, answerPolls } from './receiverInput';

/** A re-enabled mirror row (install, aborted de-install, method change) and its first read. */
describe('receiverMachine: re-enabled mirror row', () => {
  function setup() {
    const clock = createSimClock();
    const actor = createActor(receiverMachine, {
      clock,
      input: { ...RECEIVER_INPUT, networkPeer: 'app/production', mirror: false }
    });
    const out: ReceiverEmitted[] = [];
    /** What the heartbeat S-VOL holds (every poll reads it). */
    const volume = { data: null as unknown };
    actor.on('*', (e) => out.push(e as ReceiverEmitted));
    answerPolls(clock, actor)(() => ({ type: 'READ.DONE', data: volume.data, pairState: 'PAIR' }));
    actor.start();
    actor.send({ type: 'START' });
    return { clock, actor, out, volume };
  }
  const block = (serial: number, time: number) =>
    encodeHeartbeat({ serial, time, identifier: 'app/hb-pair' });

  it('should take the block it first reads as a baseline, not as a fresh heartbeat', () => {
    const { clock, actor, out, volume } = setup();
    // The volume still holds a heartbeat written 15 s before the row is re-enabled.
    volume.data = block(5, 5000);
    clock.runUntil(20_000);
    actor.send({ type: 'SET.PATHS', mirror: true, network: true });
    clock.runUntil(21_000); // the next poll: no skew alarm, no advance
    expect(actor.getSnapshot().context.mirror.lastSerial).toBe(5);
    expect(out.some((e) => e.type === 'alert' && e.kind === 'clock-skew')).toBe(false);
    // It stays unproven: without a newer serial it goes invalid a timeout after re-enabling.
    clock.runUntil(24_999);
    expect(actor.getSnapshot().context.mirror.status).toBe('warning');
    clock.runUntil(25_000);
    expect(actor.getSnapshot().context.mirror.status).toBe('invalid');
  });

  it('should accept the next newer serial as usual', () => {
    const { clock, actor, volume } = setup();
    volume.data = block(5, 0);
    actor.send({ type: 'SET.PATHS', mirror: true, network: true });
    clock.runUntil(1000);
    volume.data = block(6, 1500);
    clock.runUntil(2000);
    expect(actor.getSnapshot().context.mirror).toMatchObject({
      lastSerial: 6,
      lastChange: 2000,
      status: 'valid'
    });
  });
});
