/**
 * Volumes: the registry of every volume by id and the subsystem that holds it, the blocks each
 * holds with their per-writer high-water marks and sequence numbers, and the plain read. A write
 * or a copy lands on a volume through {@link applyRecord}; sequence numbers come from
 * {@link allocateSeq}.
 */
import type { BlockRecord, IoErrorCode, SiteId, VolumeKind } from '../../model/storageTypes';
import type { Simulation } from '../../sim';
import type { Reply, Subsystem, Volume } from './records';

export interface Volumes {
  /** Add an empty volume at `site` (held by that site's subsystem); ids are unique. */
  add(id: string, site: SiteId, kind: VolumeKind): Volume;
  /** The volume `id`; throws on an unknown id. */
  volumeOf(id: string): Volume;
  /** The volume `id` if `sub` holds it. */
  heldBy(sub: Subsystem, id: string): Volume | undefined;
  /** Serve a read of `block` of `volumeId` at `sub`, traced. */
  read(
    sub: Subsystem,
    volumeId: string,
    block: number,
    reply: Reply<BlockRecord | undefined>
  ): void;
}

/** The failure of an I/O naming a volume that `sub` does not hold. */
export const noSuchVolume = (sub: Subsystem, id: string) => ({
  ok: false as const,
  error: 'no-such-volume' as const satisfies IoErrorCode,
  detail: `volume '${id}' is not held by ${sub.id}`
});

/** The next writeSeq of `writer` at `volume`: above both what it handed out and what it holds. */
export function allocateSeq(volume: Volume, writer: string): number {
  const seq = Math.max(volume.lastSeq.get(writer) ?? 0, volume.highWater.get(writer) ?? 0) + 1;
  volume.lastSeq.set(writer, seq);
  return seq;
}

/** Store `record` in `block` and raise its writer's high-water mark. */
export function applyRecord(volume: Volume, block: number, record: BlockRecord): void {
  volume.blocks.set(block, record);
  if ((volume.highWater.get(record.writer) ?? 0) < record.writeSeq) {
    volume.highWater.set(record.writer, record.writeSeq);
  }
}

/** An empty registry; `storageAt` names the subsystem of each site. */
export function createVolumes(
  sim: Pick<Simulation, 'record'>,
  storageAt: (site: SiteId) => Subsystem
): Volumes {
  const volumes = new Map<string, Volume>();

  const heldBy = (sub: Subsystem, id: string): Volume | undefined => {
    const volume = volumes.get(id);
    return volume && volume.storage === sub ? volume : undefined;
  };

  return {
    add: (id, site, kind) => {
      if (volumes.has(id)) throw new Error(`duplicate volume id '${id}'`);
      const volume: Volume = {
        id,
        site,
        kind,
        storage: storageAt(site),
        blocks: new Map(),
        highWater: new Map(),
        lastSeq: new Map(),
        ioError: false
      };
      volumes.set(id, volume);
      return volume;
    },
    volumeOf: (id) => {
      const volume = volumes.get(id);
      if (!volume) throw new Error(`unknown volume '${id}'`);
      return volume;
    },
    heldBy,
    read: (sub, volumeId, block, reply) => {
      const volume = heldBy(sub, volumeId);
      if (!volume) {
        sim.record(volumeId, 'read-failed', { block, error: 'no-such-volume' });
        reply(noSuchVolume(sub, volumeId));
        return;
      }
      if (volume.ioError) {
        sim.record(volumeId, 'read-failed', { block, error: 'io-error' });
        reply({ ok: false, error: 'io-error', detail: `injected I/O error on ${volumeId}` });
        return;
      }
      sim.record(volumeId, 'read', { block });
      reply({ ok: true, value: volume.blocks.get(block) });
    }
  };
}
