/**
 * The method-judgement monitor in whole-world runs: an injected decision that fails over on a
 * network-only loss is a violation in the report and in exploration, and the safe built-in
 * scenarios raise none. Kept apart from the unit suite (methodJudgementMonitor.test.ts) because
 * each test runs whole worlds: `npm run mutate` leaves `*.world.test.ts` out (README "Mutation
 * testing").
 */
import { failureDecisionMachine } from '../../machines/failureDecisionMachine';
import { MONITOR_NAMES } from '../../monitors/monitorReport';
import { runSchedule } from '../../explore/runSchedule';
import { findScenario } from '../../scenarios/catalogue';
import { at, defineScenario } from '../../scenarios/defineScenario';
import { runScenario } from '../../world/runScenario';

describe('an injected bug: under both, the decision fails over on a network-only loss', () => {
  const networkOnly = failureDecisionMachine.provide({
    guards: { productionFailed: ({ context }) => context.network === 'invalid' }
  });
  const scenario = defineScenario({
    name: 'network-only-decision',
    duration: '40s',
    faults: [at('20s').partition({ for: '10s' })]
  });

  it('should be a violation in the run report, with the false failover classified', () => {
    const run = runScenario(scenario, { machines: { decision: networkOnly } });
    const entry = run.report.invariants.find((i) => i.name === MONITOR_NAMES.methodJudgement)!;
    expect(entry.ok).toBe(false);
    expect(entry.detail).toMatch(/mirror still delivered valid heartbeats/);
    expect(run.report.ok).toBe(false);
    const ff = run.report.invariants.find((i) => i.name === MONITOR_NAMES.falseFailover)!;
    expect(ff.detail).toMatch(/^finding \(app: path-delivering\)/);
    // The real decision rides the same partition out.
    expect(runScenario(scenario).report.ok).toBe(true);
  });

  it('should be a violation exploration counts', () => {
    const outcome = runSchedule(scenario, { machines: { decision: networkOnly } });
    expect(Object.keys(outcome.violations)).toEqual(['methodJudgement']);
    expect(Object.keys(outcome.findings)).toEqual(['falseFailover']);
  });
});

describe('safe built-in scenarios', () => {
  it.each([
    'partition-both',
    'one-way-partition',
    'partition-mirror-method',
    'partition-network-method',
    'isolation-automatic',
    'method-change',
    'link-cut-both'
  ])('should raise no method-judgement violation in %s', (name) => {
    const run = runScenario(findScenario(name));
    expect(run.monitors.findings.methodJudgement).toEqual([]);
    expect(run.report.ok).toBe(true);
  });
});
