import { customRandom, urlAlphabet } from 'nanoid';
import type { Random } from './createRandom';

/** A generator of short ids drawn from the simulation's seeded randomness. */
export type IdGenerator = (prefix?: string) => string;

/**
 * Seeded ids: nanoid's `customRandom` fed by a {@link Random} stream instead of `crypto`, so the
 * same seed yields the same ids on every machine.
 */
export function createIds(random: Random, size = 10): IdGenerator {
  const nano = customRandom(urlAlphabet, size, (bytes) => random.bytes(bytes));
  return (prefix?: string) => (prefix ? `${prefix}-${nano()}` : nano());
}
