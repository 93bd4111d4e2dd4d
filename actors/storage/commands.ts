/**
 * Pair status queries and pair commands (paircreate, pairsplit, pairresync, swap, delete,
 * takeover) issued by a host at the subsystem holding a volume. A command becomes one event for
 * the pair's chart, carrying what the array can see (link and arrays up, dirty blocks, journal
 * use) and a reference; the chart answers each reference exactly once, now or after a swap, and
 * {@link Commands.answer} hands that outcome back to the host.
 */
import type { PairMachineEvent, PairReach } from '../../machines/pairMachine';
import type { RemoteCopyConfig } from '../../model/config';
import type { IoResult, PairCommand, PairView, StorageEvent } from '../../model/storageTypes';
import type { Simulation } from '../../sim';
import type { RemoteLink } from './createRemoteLink';
import { viewOf } from './pairs';
import type { Pair, Reply, Subsystem, Volume } from './records';
import { noSuchVolume, type Volumes } from './volumes';

export interface Commands {
  pairStatus(sub: Subsystem, volumeId: string, reply: Reply<PairView>): void;
  command(sub: Subsystem, volumeId: string, cmd: PairCommand, reply: Reply<string>): void;
  /** The pair's chart answered the command issued under `ref`. */
  answer(ref: number, result: IoResult<string>): void;
}

export interface CommandPorts {
  remoteCopy: RemoteCopyConfig;
  publish(event: StorageEvent): void;
  link: Pick<RemoteLink, 'isUp'>;
  volumes: Pick<Volumes, 'heldBy' | 'volumeOf'>;
}

export function createCommands(
  sim: Pick<Simulation, 'now' | 'record'>,
  { remoteCopy, publish, link, volumes }: CommandPorts
): Commands {
  const replies = new Map<number, Reply<string>>();
  let nextRef = 0;

  const commandEvent = (pair: Pair, volume: Volume, cmd: PairCommand, ref: number) => {
    const ctx = pair.actor.getSnapshot().context;
    const reach: PairReach = {
      linkUp: link.isUp(),
      primaryUp: volumes.volumeOf(ctx.primary).storage.up,
      secondaryUp: volumes.volumeOf(ctx.secondary).storage.up
    };
    const dirtyBlocks = pair.dirtyBlocks.size;
    const events: Record<PairCommand, PairMachineEvent> = {
      create: { type: 'CREATE', ref, ...reach },
      split: { type: 'SPLIT', ref },
      resync: { type: 'RESYNC', ref, dirtyBlocks, ...reach },
      swap: { type: 'SWAP', ref, dirtyBlocks, ...reach },
      delete: { type: 'DELETE', ref },
      takeover: {
        type: 'TAKEOVER',
        ref,
        onSecondary: volume.id === ctx.secondary,
        journalUsed: pair.journal.used(),
        ...reach
      }
    };
    return events[cmd];
  };

  return {
    pairStatus: (sub, volumeId, reply) => {
      const volume = volumes.heldBy(sub, volumeId);
      if (!volume) {
        reply(noSuchVolume(sub, volumeId));
        return;
      }
      const view = viewOf(volume, remoteCopy);
      sim.record(volumeId, 'pair-status', { state: view.state, role: view.role });
      reply({ ok: true, value: view });
    },
    command: (sub, volumeId, cmd, reply) => {
      const volume = volumes.heldBy(sub, volumeId);
      if (!volume) {
        reply(noSuchVolume(sub, volumeId));
        return;
      }
      const pair = volume.pair;
      if (!pair) {
        const detail = `volume '${volumeId}' is not defined in any pair`;
        if (cmd === 'takeover') {
          publish({ kind: 'takeover', at: sim.now(), pair: '', result: 'refused', detail });
        }
        sim.record(volumeId, 'command-refused', { cmd });
        reply({ ok: false, error: 'refused', detail });
        return;
      }
      const ref = ++nextRef;
      // Every command event yields exactly one outcome carrying `ref` (now, or after a swap).
      replies.set(ref, reply);
      pair.actor.send(commandEvent(pair, volume, cmd, ref));
    },
    answer: (ref, result) => {
      const reply = replies.get(ref);
      if (!reply) return;
      replies.delete(ref);
      reply(result);
    }
  };
}
