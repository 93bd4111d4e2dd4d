/** Built-in scenario `prod-host-crash`: the production host dies; the standby takes over. */
import { at, defineScenario } from '../defineScenario';

export default defineScenario({
  name: 'prod-host-crash',
  description:
    'Production host crash: both heartbeats stop with the pair in PAIR, failover in under 10 s',
  duration: '90s',
  faults: [at('30.4s').crash('prod-1')],
  expect: {
    failover: true,
    detectionWithin: '6.5s',
    failoverWithin: '10s',
    maxUnavailable: '10s',
    splitBrain: false,
    maxLostWrites: 0,
    alerts: [
      'network-heartbeat-lost',
      'mirror-heartbeat-lost',
      'failure-declared',
      'failover-completed'
    ]
  }
});
