/** Built-in scenario `partition-both`: the patent's point — the mirror heartbeat prevents a false failover. */
import { at, defineScenario } from '../defineScenario';

export default defineScenario({
  name: 'partition-both',
  description:
    'Network partition under method both: mirror heartbeat alive, alert only, no failover',
  duration: '2m',
  faults: [at('30s').partition({ for: '60s' })],
  expect: {
    failover: false,
    maxUnavailable: '0s',
    splitBrain: false,
    alerts: ['network-heartbeat-lost', 'network-partitioned', 'heartbeat-restored']
  }
});
