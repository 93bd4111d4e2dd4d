/**
 * Built-in scenario `failback`: the production array fails, the standby takes over (SVOL-takeover),
 * the array is repaired, and the operator fails back: reverse resync (swap), planned switch, the
 * application runs at production again with no lost write.
 */
import { at, defineScenario } from '../defineScenario';

export default defineScenario({
  name: 'failback',
  description:
    'Production storage failure, failover, repair, then failback to production with zero lost writes',
  duration: '2m',
  faults: [
    at('20s').crash('prod-storage'),
    at('50s').recover('prod-storage'),
    at('70s').failback()
  ],
  expect: {
    failover: true,
    splitBrain: false,
    maxLostWrites: 0,
    alerts: ['failover-completed', 'failback-completed']
  }
});
