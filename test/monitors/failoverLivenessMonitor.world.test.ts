/**
 * The schedule `explore --max-faults 5` shrank (seed 450873749): the standby array crashes for
 * 155 ms (both pairs suspended), production crashes at 39.954 s, the operator resyncs at 42.042 s.
 * The standby judges its mirror path afresh once it reads PAIR and declares a whole timeout later
 * (47.987 s): within the bound run again from the resync, not a liveness violation.
 */
import { at, defineScenario } from '../../scenarios/defineScenario';
import { runScenario } from '../../world/runScenario';
import { MONITOR_NAMES } from '../../monitors/monitorReport';

describe('a resync during detection, the whole world', () => {
  const run = runScenario(
    defineScenario({
      name: 'resync-during-detection',
      duration: '49s',
      faults: [
        at('13.39s').crash('standby-storage', { for: '155ms' }),
        at('39.954s').crash('prod-1', { for: '9.034s' }),
        at('42.042s').resync()
      ]
    }),
    { seed: 450873749 }
  );

  it('should declare a whole timeout after the heartbeat pair is back, within the bound', () => {
    const declared = run.report.alerts.find((a) => a.kind === 'failure-declared');
    expect(declared?.atMs).toBe(47_987);
    const liveness = run.report.invariants.find((i) => i.name === MONITOR_NAMES.failoverLiveness);
    expect(liveness?.ok).toBe(true);
  });
});
