/**
 * Built-in scenario `steady-state`: a day of normal operation. Both pairs stay in PAIR, heartbeats
 * flow on both paths, the application keeps writing at production: nothing may fail over, nothing
 * may be written at both sites, no acknowledged write may be lost.
 */
import { defineScenario } from '../defineScenario';

export default defineScenario({
  name: 'steady-state',
  description: 'A day of normal operation: no failover, no split brain, no lost write',
  duration: '24h',
  expect: { failover: false, maxUnavailable: '0s', splitBrain: false, maxLostWrites: 0 }
});
