/** Built-in scenario `partition-mirror-method`: only the mirror is watched, a partition is invisible. */
import { at, defineScenario } from '../defineScenario';

export default defineScenario({
  name: 'partition-mirror-method',
  description: 'Network partition under method mirror: nothing to see, no failover',
  duration: '90s',
  config: { heartbeat: { method: 'mirror' } },
  faults: [at('30s').partition({ for: '40s' })],
  expect: { failover: false, maxUnavailable: '0s', splitBrain: false }
});
