/**
 * Built-in scenario `prod-storage-failure`: the production array dies. The application's writes go
 * unanswered, production asks the standby to take over over the network, and the standby array
 * does an SVOL-takeover (the production array does not answer).
 */
import { at, defineScenario } from '../defineScenario';

export default defineScenario({
  name: 'prod-storage-failure',
  description:
    'Production storage failure: production asks for takeover, SVOL-takeover, no lost write (sync)',
  duration: '60s',
  faults: [at('20s').crash('prod-storage')],
  expect: {
    failover: true,
    // Production asks once its writes time out (ioTimeout 2 s): no heartbeat timeout to wait for.
    detectionWithin: '4s',
    failoverWithin: '6s',
    maxUnavailable: '7s',
    splitBrain: false,
    maxLostWrites: 0,
    alerts: ['pair-suspended', 'takeover-requested', 'failover-completed']
  }
});
