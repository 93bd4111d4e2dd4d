/**
 * Built-in scenario `isolation-automatic`: automatic takeover on isolation is a false failover —
 * production was alive. Fence level data keeps production from writing while the pair is
 * suspended, so the data does not diverge.
 */
import { at, defineScenario } from '../defineScenario';

export default defineScenario({
  name: 'isolation-automatic',
  description:
    'Site isolation under automatic: a (false) failover; fence level data prevents split brain',
  duration: '90s',
  config: { failover: { onSiteIsolation: 'automatic' } },
  faults: [at('30s').partition(), at('30s').cut()],
  expect: { failover: true, splitBrain: false, maxLostWrites: 0 }
});
