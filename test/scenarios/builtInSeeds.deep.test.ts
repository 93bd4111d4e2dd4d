/**
 * Deep tier: every built-in scenario meets its expectations and every invariant for five seeds
 * (its own and the next four; builtInRuns.test.ts runs the first two). Seeds matter with the
 * default configuration, so limits must hold for any seed, not for one lucky run.
 */
import { catalogue } from '../../scenarios/catalogue';
import { runScenario } from '../../world/runScenario';

describe('built-in scenarios over five seeds', () => {
  it.each(Object.keys(catalogue))(
    'should meet the expectations of %s for seeds +2 to +4',
    (name) => {
      const { scenario } = catalogue[name];
      const hashes = new Set<string>();
      for (const offset of [2, 3, 4]) {
        const { report } = runScenario(scenario, { seed: scenario.seed + offset, trace: 'hash' });
        const failed = [...report.expectations, ...report.invariants].filter((c) => !c.ok);
        expect({ seed: report.seed, failed }).toEqual({ seed: report.seed, failed: [] });
        hashes.add(report.traceHash);
      }
      expect(hashes.size).toBe(3);
    }
  );
});
