/**
 * Built-in scenario `link-cut-auto-resync`: the remote link is cut for 60 s and restored. Fence
 * level `data` rejects production's writes while the pairs are suspended; with
 * `remoteCopy.autoResync` production's cluster software resyncs both pairs as soon as its array
 * accepts (the link is back), so writes are accepted again and a later crash of production fails
 * over automatically (without autoResync the data pair would stay PSUE, every write rejected, and
 * the crash would only ask the operator: site isolation).
 */
import { at, defineScenario } from '../defineScenario';

export default defineScenario({
  name: 'link-cut-auto-resync',
  description:
    'Link cut 60 s then restored with autoResync: pairs resynced, writes back, a later crash fails over',
  duration: '3m',
  config: { remoteCopy: { autoResync: true } },
  faults: [at('20s').cut({ for: '60s' }), at('140s').crash('prod-1')],
  expect: {
    failover: true,
    failoverWithin: '10s',
    maxUnavailable: '75s',
    splitBrain: false,
    maxLostWrites: 0,
    alerts: ['pair-suspended', 'failover-completed']
  }
});
