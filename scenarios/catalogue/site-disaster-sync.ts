/** Built-in scenario `site-disaster-sync`: the production site is lost; synchronous copy loses nothing. */
import { at, defineScenario } from '../defineScenario';

export default defineScenario({
  name: 'site-disaster-sync',
  description:
    'Production site disaster, sync copy, automatic takeover: failover with zero lost writes',
  duration: '60s',
  config: { failover: { onSiteIsolation: 'automatic' }, workload: { writesPerSecond: 100 } },
  faults: [at('20s').disaster('production')],
  expect: {
    failover: true,
    detectionWithin: '6.5s',
    failoverWithin: '10s',
    maxUnavailable: '10s',
    splitBrain: false,
    maxLostWrites: 0
  }
});
