/** Built-in scenario `isolation-manual`: a dead WAN looks like a dead site: ask the operator. */
import { at, defineScenario } from '../defineScenario';

export default defineScenario({
  name: 'isolation-manual',
  description:
    'Site isolation (network and link down) under manual: operator decision required, no takeover',
  duration: '90s',
  faults: [at('30s').partition({ for: '40s' }), at('30s').cut({ for: '40s' })],
  expect: { failover: false, splitBrain: false, alerts: ['operator-decision-required'] }
});
