/** Built-in scenario `hang-short`: a 3 s hang (below the 5 s timeout) raises warnings only. */
import { at, defineScenario } from '../defineScenario';

export default defineScenario({
  name: 'hang-short',
  description: 'Production host hangs 3 s, shorter than the timeout: warnings, no failover',
  duration: '60s',
  faults: [at('20s').hang('prod-1', { for: '3s' })],
  expect: {
    failover: false,
    maxUnavailable: '4.5s',
    splitBrain: false,
    alerts: ['heartbeat-warning']
  }
});
