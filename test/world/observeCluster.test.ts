/**
 * The adapter between the world and its observers: a real world, a production crash, and the one
 * observation stream it yields — typed, in time order, with what the outcome accounting and the
 * monitors need — without changing the run's trace.
 */
import { DEFAULT_TOPOLOGY, resolveConfig } from '../../model/config';
import type { Observation } from '../../model/observation';
import type { FaultEntry } from '../../model/scenario';
import { createSimulation } from '../../sim';
import { scheduleFaults } from '../../world/applyFaults';
import { createCluster } from '../../world/createCluster';
import { observeCluster } from '../../world/observeCluster';

const config = resolveConfig({});
const topology = DEFAULT_TOPOLOGY;
const faults: FaultEntry[] = [{ at: 20_000, action: 'crash', target: 'prod-1' }];

/** Run 40 s with a crash at 20 s; with `observe`, collect the observation stream. */
function run(observe: boolean) {
  const adapter = observe ? observeCluster({ config, topology }) : null;
  const sim = createSimulation({ seed: 3, trace: 'hash' });
  const seen: Observation[] = [];
  adapter?.observations$.subscribe((o) => seen.push(o));
  const cluster = createCluster(sim, { config, topology });
  adapter?.connect(cluster);
  cluster.start();
  scheduleFaults(cluster, faults, () => undefined);
  adapter?.observeTimeline(faults);
  sim.runUntil(40_000);
  const health = adapter?.probe.health();
  adapter?.stop();
  const hash = sim.trace.hash();
  sim.stop();
  return { seen, hash, health };
}

const first = <T extends Observation['type']>(seen: Observation[], type: T) =>
  seen.find((o): o is Extract<Observation, { type: T }> => o.type === type);

describe('observeCluster', () => {
  const { seen, hash, health } = run(true);

  it('should publish one stream in simulated-time order', () => {
    expect(seen.length).toBeGreaterThan(100);
    for (let i = 1; i < seen.length; i++) expect(seen[i].at).toBeGreaterThanOrEqual(seen[i - 1].at);
  });

  it('should see the application serve and its writes acknowledged, then the crash', () => {
    expect(first(seen, 'APP')).toMatchObject({ group: 'app', host: 'prod-1', running: true });
    const acks = seen.filter((o) => o.type === 'APP_WRITE_ACK' && o.at < 20_000);
    expect(acks.length).toBeGreaterThan(100);
    expect(acks[0]).toMatchObject({ group: 'app', site: 'production', volume: 'prod-data' });
    expect(first(seen, 'FAULT')).toMatchObject({ at: 20_000, phase: 'apply', operator: false });
    expect(seen).toContainEqual({
      type: 'HOST',
      at: 20_000,
      group: 'app',
      host: 'prod-1',
      site: 'production',
      state: 'crashed'
    });
    expect(first(seen, 'TIMELINE_OVER')?.at).toBe(20_000);
  });

  it('should see the invalid rows before the declaration, then the takeover and the failover', () => {
    const declared = first(seen, 'DECLARED')!;
    expect(declared).toMatchObject({ group: 'app', host: 'standby-1' });
    expect(declared.at).toBeGreaterThan(24_000);
    const rows = seen.filter(
      (o) => o.type === 'PATH' && o.status === 'invalid' && o.at <= declared.at
    );
    expect(rows.map((o) => (o.type === 'PATH' ? o.path : '')).sort()).toEqual([
      'mirror',
      'network'
    ]);
    const takeover = first(seen, 'TAKEOVER')!;
    expect(takeover).toMatchObject({ from: 'prod-data', to: 'standby-data' });
    expect(takeover.writes.acknowledged['prod-1']).toBeGreaterThan(100);
    expect(takeover.writes.copied['prod-1']).toBe(takeover.writes.acknowledged['prod-1']);
    const completed = first(seen, 'FAILOVER_COMPLETED')!;
    expect(completed.at).toBeGreaterThan(takeover.at);
    expect(seen).toContainEqual(
      expect.objectContaining({ type: 'APP', host: 'standby-1', running: true, at: completed.at })
    );
    expect(
      seen.some((o) => o.type === 'APP_WRITE_ACK' && o.site === 'standby' && o.at > completed.at)
    ).toBe(true);
  });

  it('should answer the probe with what is still broken', () => {
    expect(health).toEqual({
      hostsDown: [{ host: 'prod-1', state: 'crashed' }],
      arraysDown: [],
      link: 'up',
      network: { mode: 'up', partition: 'none' },
      ioErrors: []
    });
  });

  it('should add nothing to the trace', () => {
    expect(run(false).hash).toBe(hash);
  });
});
