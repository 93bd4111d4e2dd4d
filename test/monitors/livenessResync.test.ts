/**
 * The liveness monitor and a resync during detection: when the heartbeat pair comes back to PAIR
 * while production is down and the standby has not reacted, the standby judges its mirror path
 * afresh (a whole timeout from then), so the bound in force runs again from that instant — found
 * by `explore --max-faults 5` (seed 450873749: a resync 2.1 s into a production crash, the mirror
 * path lost 25 ms past the old bound).
 */
import type { Observation } from '../../model/observation';
import { failoverLivenessMonitorMachine } from '../../monitors/failoverLivenessMonitorMachine';
import { feedMonitor } from './feedMonitor';

const input = {
  group: 'app',
  productionHosts: ['prod-1'],
  standbyHosts: ['standby-1'],
  bound: 8000
};
const crash: Observation = {
  type: 'HOST',
  at: 10_000,
  group: 'app',
  host: 'prod-1',
  site: 'production',
  state: 'crashed'
};
const pair = (
  at: number,
  which: 'heartbeat' | 'data',
  from: 'COPY' | 'PSUE',
  to: 'PAIR' | 'COPY'
) => ({ type: 'PAIR', at, group: 'app', pair: which, from, to }) as Observation;
const declared = (at: number): Observation => ({
  type: 'DECLARED',
  at,
  group: 'app',
  host: 'standby-1',
  verdict: 'production-failed',
  reason: ''
});

describe('failoverLivenessMonitorMachine and a resync during detection', () => {
  it('should run the bound again from the heartbeat pair back in PAIR', () => {
    const m = feedMonitor(failoverLivenessMonitorMachine, input);
    m.feed(
      crash,
      pair(12_000, 'heartbeat', 'PSUE', 'COPY'),
      pair(12_100, 'heartbeat', 'COPY', 'PAIR')
    );
    // 18 s (the old bound's end) passes; 20.1 s (the bound from the resync) is not reached yet.
    m.feed(declared(19_900));
    expect(m.state()).toBe('handedOver');
    expect(m.finding()).toBeNull();
  });

  it('should still find a standby that says nothing within the bound from the resync', () => {
    const m = feedMonitor(failoverLivenessMonitorMachine, input);
    m.feed(crash, pair(12_100, 'heartbeat', 'COPY', 'PAIR'));
    m.feed(declared(20_101));
    expect(m.state()).toBe('violated');
    expect(m.finding()?.atMs).toBe(20_100);
  });

  it('should not move the bound for the data pair, or for a resync before the failure', () => {
    const data = feedMonitor(failoverLivenessMonitorMachine, input);
    data.feed(crash, pair(12_100, 'data', 'COPY', 'PAIR'), declared(18_001));
    expect(data.state()).toBe('violated');
    expect(data.finding()?.atMs).toBe(18_000);
    const before = feedMonitor(failoverLivenessMonitorMachine, input);
    before.feed(pair(9_000, 'heartbeat', 'COPY', 'PAIR'), crash, declared(18_001));
    expect(before.finding()?.atMs).toBe(18_000);
  });
});
