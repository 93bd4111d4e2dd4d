/**
 * Built-in scenario `partition-network-method`: the classic network-only design fails over on a
 * partition although production is alive (a false failover). Storage fencing (swap-takeover, fence
 * level data) still keeps production from writing, so there is no split brain.
 */
import { at, defineScenario } from '../defineScenario';

export default defineScenario({
  name: 'partition-network-method',
  description:
    'Network partition under method network: the classic false failover (storage fencing avoids split brain)',
  duration: '90s',
  config: { heartbeat: { method: 'network' } },
  faults: [at('30s').partition({ for: '40s' })],
  expect: {
    failover: true,
    splitBrain: false,
    maxLostWrites: 0,
    alerts: ['network-heartbeat-lost', 'failure-declared']
  }
});
