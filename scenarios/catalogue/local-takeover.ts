/** Built-in scenario `local-takeover`: a 2-host production group fails over locally, not remotely. */
import { at, defineScenario } from '../defineScenario';

export default defineScenario({
  name: 'local-takeover',
  description:
    'Two hosts per group: prod-1 crashes, prod-2 takes over locally within 2 s, no remote failover',
  duration: '60s',
  topology: { hostsPerGroup: 2 },
  faults: [at('20.5s').crash('prod-1')],
  expect: {
    failover: false,
    maxUnavailable: '5s',
    splitBrain: false,
    maxLostWrites: 0,
    alerts: ['local-takeover']
  }
});
