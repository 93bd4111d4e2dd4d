/** Built-in scenario `latency-spikes`: network latency close to the timeout. */
import { at, defineScenario } from '../defineScenario';

export default defineScenario({
  name: 'latency-spikes',
  description: 'Network latency spikes near the 5 s timeout: heartbeat warnings, no failover',
  duration: '2m',
  faults: [
    at('30s').degrade('network', { latency: '3.5s', jitter: '1s', for: '20s' }),
    at('70s').degrade('network', { latency: '4.5s', jitter: '1s', for: '10s' })
  ],
  expect: {
    failover: false,
    maxUnavailable: '0s',
    splitBrain: false,
    alerts: ['heartbeat-warning']
  }
});
