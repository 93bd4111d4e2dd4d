/**
 * A storage subsystem (`prod-storage`, `standby-storage`): its {@link storageMachine} decides up
 * or failed; its {@link StorageApi} turns each host request into one I/O served after the service
 * time by the concept that owns it (writes, reads, pair status, pair commands). A failed subsystem
 * answers nothing, drops what it was serving, and its partner suspends every pair mirrored through
 * it.
 */
import { Observable } from 'rxjs';
import { storageMachine } from '../../machines/storageMachine';
import type {
  BlockRecord,
  IoResult,
  PairCommand,
  PairView,
  StorageEvent
} from '../../model/storageTypes';
import type { Simulation } from '../../sim';
import { alive, isCopying, pathLost, type Pair, type Reply, type Subsystem } from './records';
import { STORAGE_SITES, type StorageId } from './types';
import type { Volumes } from './volumes';

/** What serves each kind of request once its service time is over. */
export interface IoServer {
  write(
    sub: Subsystem,
    epoch: number,
    volume: string,
    block: number,
    data: unknown,
    writer: string,
    reply: Reply<undefined>
  ): void;
  read(sub: Subsystem, volume: string, block: number, reply: Reply<BlockRecord | undefined>): void;
  pairStatus(sub: Subsystem, volume: string, reply: Reply<PairView>): void;
  command(sub: Subsystem, volume: string, cmd: PairCommand, reply: Reply<string>): void;
}

export interface SubsystemPorts {
  serviceTime: number;
  publish(event: StorageEvent): void;
  volumes: Pick<Volumes, 'heldBy' | 'volumeOf'>;
  /** Every pair, for the suspension when this subsystem fails. */
  pairs(): Iterable<Pair>;
  server: IoServer;
}

/** Spawn subsystem `id` on `sim` (traced under `id`). */
export function createSubsystem(sim: Simulation, id: StorageId, ports: SubsystemPorts): Subsystem {
  const { volumes, server } = ports;
  const site = STORAGE_SITES[id];
  const actor = sim.spawn(storageMachine, { id, input: { id, site } });
  const io = <T>(work: (epoch: number, reply: Reply<T>) => void) =>
    serveIo(sim, sub, ports.serviceTime, work);
  const sub: Subsystem = {
    id,
    site,
    actor,
    up: true,
    epoch: 0,
    api: {
      id,
      site,
      isUp: () => sub.up,
      write: (volume, block, data, writer) =>
        io<undefined>((epoch, reply) =>
          server.write(sub, epoch, volume, block, data, writer, reply)
        ),
      read: (volume, block) => io((_epoch, reply) => server.read(sub, volume, block, reply)),
      pairStatus: (volume) => io((_epoch, reply) => server.pairStatus(sub, volume, reply)),
      command: (volume, cmd) => io((_epoch, reply) => server.command(sub, volume, cmd, reply)),
      crash: () => actor.send({ type: 'CRASH' }),
      recover: () => actor.send({ type: 'RECOVER' }),
      ioError: (volume, on) => {
        const vol = volumes.heldBy(sub, volume);
        if (!vol) throw new Error(`volume '${volume}' is not held by ${id}`);
        vol.ioError = on;
        sim.record(vol.id, on ? 'io-error-on' : 'io-error-off');
      }
    }
  };
  actor.on('storage-state', ({ state }) => {
    if (state === 'failed') {
      sub.up = false;
      sub.epoch++;
    } else {
      sub.up = true;
    }
    ports.publish({ kind: 'storage-state', at: sim.now(), storage: id, state });
    if (state !== 'failed') return;
    // The partner array detects the path loss and suspends every pair it was mirroring.
    for (const pair of ports.pairs()) {
      if (!isCopying(pair)) continue;
      const { primary, secondary } = pair.actor.getSnapshot().context;
      if (volumes.volumeOf(primary).storage === sub) pathLost(pair, `${id} failed`, 'primary');
      else if (volumes.volumeOf(secondary).storage === sub) {
        pathLost(pair, `${id} failed`, 'secondary');
      }
    }
  });
  return sub;
}

/**
 * One I/O: issued on subscription, served after the service time. A failed subsystem answers
 * nothing, and I/O in flight when it fails is dropped the same way. Unsubscribing does not
 * cancel an issued I/O, it only stops listening.
 */
function serveIo<T>(
  sim: Simulation,
  sub: Subsystem,
  serviceTime: number,
  work: (epoch: number, reply: Reply<T>) => void
): Observable<IoResult<T>> {
  return new Observable<IoResult<T>>((subscriber) => {
    if (!sub.up) return;
    const epoch = sub.epoch;
    const reply: Reply<T> = (result) => {
      if (!alive(sub, epoch) || subscriber.closed) return;
      subscriber.next(result);
      subscriber.complete();
    };
    sim.clock.setTimeout(() => {
      if (alive(sub, epoch)) work(epoch, reply);
    }, serviceTime);
  });
}
