/**
 * Built-in scenario `bidirectional-isolation` (second configuration, FIG. 9–11): heartbeats flow
 * both ways; on site isolation production self-fences after `selfFenceAfter` and the standby waits
 * longer before its automatic takeover, so even with fence level `never` there are never two writers.
 */
import { at, defineScenario } from '../defineScenario';

export default defineScenario({
  name: 'bidirectional-isolation',
  description:
    'Bidirectional heartbeats, site isolation, automatic takeover, fence never: self-fence, no split brain',
  duration: '90s',
  config: {
    heartbeat: { bidirectional: true },
    remoteCopy: { fenceLevel: 'never' },
    failover: { onSiteIsolation: 'automatic' }
  },
  faults: [at('20s').partition(), at('20s').cut()],
  expect: { failover: true, splitBrain: false, alerts: ['self-fenced', 'failover-completed'] }
});
