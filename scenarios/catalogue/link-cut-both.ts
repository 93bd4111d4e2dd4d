/**
 * Built-in scenario `link-cut-both`: the remote-copy link is cut. The pairs suspend (PSUE), the
 * mirror heartbeat freezes, but the network heartbeat is alive: replication down, not death.
 */
import { at, defineScenario } from '../defineScenario';

export default defineScenario({
  name: 'link-cut-both',
  description:
    'Remote link cut under method both: pair suspended, replication-down alert, no failover',
  duration: '90s',
  faults: [at('30s').cut({ for: '30s' })],
  expect: { failover: false, splitBrain: false, alerts: ['pair-suspended', 'replication-down'] }
});
