/**
 * Built-in scenario `site-disaster-async`: the same disaster with asynchronous copy over a 40 ms
 * link at 100 writes/s: the journal held acknowledged writes that never reached the standby, so
 * the SVOL-takeover loses them (compare `site-disaster-sync`).
 */
import { at, defineScenario } from '../defineScenario';

export default defineScenario({
  name: 'site-disaster-async',
  description:
    'Production site disaster, async copy: failover, but acknowledged writes in flight are lost',
  duration: '60s',
  config: {
    remoteCopy: { mode: 'async', latency: '40ms' },
    failover: { onSiteIsolation: 'automatic' },
    workload: { writesPerSecond: 100 }
  },
  faults: [at('20s').disaster('production')],
  expect: {
    failover: true,
    detectionWithin: '6.5s',
    failoverWithin: '10s',
    maxUnavailable: '10s',
    splitBrain: false,
    maxLostWrites: 10
  }
});
