/**
 * Seeded randomness for the whole simulation.
 *
 * The generator is sfc32 (Chris Doty-Humphrey's Small Fast Chaotic PRNG, 128-bit state, passes
 * PractRand to 2^40+), seeded through splitmix32. Every consumer asks for a named sub-stream
 * with {@link Random.fork}: a sub-stream's sequence depends only on the root seed and its name,
 * not on how many numbers other consumers drew, so adding a consumer never perturbs the others.
 */
export interface Random {
  /** The name path of this stream, e.g. `root/network`. */
  readonly name: string;
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform unsigned 32-bit integer. */
  uint32(): number;
  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** Uniform float in [min, max). */
  between(min: number, max: number): number;
  /** Exponentially distributed value with the given mean. */
  exponential(mean: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** `n` random bytes (for seeded ids). */
  bytes(n: number): Uint8Array;
  /** An independent sub-stream named `name` under this one. */
  fork(name: string): Random;
}

/** Create the root random stream of a simulation from an integer seed. */
export function createRandom(seed: number, name = 'root'): Random {
  return new Sfc32Random(seed >>> 0, name);
}

class Sfc32Random implements Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(
    private readonly seed: number,
    readonly name: string
  ) {
    let s = (seed ^ hashString(name)) >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    // Discard the first outputs so that nearby seeds decorrelate.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) >>> 0;
    return t;
  }

  next(): number {
    return this.uint32() / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    if (p <= 0) return false;
    if (p >= 1) return true;
    return this.next() < p;
  }

  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  exponential(mean: number): number {
    if (mean <= 0) return 0;
    return -Math.log(1 - this.next()) * mean;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() needs a non-empty array');
    return items[Math.floor(this.next() * items.length)];
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.uint32() & 0xff;
    return out;
  }

  fork(name: string): Random {
    return new Sfc32Random(this.seed, `${this.name}/${name}`);
  }
}

/** 32-bit FNV-1a hash of a string (used to derive sub-stream seeds from names). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
