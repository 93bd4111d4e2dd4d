import { customRandom, urlAlphabet } from 'nanoid';
import { createIds } from '../../sim/createIds';
import { createRandom } from '../../sim/createRandom';

describe('createIds', () => {
  it("should give exactly nanoid's customRandom ids for the same random bytes", () => {
    for (const seed of [1, 7, 42, 4294967295]) {
      for (const size of [4, 10, 21]) {
        const ours = createIds(createRandom(seed), size);
        const random = createRandom(seed);
        const theirs = customRandom(urlAlphabet, size, (n) => random.bytes(n));
        for (let i = 0; i < 50; i++) expect(ours()).toBe(theirs());
      }
    }
  });

  it('should put the prefix before the id', () => {
    expect(createIds(createRandom(3))('host')).toMatch(/^host-[A-Za-z0-9_-]{10}$/);
  });

  it('should give the same ids for the same seed and different ones for another', () => {
    const draw = (seed: number) => {
      const ids = createIds(createRandom(seed));
      return [ids(), ids(), ids()];
    };
    expect(draw(5)).toEqual(draw(5));
    expect(draw(5)).not.toEqual(draw(6));
  });
});
