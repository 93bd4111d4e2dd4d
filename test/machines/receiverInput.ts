import { NEVER, of, type Subscription } from 'rxjs';
import type { Actor } from 'xstate';
import {
  receiverMachine,
  type ReceiverInput,
  type ReceiverEvent
} from '../../machines/receiverMachine';
import type { SimClock } from '../../sim/createSimClock';
import { pollEvery } from '../../streams/pollEvery';

/** The receiver the receiver suites start: both paths watched, 5 s timeout, 1 s poll. */
export const RECEIVER_INPUT: ReceiverInput = {
  identifier: 'app/hb-pair',
  mirrorDevice: 'standby-hb',
  networkPeer: 'prod',
  mirror: true,
  network: true,
  timeout: 5000,
  pollInterval: 1000,
  ioTimeout: 2000
};

/** What one read of the heartbeat S-VOL answers. */
export type ReadEvent = Extract<ReceiverEvent, { type: 'READ.DONE' | 'READ.FAILED' }>;

/**
 * Answer a receiver's polls the way its host does (streams/pollEvery), but hand on every answer:
 * from each `hb.poll` that starts the poll, every interval one read, answered at once by the
 * current `answer` — `null` is a read the array leaves unanswered (failed after ioTimeout, the pair
 * state unknown). Call it before START. Returns the setter of `answer` (at first: unanswered).
 */
export function answerPolls(clock: SimClock, actor: Actor<typeof receiverMachine>) {
  let answer: () => ReadEvent | null = () => null;
  let polling: Subscription | undefined;
  actor.on('hb.poll', (e) => {
    polling?.unsubscribe();
    polling = undefined;
    if (!e.active) return;
    polling = pollEvery<ReadEvent>({
      interval: e.interval,
      ioTimeout: e.ioTimeout,
      read: () => {
        const a = answer();
        return a ? of(a) : NEVER;
      },
      timedOut: () => ({ type: 'READ.FAILED', error: 'no answer', pairState: null }),
      scheduler: clock
    }).subscribe((r) => actor.send(r));
  });
  return (fn: () => ReadEvent | null) => {
    answer = fn;
  };
}
