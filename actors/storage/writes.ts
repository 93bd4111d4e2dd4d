/**
 * The write path of a subsystem: a host's write to a volume it holds is planned from the volume's
 * role and its pair's state ({@link planWrite}: local, synchronous copy, asynchronous copy or
 * rejected), given its writeSeq, and handed to the path that carries it out.
 */
import { pairStateOf } from '../../machines/pairMachine';
import type { IoErrorCode } from '../../model/storageTypes';
import type { AsyncCopy } from './asyncCopy';
import type { Outcomes } from './outcomes';
import type { Pair, Reply, Subsystem, Volume } from './records';
import type { SyncCopy } from './syncCopy';
import { allocateSeq, noSuchVolume, type Volumes } from './volumes';

/** How a write is carried out; `tracked` marks the block for the next resync. */
export type WritePlan =
  | { kind: 'local'; tracked: boolean }
  | { kind: 'sync' | 'async'; pair: Pair }
  | { kind: 'reject'; error: IoErrorCode; detail: string };

/** How a write to `volume` is carried out, from its pair's state and the volume's role. */
export function planWrite(volume: Volume): WritePlan {
  const pair = volume.pair;
  if (!pair) return { kind: 'local', tracked: false };
  const snapshot = pair.actor.getSnapshot();
  const ctx = snapshot.context;
  const state = pairStateOf(snapshot.value);
  if (state === 'SMPL') return { kind: 'local', tracked: false };
  if (volume.id === ctx.secondary) {
    if (state === 'SSWS') return { kind: 'local', tracked: true };
    return {
      kind: 'reject',
      error: 'read-only',
      detail: `${volume.id} is the S-VOL of ${pair.id} (${state}): read-only`
    };
  }
  switch (state) {
    case 'PAIR':
      if (pair.swapBlocked) {
        return {
          kind: 'reject',
          error: 'blocked',
          detail: `${pair.id}: swap-takeover in progress, P-VOL ${volume.id} is blocked`
        };
      }
      return { kind: ctx.mode, pair };
    case 'PSUE':
    case 'SSWS':
      if (snapshot.hasTag('pvol-fenced')) {
        return {
          kind: 'reject',
          error: 'fenced',
          detail: `${pair.id} is ${state} (${ctx.reason}): fence level ${ctx.fenceLevel} rejects P-VOL writes`
        };
      }
      return { kind: 'local', tracked: true };
    default:
      return { kind: 'local', tracked: true };
  }
}

export interface WritePorts {
  volumes: Pick<Volumes, 'heldBy'>;
  outcomes: Pick<Outcomes, 'acknowledge' | 'reject'>;
  syncCopy: Pick<SyncCopy, 'send'>;
  asyncCopy: AsyncCopy;
  /** How a write is carried out (default {@link planWrite}; mutation checks replace it). */
  plan?: (volume: Volume) => WritePlan;
}

/** Serve a host's write of `block` of `volumeId` at `sub`, issued in storage epoch `epoch`. */
export type ServeWrite = (
  sub: Subsystem,
  epoch: number,
  volumeId: string,
  block: number,
  data: unknown,
  writer: string,
  reply: Reply<undefined>
) => void;

export function createWrites(ports: WritePorts): ServeWrite {
  const { volumes, outcomes, syncCopy, asyncCopy } = ports;
  const plan = ports.plan ?? planWrite;
  return (sub, epoch, volumeId, block, data, writer, reply) => {
    const volume = volumes.heldBy(sub, volumeId);
    if (!volume) {
      const failure = noSuchVolume(sub, volumeId);
      outcomes.reject(volumeId, undefined, writer, block, failure.error, failure.detail, reply);
      return;
    }
    const pair = volume.pair;
    if (volume.ioError) {
      const detail = `injected I/O error on ${volumeId}`;
      outcomes.reject(volumeId, pair, writer, block, 'io-error', detail, reply);
      return;
    }
    const planned = plan(volume);
    if (planned.kind === 'reject') {
      outcomes.reject(volumeId, pair, writer, block, planned.error, planned.detail, reply);
      return;
    }
    const writeSeq = allocateSeq(volume, writer);
    if (planned.kind === 'local') {
      outcomes.acknowledge(volume, block, data, writer, writeSeq, reply, planned.tracked);
    } else if (planned.kind === 'async') {
      asyncCopy.write(planned.pair, volume, block, data, writer, writeSeq, reply);
    } else {
      const op = { volume, block, data, writer, writeSeq, epoch, settled: false, reply };
      syncCopy.send(planned.pair, op);
    }
  };
}
