/**
 * Injected bugs that exploration must find (README "Mutants"): each mutant of the catalogue is
 * explored the way `mirrorbeat explore --random N --seed 1 --workers 1` explores (the same
 * `explore()`, with the mutant's program or storage overrides), and must be caught by the
 * invariant the catalogue names; the shrunk schedule must replay the violation with the mutant and
 * not without it. The real world explored the same way violates nothing.
 */
import { explore } from '../../explore/explore';
import { runSchedule } from '../../explore/runSchedule';
import { describeFinding, MONITOR_NAMES } from '../../monitors/monitorReport';
import { MUTANT_SEED, MUTANTS, type Mutant } from './catalogue';

const TIMEOUT = 600_000;

function exploreWith(mutant: Pick<Mutant, 'base' | 'machines' | 'storage' | 'schedules'>) {
  return explore({
    base: mutant.base,
    mode: { kind: 'random', count: mutant.schedules, seed: MUTANT_SEED },
    machines: mutant.machines,
    storage: mutant.storage,
    outDir: null
  });
}

describe('the real world, explored as the mutants are', () => {
  const bases = [...new Map(MUTANTS.map((m) => [m.base.name, m])).values()];
  it.each(bases.map((m) => [m.base.name, m] as const))(
    'should violate no invariant on %s',
    (_name, mutant) => {
      const schedules = Math.max(
        ...MUTANTS.filter((m) => m.base === mutant.base).map((m) => m.schedules)
      );
      const summary = exploreWith({ base: mutant.base, schedules });
      expect(summary.violations).toEqual(
        Object.fromEntries(Object.keys(summary.violations).map((k) => [k, 0]))
      );
    },
    TIMEOUT
  );
});

describe.each(MUTANTS.map((m) => [m.id, m] as const))('mutant %s', (_id, mutant) => {
  it(
    `should be found by explore and caught by "${MONITOR_NAMES[mutant.invariant]}"`,
    () => {
      const summary = exploreWith(mutant);
      expect(summary.violations[mutant.invariant]).toBeGreaterThan(0);
      const example = summary.examples.find((e) => e.key === mutant.invariant);
      expect(example).toBeDefined();
      const { scenario, shrunk, original, index } = example!;
      expect(index).toBeLessThan(mutant.schedules);
      expect(shrunk.faults).toBeLessThanOrEqual(original.faults);
      expect(shrunk.durationMs).toBeLessThanOrEqual(original.durationMs);
      // The shrunk schedule replays the violation with the mutant …
      const replay = runSchedule(scenario, { machines: mutant.machines, storage: mutant.storage });
      expect(Object.keys(replay.violations)).toContain(mutant.invariant);
      expect(describeFinding(replay.violations[mutant.invariant]![0]!)).toBe(example!.detail);
      // … and not without it: the bug is what the invariant caught.
      const real = runSchedule(scenario);
      expect(real.violations[mutant.invariant]).toBeUndefined();
    },
    TIMEOUT
  );
});
