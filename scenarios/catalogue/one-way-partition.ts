/** Built-in scenario `one-way-partition`: packets from production to standby are dropped, not the reverse. */
import { at, defineScenario } from '../defineScenario';

export default defineScenario({
  name: 'one-way-partition',
  description:
    'One-way partition production → standby: network heartbeat lost, mirror alive, no failover',
  duration: '90s',
  faults: [at('30s').partition({ direction: 'prod-to-standby', for: '40s' })],
  expect: {
    failover: false,
    maxUnavailable: '0s',
    splitBrain: false,
    alerts: ['network-heartbeat-lost', 'network-partitioned']
  }
});
