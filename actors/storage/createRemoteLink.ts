/**
 * The remote-copy link actor (`remote-link`): a {@link linkMachine} decides up / degraded / down,
 * and messages (copies, acknowledgements, takeover requests) travel as clock callbacks, in order
 * per direction, never as XState events.
 */
import type { Actor } from 'xstate';
import { effectiveLinkParams, linkMachine, type LinkState } from '../../machines/linkMachine';
import type { RemoteCopyConfig } from '../../model/config';
import type { SiteId } from '../../model/storageTypes';
import type { Simulation } from '../../sim';

/** Fault hooks of the remote link, for the scenario layer. */
export interface RemoteLinkControl {
  cut(): void;
  restore(): void;
  degrade(params: { latency?: number; jitter?: number; loss?: number }): void;
  clearDegrade(): void;
  state(): LinkState;
}

/** The link as the storage side uses it. */
export interface RemoteLink extends RemoteLinkControl {
  readonly id: string;
  readonly actor: Actor<typeof linkMachine>;
  /** True unless the link is down. */
  isUp(): boolean;
  /** One-way latency in force (without jitter or retransmissions). */
  latency(): number;
  /**
   * Carry one message from site `from` to site `to`: `deliver` runs at its arrival time, after
   * every message sent earlier in the same direction. Returns false (and never calls `deliver`)
   * when the link is down; a message in flight when the link goes down is never delivered.
   */
  send(from: SiteId, to: SiteId, deliver: () => void): boolean;
}

/** Extra delay of one retransmission after a lost message (reliable array-to-array protocol). */
export const RETRANSMIT_PENALTY = 10;
/** At most this many retransmissions are drawn per message. */
const MAX_RETRANSMITS = 8;

/**
 * Create the remote link on `sim`, traced as `remote-link`. `onState` is told every state entered
 * (after the statechart has moved).
 */
export function createRemoteLink(
  sim: Simulation,
  config: Pick<RemoteCopyConfig, 'latency' | 'jitter' | 'loss'>,
  onState: (state: LinkState) => void,
  id = 'remote-link'
): RemoteLink {
  const jitterRandom = sim.random.fork(`${id}/jitter`);
  const lossRandom = sim.random.fork(`${id}/loss`);
  const actor = sim.spawn(linkMachine, {
    id,
    input: { latency: config.latency, jitter: config.jitter, loss: config.loss }
  });
  // Last delivery time per direction (to the standby, to production): arrivals never overtake
  // each other.
  const lastDelivery = [0, 0];
  // Bumped when the link goes down: messages of an older epoch are lost.
  let epoch = 0;
  let current: LinkState = 'up';
  let params = effectiveLinkParams(actor.getSnapshot().context);

  actor.subscribe((snapshot) => {
    params = effectiveLinkParams(snapshot.context);
  });
  actor.on('link-state', ({ state }) => {
    current = state;
    if (state === 'down') {
      epoch++;
      lastDelivery[0] = 0;
      lastDelivery[1] = 0;
    }
    onState(state);
  });

  const send = (from: SiteId, to: SiteId, deliver: () => void): boolean => {
    if (current === 'down') return false;
    const { latency, jitter, loss } = params;
    let due = sim.now() + latency + (jitter > 0 ? jitterRandom.between(0, jitter) : 0);
    if (loss > 0) {
      let tries = 0;
      while (tries < MAX_RETRANSMITS && lossRandom.chance(loss)) {
        tries++;
        due += 2 * latency + RETRANSMIT_PENALTY;
      }
      if (tries > 0) sim.record(id, 'retransmit', { from, to, tries });
    }
    // The link joins the two sites: the lane is the direction, named by the site it goes to.
    const lane = to === 'standby' ? 0 : 1;
    const previous = lastDelivery[lane];
    if (due < previous) due = previous;
    lastDelivery[lane] = due;
    const sentIn = epoch;
    sim.clock.setTimeout(() => {
      if (sentIn === epoch) deliver();
    }, due - sim.now());
    return true;
  };

  return {
    id,
    actor,
    isUp: () => current !== 'down',
    latency: () => params.latency,
    send,
    cut: () => actor.send({ type: 'CUT' }),
    restore: () => actor.send({ type: 'RESTORE' }),
    degrade: (p) => actor.send({ type: 'DEGRADE', ...p }),
    clearDegrade: () => actor.send({ type: 'CLEAR' }),
    state: () => current
  };
}
