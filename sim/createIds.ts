import type { Random } from './createRandom';

/** A generator of short ids drawn from the simulation's seeded randomness. */
export type IdGenerator = (prefix?: string) => string;

/**
 * The 64 URL-safe characters of nanoid's `urlAlphabet`, in its order: ids are exactly those of
 * nanoid's `customRandom(urlAlphabet, size, random.bytes)`, without loading nanoid (an ES module
 * only, which jest suites of the library's users could not require).
 */
const URL_ALPHABET = 'useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict';

/**
 * Seeded ids: `size` bytes of a {@link Random} stream instead of `crypto`, each mapped to one of
 * 64 characters (last byte first, as nanoid does), so the same seed yields the same ids on every
 * machine.
 */
export function createIds(random: Random, size = 10): IdGenerator {
  const nano = () => {
    const bytes = random.bytes(size);
    let id = '';
    for (let i = size - 1; i >= 0; i--) id += URL_ALPHABET[bytes[i] & 63];
    return id;
  };
  return (prefix?: string) => (prefix ? `${prefix}-${nano()}` : nano());
}
