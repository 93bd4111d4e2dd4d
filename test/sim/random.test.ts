import { createIds, createRandom } from '../../sim';

describe('createRandom', () => {
  it('should give the same sequence for the same seed', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const xs = Array.from({ length: 100 }, () => a.uint32());
    const ys = Array.from({ length: 100 }, () => b.uint32());
    expect(xs).toEqual(ys);
  });

  it('should give different sequences for different seeds', () => {
    const a = createRandom(1);
    const b = createRandom(2);
    expect(Array.from({ length: 10 }, () => a.uint32())).not.toEqual(
      Array.from({ length: 10 }, () => b.uint32())
    );
  });

  it('should keep named sub-streams independent of draws on other streams', () => {
    const r1 = createRandom(7);
    const r2 = createRandom(7);
    for (let i = 0; i < 1000; i++) r1.fork('noise').uint32();
    expect(r1.fork('net').uint32()).toBe(r2.fork('net').uint32());
    expect(r1.fork('net').uint32()).not.toBe(r1.fork('disk').uint32());
  });

  it('should stay inside the requested ranges', () => {
    const r = createRandom(3);
    for (let i = 0; i < 10_000; i++) {
      const f = r.next();
      expect(f >= 0 && f < 1).toBe(true);
      const n = r.int(-2, 2);
      expect(n >= -2 && n <= 2 && Number.isInteger(n)).toBe(true);
    }
    expect(r.chance(0)).toBe(false);
    expect(r.chance(1)).toBe(true);
  });

  it('should have a mean close to 0.5 and exponential mean close to its parameter', () => {
    const r = createRandom(11);
    let s = 0;
    let e = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      s += r.next();
      e += r.exponential(5);
    }
    expect(Math.abs(s / n - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(e / n - 5)).toBeLessThan(0.1);
  });
});

describe('createIds', () => {
  it('should generate the same ids for the same seed', () => {
    const a = createIds(createRandom(5).fork('ids'));
    const b = createIds(createRandom(5).fork('ids'));
    const xs = [a(), a('msg'), a()];
    expect([b(), b('msg'), b()]).toEqual(xs);
    expect(xs[1]).toMatch(/^msg-[A-Za-z0-9_-]{10}$/);
  });

  it('should generate different ids for different seeds', () => {
    expect(createIds(createRandom(5))()).not.toBe(createIds(createRandom(6))());
  });
});
