/** The seed of each random schedule of an exploration. */
import { hashString } from '../sim/createRandom';

/** Seed of random schedule `i` of an exploration seeded `seed`. */
export function scheduleSeed(seed: number, i: number): number {
  return hashString(`${seed}/${i}`) % 1_000_000_000;
}
