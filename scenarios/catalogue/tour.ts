/**
 * Built-in scenario `tour` (what `npm start` runs): a few minutes of a two-site cluster. Normal
 * operation; then the network between the sites is partitioned for a minute — the network
 * heartbeat is lost, but the heartbeat written through the remote mirror keeps arriving, so the
 * standby knows production is alive and does NOT fail over (a network-only cluster would have);
 * then the production host crashes — both heartbeats stop while the heartbeat pair is still in
 * PAIR, so the standby declares the failure, fences production, takes over the data volume and
 * starts the application, losing no acknowledged write.
 */
import { at, defineScenario } from '../defineScenario';

export default defineScenario({
  name: 'tour',
  description:
    'Narrated tour: a network partition that the mirror heartbeat rides out, then a production crash that fails over',
  duration: '3m',
  faults: [at('30s').partition({ for: '60s' }), at('120.4s').crash('prod-1')],
  expect: {
    failover: true,
    // From the failure onset (the crash at 120.4 s), not from the partition at 30 s: the bound
    // of detection is timeout + poll + copy lag (≈ 6 s); the application then starts in 1 s.
    detectionWithin: '6.5s',
    failoverWithin: '10s',
    maxUnavailable: '10s',
    splitBrain: false,
    maxLostWrites: 0,
    alerts: [
      'network-heartbeat-lost',
      'network-partitioned',
      'heartbeat-restored',
      'mirror-heartbeat-lost',
      'failure-declared',
      'failover-completed'
    ]
  }
});
