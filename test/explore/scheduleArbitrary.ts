/**
 * fast-check arbitraries of fault schedules over the SPEC §2 catalogue (two-site, one host per
 * group), with the heal phase of explore/randomSchedule.ts: fast-check shrinks them itself.
 */
import { fc } from '@fast-check/jest';
import type { ConfigOverrides } from '../../model/config';
import type { FaultEntry, Scenario } from '../../model/scenario';
import { healPhase } from '../../explore/randomSchedule';

const HEAL_AT = 30_000;
const at = fc.integer({ min: 8_000, max: HEAL_AT - 500 });
const length = fc.option(fc.integer({ min: 200, max: 15_000 }), { nil: undefined });

/** One fault entry (its `for` clipped to the heal). */
export const faultArbitrary: fc.Arbitrary<FaultEntry> = fc
  .oneof(
    fc.record({
      at,
      action: fc.constant('crash' as const),
      target: fc.constantFrom('prod-1', 'standby-1', 'prod-storage', 'standby-storage'),
      for: length
    }),
    fc.record({
      at,
      action: fc.constant('hang' as const),
      target: fc.constantFrom('prod-1', 'standby-1'),
      for: fc.integer({ min: 200, max: 15_000 })
    }),
    fc.record({
      at,
      action: fc.constant('partition' as const),
      target: fc.constant('network'),
      direction: fc.constantFrom(
        'both' as const,
        'prod-to-standby' as const,
        'standby-to-prod' as const
      ),
      for: length
    }),
    fc.record({
      at,
      action: fc.constant('cut' as const),
      target: fc.constant('remote-link'),
      for: length
    }),
    fc.record({
      at,
      action: fc.constant('io-error' as const),
      target: fc.constantFrom('prod-hb', 'standby-hb', 'prod-data', 'standby-data'),
      for: fc.integer({ min: 200, max: 15_000 })
    })
  )
  .map((f) => {
    const entry: FaultEntry = { ...f };
    if (entry.for === undefined) delete entry.for;
    else entry.for = Math.min(entry.for, HEAL_AT - entry.at);
    return entry;
  });

/** A schedule of 1–3 faults on configuration `config`, 60 s long, healed at 30 s. */
export function scheduleArbitrary(config: ConfigOverrides): fc.Arbitrary<Scenario> {
  return fc.array(faultArbitrary, { minLength: 1, maxLength: 3 }).map((list) => {
    const faults = list.slice().sort((a, b) => a.at - b.at);
    const scenario: Scenario = {
      name: 'fc-schedule',
      seed: 1,
      duration: 60_000,
      topology: { hostsPerGroup: 1, groups: 1 },
      config,
      faults: [],
      expect: { converges: true }
    };
    scenario.faults = [...faults, ...healPhase(faults, HEAL_AT, scenario)];
    return scenario;
  });
}
