/**
 * The data-physics checker in whole-world runs: the lost writes it counts at a takeover equal the
 * report's figure for every copy mode and fence level, and the safe built-in scenarios break no
 * data physics. Kept apart from the unit suite (dataPhysicsMonitor.test.ts) because each test runs
 * whole worlds: `npm run mutate` leaves `*.world.test.ts` out (README "Mutation testing").
 */
import type { FenceLevel, CopyMode } from '../../model/storageTypes';
import { MONITOR_NAMES } from '../../monitors/monitorReport';
import { findScenario } from '../../scenarios/catalogue';
import { at, defineScenario } from '../../scenarios/defineScenario';
import { runScenario } from '../../world/runScenario';

describe('lost writes add up, for every copy mode and fence level', () => {
  const modes: CopyMode[] = ['sync', 'async'];
  const fences: FenceLevel[] = ['data', 'status', 'never'];
  const cases = modes.flatMap((mode) => fences.map((fenceLevel) => [mode, fenceLevel] as const));

  it.each(cases)('should agree with the report (%s copy, fence level %s)', (mode, fenceLevel) => {
    const faults = {
      // An SVOL-takeover after a disaster, with the link slow enough for async to lag.
      disaster: [at('20s').disaster('production')],
      // A link cut, writes while suspended (fence status/never), then a production crash.
      suspended: [at('15s').cut(), at('20s').crash('prod-1')],
      // A swap-takeover after a production host crash.
      swap: [at('20s').crash('prod-1')]
    };
    for (const [name, list] of Object.entries(faults)) {
      const run = runScenario(
        defineScenario({
          name: `lost-${mode}-${fenceLevel}-${name}`,
          duration: '40s',
          config: {
            remoteCopy: { mode, fenceLevel, latency: '100ms' },
            failover: { onSiteIsolation: 'automatic' },
            workload: { writesPerSecond: 20 }
          },
          faults: list
        })
      );
      const entry = run.report.invariants.find((i) => i.name === MONITOR_NAMES.dataPhysics)!;
      expect({ name, detail: entry.detail, ok: entry.ok }).toMatchObject({ name, ok: true });
      expect(run.monitors.groups[0].checkedLostWrites).toBe(run.report.outcome.lostWrites);
      expect(run.report.outcome.failover.happened).toBe(true);
      if (mode === 'async' && name === 'disaster') {
        expect(run.report.outcome.lostWrites).toBeGreaterThan(0);
      }
    }
  });
});

describe('regression: writes in flight at an array failure are not lost writes', () => {
  it('should count, at the takeover, only writes that reached production (found by explore)', () => {
    const run = runScenario(
      defineScenario({
        name: 'dataPhysics-621129307',
        seed: 621129307,
        duration: '35s',
        config: {
          heartbeat: { bidirectional: true },
          remoteCopy: { fenceLevel: 'never' },
          failover: { onSiteIsolation: 'automatic' }
        },
        faults: [
          at('22.546s').degrade('remote-link', { latency: '101ms', loss: 0.3, for: '9.506s' }),
          at('32.272s').crash('prod-storage', { for: '122ms' })
        ]
      })
    );
    expect(run.monitors.findings.dataPhysics).toEqual([]);
    expect(run.report.outcome.lostWrites).toBe(12);
    expect(run.monitors.groups[0].checkedLostWrites).toBe(12);
  });
});

describe('safe built-in scenarios', () => {
  it.each([
    'failback',
    'hang-long',
    'site-disaster-async',
    'site-disaster-sync',
    'prod-storage-failure',
    'link-flapping',
    'bidirectional-isolation',
    'several-groups'
  ])('should break no data physics in %s', (name) => {
    const run = runScenario(findScenario(name));
    expect(run.monitors.findings.dataPhysics).toEqual([]);
    expect(run.monitors.groups.map((g) => g.checkedLostWrites)).toEqual(
      run.monitors.groups.map((g) => g.lostWrites)
    );
  });
});
