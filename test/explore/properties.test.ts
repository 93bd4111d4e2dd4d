/**
 * Property-based tests (fast-check) over random fault schedules: the safe configurations (method
 * both, synchronous copy, fence level data, manual or tiebreaker isolation) never violate safety
 * (split brain, failover evidence, lost writes), liveness nor convergence, whatever the faults
 * and operator actions of the catalogue;
 * the classic unsafe one (method network, fence level never) is caught, and fast-check shrinks
 * the counterexample to a couple of faults. Runs are 60 s simulated, healed at 30 s. Seeds are
 * fixed so CI is deterministic; `npm run soak` and `mirrorbeat explore` search further.
 */
import { fc, test } from '@fast-check/jest';
import type { ConfigOverrides, TopologyConfig } from '../../model/config';
import { createRandom } from '../../sim/createRandom';
import { defaultSpace, randomSchedule } from '../../explore/randomSchedule';
import { runSchedule, type ScheduleOutcome } from '../../explore/runSchedule';
import { describeFinding } from '../../monitors/monitorReport';
import { defineScenario } from '../../scenarios/defineScenario';
import { scheduleArbitrary } from './scheduleArbitrary';

/** Safety: hold over the whole catalogue. */
const SAFETY = [
  'splitBrain',
  'failoverEvidence',
  'lostWrites',
  'methodJudgement',
  'dataPhysics'
] as const;
/** Everything, liveness and convergence included. */
const ALL = [...SAFETY, 'failoverLiveness', 'convergence'] as const;

function schedule(
  seed: number,
  config: ConfigOverrides,
  options: { topology?: Partial<TopologyConfig> } = {}
) {
  const base = defineScenario({
    name: 'safe',
    duration: '60s',
    config,
    topology: options.topology
  });
  const space = defaultSpace(base, { duration: 60_000 });
  return randomSchedule(createRandom(seed).fork('schedule'), space, seed);
}

/** Readable failure: the schedule and what was found. */
function explain(outcome: ScheduleOutcome, keys: readonly string[]): string {
  const found = Object.entries(outcome.violations)
    .filter(([k]) => keys.includes(k))
    .map(([k, f]) => `${k}: ${describeFinding(f![0])}`);
  return `${JSON.stringify(outcome.scenario.faults)}\n${found.join('\n')}`;
}

const seeds = fc.integer({ min: 0, max: 2 ** 31 - 1 });

describe('safe configurations over random schedules', () => {
  test.prop([seeds], { numRuns: 200, seed: 20260101 })(
    'method both + fence data + manual isolation: no safety violation, whatever the faults',
    (seed) => {
      const outcome = runSchedule(schedule(seed, {}));
      const violated = SAFETY.filter((k) => outcome.violations[k]);
      expect(violated.length === 0 ? '' : explain(outcome, violated)).toBe('');
    }
  );

  test.prop([seeds], { numRuns: 120, seed: 20260102 })(
    'no liveness violation either, and every healed run converges',
    (seed) => {
      const outcome = runSchedule(schedule(seed, {}));
      expect(Object.keys(outcome.violations).length === 0 ? '' : explain(outcome, ALL)).toBe('');
      expect(outcome.notHealed).toBeNull();
    }
  );

  test.prop([seeds], { numRuns: 60, seed: 20260103 })(
    'tiebreaker isolation, two hosts per group: no violation, and convergence',
    (seed) => {
      const outcome = runSchedule(
        schedule(
          seed,
          { failover: { onSiteIsolation: 'tiebreaker' } },
          { topology: { hostsPerGroup: 2 } }
        )
      );
      expect(Object.keys(outcome.violations).length === 0 ? '' : explain(outcome, ALL)).toBe('');
    }
  );

  test.prop([scheduleArbitrary({})], { numRuns: 60, seed: 20260104 })(
    'fast-check schedules on the safe defaults: no safety violation',
    (scenario) => {
      const outcome = runSchedule(scenario);
      const violated = SAFETY.filter((k) => outcome.violations[k]);
      expect(violated.length === 0 ? '' : explain(outcome, violated)).toBe('');
    }
  );
});

describe('the unsafe classic is caught', () => {
  it('method network + fence level never: fast-check finds split brain or a false failover and shrinks it', () => {
    const unsafe = {
      heartbeat: { method: 'network' as const },
      remoteCopy: { fenceLevel: 'never' as const }
    };
    const result = fc.check(
      fc.property(scheduleArbitrary(unsafe), (scenario) => {
        const outcome = runSchedule(scenario);
        return !outcome.violations.splitBrain && !outcome.findings.falseFailover;
      }),
      { numRuns: 200, seed: 7 }
    );
    expect(result.failed).toBe(true);
    const [scenario] = result.counterexample!;
    // Shrunk to the essence: the network heartbeat lost (a partition, or a network lossy enough
    // to drop a timeout's worth of heartbeats), alone or with a link cut for split brain.
    const faults = scenario.faults.filter(
      (f) => !['heal', 'restore', 'recover'].includes(f.action)
    );
    expect(faults.length).toBeLessThanOrEqual(2);
    expect(
      faults.some(
        (f) => f.action === 'partition' || (f.action === 'degrade' && f.target === 'network')
      )
    ).toBe(true);
  });
});
