/**
 * The host-to-host network actor (`network`): a {@link networkMachine} decides quality and
 * partition; packets are RxJS items delivered on the simulation clock after latency plus a seeded
 * jitter, lost with a seeded probability, or dropped by a partition (checked when sent and again
 * when due, so a packet in flight when a partition starts is dropped). Packets between hosts of the
 * same site never cross the partition.
 */
import { Observable, Subject } from 'rxjs';
import {
  effectiveNetworkParams,
  networkMachine,
  type PartitionDirection,
  type PartitionState
} from '../../machines/networkMachine';
import type { NetworkConfig } from '../../model/config';
import type { SiteId } from '../../model/storageTypes';
import type { NetworkApi, Packet } from '../../model/ports';
import type { Simulation } from '../../sim';

/** Fault hooks of the network, for the scenario layer. */
export interface NetworkControl {
  partition(direction?: PartitionDirection): void;
  heal(): void;
  degrade(params: { latency?: number; jitter?: number; loss?: number }): void;
  clearDegrade(): void;
  state(): { mode: 'up' | 'degraded'; partition: PartitionState };
}

export type NetworkOptions = NetworkConfig & {
  siteOf: (host: string) => SiteId;
  /** Actor id in the trace (default `network`). */
  id?: string;
};

/** Does a partition in force block a packet from site `from` to site `to`? */
export function partitionBlocks(partition: PartitionState, from: SiteId, to: SiteId): boolean {
  if (partition === 'none' || from === to) return false;
  if (partition === 'both') return true;
  return partition === 'prod-to-standby' ? from === 'production' : from === 'standby';
}

/** Create the network on `sim` (actor id `network`). */
export function createNetwork(
  sim: Simulation,
  options: NetworkOptions
): NetworkApi & NetworkControl {
  const id = options.id ?? 'network';
  const actor = sim.spawn(networkMachine, {
    id,
    input: { latency: options.latency, jitter: options.jitter, loss: options.loss }
  });
  const jitterRandom = sim.random.fork(`${id}/jitter`);
  const lossRandom = sim.random.fork(`${id}/loss`);
  const inboxes = new Map<string, Subject<Packet>>();

  // The chart's regions, cached on every snapshot so each packet reads them in O(1).
  let params = effectiveNetworkParams(actor.getSnapshot().context);
  let mode: 'up' | 'degraded' = 'up';
  let partition: PartitionState = 'none';
  actor.subscribe((snapshot) => {
    params = effectiveNetworkParams(snapshot.context);
    const value = snapshot.value as { quality: 'up' | 'degraded'; partition: PartitionState };
    mode = value.quality;
    partition = value.partition;
  });

  const inboxOf = (host: string): Subject<Packet> => {
    let inbox = inboxes.get(host);
    if (!inbox) {
      inbox = new Subject<Packet>();
      inboxes.set(host, inbox);
    }
    return inbox;
  };

  // What the trace says of a packet: its ends and, for a message that names its kind (a fence, a
  // takeover request, a heartbeat…), that kind, so a trace shows what travelled (observers only).
  const described = (packet: Packet): { from: string; to: string; kind?: string } => {
    const body = packet.payload;
    const kind =
      typeof body === 'object' && body !== null && 'kind' in body && typeof body.kind === 'string'
        ? body.kind
        : undefined;
    return kind === undefined
      ? { from: packet.from, to: packet.to }
      : { from: packet.from, to: packet.to, kind };
  };
  const drop = (packet: Packet, reason: 'loss' | 'partition') =>
    sim.record(id, 'packet-dropped', { ...described(packet), reason });

  return {
    send<T>(from: string, to: string, payload: T): void {
      const packet: Packet<T> = { from, to, sentAt: sim.now(), payload };
      const fromSite = options.siteOf(from);
      const toSite = options.siteOf(to);
      if (partitionBlocks(partition, fromSite, toSite)) return drop(packet, 'partition');
      if (params.loss > 0 && lossRandom.chance(params.loss)) return drop(packet, 'loss');
      const delay =
        params.latency + (params.jitter > 0 ? jitterRandom.between(0, params.jitter) : 0);
      sim.clock.setTimeout(() => {
        // A partition that started while the packet was in flight drops it too.
        if (partitionBlocks(partition, fromSite, toSite)) return drop(packet, 'partition');
        const { from: sender, to: receiver, kind } = described(packet);
        // A literal rather than a spread (once per packet): from, to, kind if any, sentAt.
        sim.record(
          id,
          'packet-delivered',
          kind === undefined
            ? { from: sender, to: receiver, sentAt: packet.sentAt }
            : { from: sender, to: receiver, kind, sentAt: packet.sentAt }
        );
        inboxOf(to).next(packet);
      }, delay);
    },
    inbox<T = unknown>(host: string): Observable<Packet<T>> {
      return inboxOf(host).asObservable() as Observable<Packet<T>>;
    },
    partition: (direction = 'both') => actor.send({ type: 'PARTITION', direction }),
    heal: () => actor.send({ type: 'HEAL' }),
    degrade: (p) => actor.send({ type: 'DEGRADE', ...p }),
    clearDegrade: () => actor.send({ type: 'CLEAR' }),
    state: () => ({ mode, partition })
  };
}
