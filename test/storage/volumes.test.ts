import { allocateSeq, applyRecord } from '../../actors/storage/volumes';
import { createParts } from './parts';

describe('volumes', () => {
  it('should hand out writeSeqs above both the last one handed out and the highest held', () => {
    const { volumes } = createParts();
    const v = volumes.volumeOf('prod-data');
    expect(allocateSeq(v, 'w')).toBe(1);
    expect(allocateSeq(v, 'w')).toBe(2);
    applyRecord(v, 0, { data: 'x', writer: 'w', at: 0, writeSeq: 7 });
    expect(allocateSeq(v, 'w')).toBe(8);
    expect(allocateSeq(v, 'other')).toBe(1);
  });

  it('should raise a writer high-water mark only upwards', () => {
    const { volumes } = createParts();
    const v = volumes.volumeOf('standby-data');
    applyRecord(v, 1, { data: 'b', writer: 'w', at: 5, writeSeq: 4 });
    applyRecord(v, 2, { data: 'a', writer: 'w', at: 6, writeSeq: 2 });
    expect(v.highWater.get('w')).toBe(4);
    expect(v.blocks.get(2)).toEqual({ data: 'a', writer: 'w', at: 6, writeSeq: 2 });
  });

  it('should know which subsystem holds a volume and refuse duplicates and unknown ids', () => {
    const { volumes, storages } = createParts();
    expect(volumes.heldBy(storages['prod-storage'], 'prod-data')?.id).toBe('prod-data');
    expect(volumes.heldBy(storages['standby-storage'], 'prod-data')).toBeUndefined();
    expect(() => volumes.add('prod-data', 'production', 'data')).toThrow(
      "duplicate volume id 'prod-data'"
    );
    expect(() => volumes.volumeOf('nowhere')).toThrow("unknown volume 'nowhere'");
  });

  it('should answer a read with the block, or the volume error, traced', () => {
    const { volumes, storages, sim } = createParts();
    const prod = storages['prod-storage'];
    applyRecord(volumes.volumeOf('prod-data'), 3, { data: 'z', writer: 'w', at: 0, writeSeq: 1 });
    const answers: unknown[] = [];
    volumes.read(prod, 'prod-data', 3, (r) => answers.push(r));
    volumes.read(prod, 'standby-data', 3, (r) => answers.push(r));
    volumes.volumeOf('prod-data').ioError = true;
    volumes.read(prod, 'prod-data', 3, (r) => answers.push(r));
    expect(answers).toEqual([
      { ok: true, value: { data: 'z', writer: 'w', at: 0, writeSeq: 1 } },
      {
        ok: false,
        error: 'no-such-volume',
        detail: "volume 'standby-data' is not held by prod-storage"
      },
      { ok: false, error: 'io-error', detail: 'injected I/O error on prod-data' }
    ]);
    expect(sim.trace.lines.filter((l) => l.type.startsWith('read')).map((l) => l.type)).toEqual([
      'read',
      'read-failed',
      'read-failed'
    ]);
  });
});
