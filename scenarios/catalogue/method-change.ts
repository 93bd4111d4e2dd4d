/** Built-in scenario `method-change`: the checking method changes live three times (FIG. 8). */
import { at, defineScenario } from '../defineScenario';

export default defineScenario({
  name: 'method-change',
  description: 'Live checking-method changes both → network → mirror → both: no false failover',
  duration: '3m',
  faults: [
    at('30s').setMethod('network'),
    at('70s').setMethod('mirror'),
    at('110s').setMethod('both')
  ],
  expect: { failover: false, maxUnavailable: '0s', splitBrain: false, alerts: ['method-changed'] }
});
