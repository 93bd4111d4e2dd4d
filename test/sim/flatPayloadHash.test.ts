/**
 * Hash mode writes a stream-level line's flat payload straight into the hash, key by key. The
 * hash must be the one of the full trace's JSON line (`JSON.stringify` of the line), whatever the
 * payload: flat or not, with characters JSON escapes, non-finite numbers, nested values.
 */
import fc from 'fast-check';
import { createTrace } from '../../sim/createTrace';

const value = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(undefined),
  fc.constant(null),
  fc.constant(-0),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 })
);

function hashes(lines: Array<{ t: number; actor: string; type: string; payload?: unknown }>) {
  const hash = createTrace({ mode: 'hash' });
  const full = createTrace({ mode: 'full' });
  for (const l of lines) {
    hash.recordFields(l.t, l.actor, l.type, l.payload);
    full.recordFields(l.t, l.actor, l.type, l.payload);
  }
  return [hash.hash(), full.hash()];
}

describe('hash mode, flat payloads', () => {
  it('should hash a line exactly as the full trace does, for any payload', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            t: fc.oneof(fc.integer({ min: 0 }), fc.double({ min: 0, max: 1e9, noNaN: true })),
            actor: fc.string(),
            type: fc.string(),
            payload: fc.option(
              fc.dictionary(fc.oneof(fc.string(), fc.string({ unit: 'binary' })), value),
              { nil: undefined }
            )
          }),
          { maxLength: 5 }
        ),
        (lines) => {
          const [hash, full] = hashes(lines);
          expect(hash).toBe(full);
        }
      ),
      { numRuns: 1500, seed: 42 }
    );
  });

  it('should hash the payloads of stream-level lines exactly as the full trace does', () => {
    const payloads: unknown[] = [
      { writer: 'prod-1', writeSeq: 12, block: 3 },
      { pair: 'app/data-pair', writer: 'prod-1', writeSeq: 12, block: 3 },
      { data: 'MBHB1|42|42000|app/hb-pair', pairState: 'PAIR' },
      { quote: 'a "b" \\ c', nl: 'x\ny', tab: '\t', emoji: '😀', lone: '\ud800' },
      { 1: 'one', b: 2, a: 1, 0: 'zero' },
      { nan: Number.NaN, inf: Infinity, neg: -0, skipped: undefined, yes: true },
      [1, 'a'],
      'text',
      12,
      null
    ];
    for (const payload of payloads) {
      const [hash, full] = hashes([{ t: 1472.0064998809248, actor: 'a', type: 'x', payload }]);
      expect(hash).toBe(full);
    }
    // And the hash does see the payload.
    expect(hashes([{ t: 1, actor: 'a', type: 'x', payload: { n: 1 } }])[0]).not.toBe(
      hashes([{ t: 1, actor: 'a', type: 'x', payload: { n: 2 } }])[0]
    );
  });
});
