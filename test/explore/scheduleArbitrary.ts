/**
 * fast-check arbitraries of fault schedules over the SPEC §2 catalogue — faults and the operator's
 * live actions — (two-site, one host per group), with the heal phase of
 * explore/randomSchedule.ts: fast-check shrinks them itself.
 */
import { fc } from '@fast-check/jest';
import type { ConfigOverrides } from '../../model/config';
import type { FaultEntry, Scenario } from '../../model/scenario';
import { healPhase, OPERATOR_HEAL_GAP } from '../../explore/randomSchedule';

const HEAL_AT = 30_000;
const at = fc.integer({ min: 8_000, max: HEAL_AT - 500 });
const operatorAt = fc.integer({ min: 8_000, max: HEAL_AT - OPERATOR_HEAL_GAP });
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
    }),
    fc.record({
      at,
      action: fc.constant('degrade' as const),
      target: fc.constantFrom('network', 'remote-link'),
      latency: fc.integer({ min: 0, max: 400 }),
      loss: fc.constantFrom(0, 0.1, 0.3, 0.5),
      for: fc.integer({ min: 200, max: 15_000 })
    }),
    fc.record({
      at,
      action: fc.constant('skew' as const),
      target: fc.constantFrom('prod-1', 'standby-1'),
      offset: fc.integer({ min: -120_000, max: 120_000 }),
      for: fc.integer({ min: 200, max: 15_000 })
    }),
    fc.record({
      at,
      action: fc.constant('disaster' as const),
      target: fc.constantFrom('production', 'standby')
    }),
    // The operator's live actions, done before the heal phase undoes them.
    fc.record({
      at: operatorAt,
      action: fc.constant('set-method' as const),
      method: fc.constantFrom('network' as const, 'mirror' as const, 'both' as const)
    }),
    fc.record({
      at: operatorAt,
      action: fc.constantFrom(
        'install' as const,
        'uninstall' as const,
        'failback' as const,
        'resync' as const
      )
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
