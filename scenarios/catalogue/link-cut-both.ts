/**
 * Built-in scenario `link-cut-both`: the remote-copy link is cut. The pairs suspend (PSUE), the
 * mirror heartbeat freezes, but the network heartbeat is alive: replication down, not death.
 * Fence level `data` rejects production's writes until the operator resyncs the pairs, 5 s after
 * the link is back.
 */
import { at, defineScenario } from '../defineScenario';

export default defineScenario({
  name: 'link-cut-both',
  description:
    'Remote link cut under method both: pair suspended, replication-down alert, no failover',
  duration: '90s',
  faults: [at('30s').cut({ for: '30s' }), at('65s').resync()],
  expect: { failover: false, splitBrain: false, alerts: ['pair-suspended', 'replication-down'] }
});
