/**
 * Built-in scenario `link-cut-network-method`: the link cut does not touch the network heartbeat;
 * the operator resyncs the suspended pairs 5 s after the link is back.
 */
import { at, defineScenario } from '../defineScenario';

export default defineScenario({
  name: 'link-cut-network-method',
  description:
    'Remote link cut under method network: pair suspended, heartbeat unaffected, no failover',
  duration: '90s',
  config: { heartbeat: { method: 'network' } },
  faults: [at('30s').cut({ for: '30s' }), at('65s').resync()],
  expect: { failover: false, splitBrain: false, alerts: ['pair-suspended'] }
});
