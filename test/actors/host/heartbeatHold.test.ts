/**
 * The standby's network heartbeats that only restart a valid path's timeout wait (only the
 * latest) until just before that path would age: the receiver's statechart takes far fewer of
 * them, and the path still ages at the very instants counted from the last heartbeat that arrived.
 */
import { decodeHeartbeat } from '../../../model/heartbeatMessage';
import { at, defineScenario } from '../../../scenarios/defineScenario';
import type { TraceLine } from '../../../sim/createTrace';
import { runScenario } from '../../../world/runScenario';

const RECEIVER = 'standby-1/receiver';
const isNetHeartbeat = (l: TraceLine) => l.actor === RECEIVER && l.type === 'NET.HEARTBEAT';

describe('held network heartbeats', () => {
  const run = runScenario(
    defineScenario({
      name: 'partition',
      duration: '40s',
      faults: [at('20.3s').partition()],
      expect: { failover: false }
    }),
    { trace: 'full' }
  );
  const arrivals = run.lines.filter((l) => isNetHeartbeat(l) && l.state === undefined);
  const taken = run.lines.filter((l) => isNetHeartbeat(l) && l.state !== undefined);

  it('should hand the receiver statechart at most one in two heartbeats of a valid path', () => {
    expect(arrivals.length + taken.length).toBeGreaterThan(15);
    expect(taken.length).toBeLessThanOrEqual(Math.ceil((arrivals.length + taken.length) / 2));
    // A held heartbeat carries its arrival time; the statechart's row keeps it as the last change.
    const late = taken.filter((l) => (l.payload as { at?: number }).at !== undefined);
    expect(late.length).toBeGreaterThan(0);
    for (const l of late) expect((l.payload as { at: number }).at).toBeLessThan(l.t);
  });

  it('should age the network path from the last heartbeat that arrived, at 50 / 75 / 90 / 100 %', () => {
    const last = [...arrivals, ...taken]
      .map((l) => (l.payload as { at?: number }).at ?? l.t)
      .filter((t) => t < 20_300)
      .reduce((a, b) => Math.max(a, b));
    const alerts = run.report.alerts.filter((a) => a.source === 'standby-1');
    const warnings = alerts
      .filter((a) => a.kind === 'heartbeat-warning' && a.detail.startsWith('network'))
      .map((a) => a.atMs);
    const lost = alerts.find((a) => a.kind === 'network-heartbeat-lost');
    expect(warnings).toEqual([last + 2500, last + 3750, last + 4500]);
    expect(lost?.atMs).toBe(last + 5000);
    expect(run.report.ok).toBe(true);
  });

  it('should show every heartbeat in the trace once, at its arrival, serials in order', () => {
    // Each heartbeat once: a held one as a stream-level line at its arrival, the others as taken.
    const once = [
      ...arrivals,
      ...taken.filter((l) => (l.payload as { at?: number }).at === undefined)
    ];
    once.sort((a, b) => a.t - b.t);
    const serials = once.map((l) => decodeHeartbeat((l.payload as { data: unknown }).data)!.serial);
    expect(serials.length).toBeGreaterThan(15);
    expect(new Set(serials).size).toBe(serials.length);
    expect(serials).toEqual([...serials].sort((a, b) => a - b));
  });
});
