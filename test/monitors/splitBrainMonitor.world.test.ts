/**
 * The two-writers monitor in whole-world runs: the safe built-in scenarios raise no split brain.
 * Kept apart from the unit suite (splitBrainMonitor.test.ts) because each test runs a whole
 * world: `npm run mutate` leaves `*.world.test.ts` out (README "Mutation testing").
 */
import { findScenario } from '../../scenarios/catalogue';
import { runScenario } from '../../world/runScenario';

describe('safe built-in scenarios', () => {
  it.each([
    'hang-long',
    'failback',
    'isolation-automatic',
    'site-disaster-async',
    'bidirectional-isolation'
  ])('should raise no split brain in %s', (name) => {
    const run = runScenario(findScenario(name));
    expect(run.monitors.findings.splitBrain).toEqual([]);
    expect(run.report.outcome.divergentWrites).toBe(0);
  });
});
