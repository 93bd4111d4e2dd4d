/**
 * The synchronous copy path: a P-VOL write in PAIR travels over the remote link, is applied at
 * the S-VOL and acknowledged back before the host gets its answer (service time + 2 × latency).
 * When the pair leaves PAIR, every write still waiting is answered per the fence level: rejected
 * if the P-VOL is fenced, else committed locally (and tracked for the resync).
 */
import { pairStateOf } from '../../machines/pairMachine';
import type { RemoteLink } from './createRemoteLink';
import type { Outcomes } from './outcomes';
import { alive, copyFailed, pathLost, type Pair, type SyncWrite } from './records';
import type { Volumes } from './volumes';

export interface SyncCopy {
  /** P-VOL service done: copy over the link, apply at the S-VOL, acknowledge back. */
  send(pair: Pair, op: SyncWrite): void;
  /** The pair left PAIR: every sync write still waiting is answered per the fence level. */
  settleInflight(pair: Pair): void;
}

export interface SyncCopyPorts {
  link: Pick<RemoteLink, 'send'>;
  volumes: Pick<Volumes, 'volumeOf'>;
  outcomes: Pick<Outcomes, 'acknowledge' | 'reject' | 'applyCopy'>;
}

export function createSyncCopy({ link, volumes, outcomes }: SyncCopyPorts): SyncCopy {
  const commit = (op: SyncWrite, tracked: boolean): void => {
    // A P-VOL array that failed meanwhile never answers (and never applies the write).
    if (!alive(op.volume.storage, op.epoch)) return;
    outcomes.acknowledge(op.volume, op.block, op.data, op.writer, op.writeSeq, op.reply, tracked);
  };

  return {
    send: (pair, op) => {
      const pvol = op.volume;
      const svol = volumes.volumeOf(pair.actor.getSnapshot().context.secondary);
      pair.inflight.push(op);
      const sent = link.send(pvol.site, svol.site, () => {
        if (op.settled || !svol.storage.up) return;
        if (svol.ioError) {
          // The remote array answers with an error: it can mark its S-VOL suspended.
          link.send(svol.site, pvol.site, () => {
            if (!op.settled) copyFailed(pair, `S-VOL ${svol.id} I/O error`, true);
          });
          return;
        }
        outcomes.applyCopy(pair, svol, op.block, {
          data: op.data,
          writer: op.writer,
          writeSeq: op.writeSeq
        });
        link.send(svol.site, pvol.site, () => {
          if (op.settled) return;
          op.settled = true;
          const inflight = pair.inflight;
          while (inflight.length > 0 && inflight[0].settled) inflight.shift();
          commit(op, false);
        });
      });
      if (!sent) pathLost(pair, 'remote link down', 'link');
    },
    settleInflight: (pair) => {
      const ops = pair.inflight.filter((op) => !op.settled);
      pair.inflight.length = 0;
      if (ops.length === 0) return;
      const snapshot = pair.actor.getSnapshot();
      const fenced = snapshot.hasTag('pvol-fenced');
      const state = pairStateOf(snapshot.value);
      for (const op of ops) {
        op.settled = true;
        if (!alive(op.volume.storage, op.epoch)) continue;
        if (fenced) {
          const detail = `update copy failed (${snapshot.context.reason}): fence level ${snapshot.context.fenceLevel}`;
          outcomes.reject(op.volume.id, pair, op.writer, op.block, 'fenced', detail, op.reply);
        } else {
          commit(op, state !== 'SMPL');
        }
      }
      // A write abandoned here (rejected, or its array failed) is on no volume unless its copy
      // landed: its number is handed out again, so a writer's numbers stay dense on each volume
      // and the high-water marks of a later takeover count only writes that exist.
      const svol = volumes.volumeOf(snapshot.context.secondary);
      for (const op of ops) {
        const held = Math.max(
          op.volume.highWater.get(op.writer) ?? 0,
          svol.highWater.get(op.writer) ?? 0
        );
        op.volume.lastSeq.set(op.writer, held);
      }
    }
  };
}
