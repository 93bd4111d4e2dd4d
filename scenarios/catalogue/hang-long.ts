/**
 * Built-in scenario `hang-long`: the split-brain classic. Production hangs 20 s; the standby takes
 * over; when production resumes it still believes it is primary — but the swap-takeover made its
 * data volume the S-VOL (read-only) and the queued fence request stops it: no two writers.
 */
import { at, defineScenario } from '../defineScenario';

export default defineScenario({
  name: 'hang-long',
  description:
    'Production host hangs 20 s: failover, and the resumed host cannot write (no split brain)',
  duration: '90s',
  faults: [at('20s').hang('prod-1', { for: '20s' })],
  expect: {
    failover: true,
    detectionWithin: '6.5s',
    failoverWithin: '10s',
    maxUnavailable: '10s',
    splitBrain: false,
    maxLostWrites: 0,
    alerts: ['failure-declared', 'failover-completed']
  }
});
