import { createActor } from 'xstate';
import { encodeHeartbeat } from '../../model/heartbeatMessage';
import type { PairState } from '../../model/storageTypes';
import { receiverMachine, type ReceiverEmitted } from '../../machines/receiverMachine';
import { createSimClock } from '../../sim';
import { RECEIVER_INPUT, answerPolls } from './receiverInput';

/**
 * A receiver whose S-VOL always holds serial 7 (production wrote nothing new: it was down, or
 * fence level data rejected its heartbeat writes while the pair was suspended) and whose array
 * reports the heartbeat pair as `pair.state` says.
 */
function receiver() {
  const clock = createSimClock();
  const actor = createActor(receiverMachine, {
    clock,
    input: RECEIVER_INPUT
  });
  const pair: { state: PairState } = { state: 'PAIR' };
  const out: Array<ReceiverEmitted & { at: number }> = [];
  actor.on('*', (e) => out.push({ ...(e as ReceiverEmitted), at: clock.now() }));
  answerPolls(
    clock,
    actor
  )(() => ({
    type: 'READ.DONE',
    data: encodeHeartbeat({ serial: 7, time: 0, identifier: 'app/hb-pair' }),
    pairState: pair.state
  }));
  actor.start();
  actor.send({ type: 'START' });
  return { clock, actor, pair, out };
}

describe('receiverMachine after a heartbeat pair resync', () => {
  it('should judge the mirror path afresh when the pair is back in PAIR, before telling the pair state', () => {
    const { clock, actor, pair, out } = receiver();
    clock.runUntil(2500);
    pair.state = 'PSUE';
    clock.runUntil(20_500);
    expect(actor.getSnapshot().context.mirror.status).toBe('invalid');
    // Resynchronised at 20.5 s: the next poll (21 s) reads PAIR.
    pair.state = 'PAIR';
    const from = out.length;
    clock.runUntil(21_000);
    const next = out.slice(from).filter((e) => e.type === 'path.status' || e.type === 'pair.state');
    // The mirror row is valid again before the decision hears PAIR: never "invalid + PAIR" on
    // the stale silence of the suspension.
    expect(next).toEqual([
      { type: 'path.status', path: 'mirror', status: 'valid', at: 21_000 },
      { type: 'pair.state', state: 'PAIR', at: 21_000 }
    ]);
    // …and a whole timeout later, still no new serial: invalid again, now on fresh evidence.
    clock.runUntil(25_999);
    expect(actor.getSnapshot().context.mirror.status).toBe('warning');
    clock.runUntil(26_000);
    expect(actor.getSnapshot().context.mirror.status).toBe('invalid');
  });

  it('should tell a suspension and other pair changes at once', () => {
    const { clock, pair, out } = receiver();
    clock.runUntil(1500);
    pair.state = 'PSUE';
    clock.runUntil(2000);
    expect(out.filter((e) => e.type === 'pair.state')).toEqual([
      { type: 'pair.state', state: 'PAIR', at: 1000 },
      { type: 'pair.state', state: 'PSUE', at: 2000 }
    ]);
  });
});
