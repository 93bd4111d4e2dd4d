/** Built-in scenario `link-cut-mirror-method`: PSUE + stale mirror heartbeat means replication down. */
import { at, defineScenario } from '../defineScenario';

export default defineScenario({
  name: 'link-cut-mirror-method',
  description:
    'Remote link cut under method mirror: stale heartbeat with PSUE read as replication down, no failover',
  duration: '90s',
  config: { heartbeat: { method: 'mirror' } },
  faults: [at('30s').cut({ for: '30s' })],
  expect: { failover: false, splitBrain: false, alerts: ['pair-suspended', 'replication-down'] }
});
