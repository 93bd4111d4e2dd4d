/**
 * Built-in scenario `link-flapping`: the remote link goes down and up every few seconds; the
 * operator resyncs the suspended pairs once it has stayed up a while.
 */
import { at, defineScenario } from '../defineScenario';

export default defineScenario({
  name: 'link-flapping',
  description: 'Remote link flapping (3 s down every 10 s): no failover, no split brain',
  duration: '2m',
  faults: [
    ...[20, 30, 40, 50, 60, 70].map((s) => at(s * 1000).cut({ for: '3s' })),
    at('80s').resync()
  ],
  expect: { failover: false, splitBrain: false, alerts: ['pair-suspended'] }
});
