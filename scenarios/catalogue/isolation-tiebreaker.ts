/** Built-in scenario `isolation-tiebreaker`: the third-site quorum keeps the application on one side. */
import { at, defineScenario } from '../defineScenario';

export default defineScenario({
  name: 'isolation-tiebreaker',
  description:
    'Site isolation under tiebreaker: production keeps the quorum lease, the standby is refused',
  duration: '90s',
  config: { failover: { onSiteIsolation: 'tiebreaker' } },
  faults: [at('30s').partition(), at('30s').cut()],
  expect: { failover: false, splitBrain: false, alerts: ['operator-decision-required'] }
});
