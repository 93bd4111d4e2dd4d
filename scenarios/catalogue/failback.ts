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
    detectionWithin: '4s',
    failoverWithin: '6s',
    // The failover (≈ 3 s) and the planned switch back (≈ 1.2 s) together.
    maxUnavailable: '7s',
    splitBrain: false,
    maxLostWrites: 0,
    alerts: ['failover-completed', 'failback-completed']
  }
});
