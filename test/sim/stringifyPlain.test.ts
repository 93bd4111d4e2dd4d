/**
 * The trace's direct writer of flat payloads must give exactly `JSON.stringify`'s text, or the
 * trace hash of a run would change with the way its lines were built.
 */
import fc from 'fast-check';
import { stringifyPlain } from '../../sim/createTrace';

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

describe('stringifyPlain', () => {
  it('should write what JSON.stringify writes for any flat or nested plain object', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.oneof(fc.string(), fc.string({ unit: 'binary' })), value),
        (o) => {
          expect(stringifyPlain(o)).toBe(JSON.stringify(o));
        }
      ),
      { numRuns: 2000, seed: 42 }
    );
  });

  it('should write what JSON.stringify writes for the payloads of stream-level lines', () => {
    const payloads: unknown[] = [
      { writer: 'prod-1', writeSeq: 12, block: 3 },
      { pair: 'app/data-pair', writer: 'prod-1', writeSeq: 12, block: 3 },
      { data: 'MBHB1|42|42000|app/hb-pair', pairState: 'PAIR' },
      { serial: 7 },
      { quote: 'a "b" \\ c', nl: 'x\ny', tab: '\t', emoji: '😀', lone: '\ud800' },
      { 1: 'one', b: 2, a: 1, 0: 'zero' },
      { nan: Number.NaN, inf: Infinity, neg: -0, skipped: undefined },
      [1, 'a'],
      'text',
      12,
      null
    ];
    for (const p of payloads) expect(stringifyPlain(p)).toBe(JSON.stringify(p));
  });
});
