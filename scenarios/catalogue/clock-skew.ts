/** Built-in scenario `clock-skew`: the production clock is 90 s behind; detection does not care. */
import { at, defineScenario } from '../defineScenario';

export default defineScenario({
  name: 'clock-skew',
  description:
    'Production clock skewed by −90 s: a skew alert, then a crash detected exactly as without skew',
  duration: '90s',
  faults: [at('10s').skew('prod-1', '-90s'), at('40.4s').crash('prod-1')],
  expect: {
    failover: true,
    detectionWithin: '6.5s',
    failoverWithin: '10s',
    splitBrain: false,
    maxLostWrites: 0,
    alerts: ['clock-skew']
  }
});
