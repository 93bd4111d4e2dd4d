/** Built-in scenario `several-groups`: three applications share the arrays; only the failed one moves. */
import { at, defineScenario } from '../defineScenario';

export default defineScenario({
  name: 'several-groups',
  description:
    'Three host groups sharing the two arrays: app2 production crashes, only app2 fails over',
  duration: '60s',
  topology: { groups: 3 },
  faults: [at('20.5s').crash('app2-prod-1')],
  expect: {
    failover: true,
    detectionWithin: '6.5s',
    failoverWithin: '10s',
    maxUnavailable: '10s',
    splitBrain: false,
    maxLostWrites: 0
  }
});
