/** Built-in scenario `heartbeat-io-error`: the heartbeat P-VOL returns I/O errors for a while. */
import { at, defineScenario } from '../defineScenario';

export default defineScenario({
  name: 'heartbeat-io-error',
  description: 'Heartbeat volume I/O errors: write failures and a writer-fault alert, no failover',
  duration: '90s',
  faults: [at('30s').ioError('prod-hb', { for: '20s' })],
  expect: {
    failover: false,
    maxUnavailable: '0s',
    splitBrain: false,
    alerts: [
      'heartbeat-write-failed',
      'mirror-heartbeat-lost',
      'heartbeat-writer-fault',
      'heartbeat-restored'
    ]
  }
});
