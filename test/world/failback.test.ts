import {
  at,
  defineScenario,
  type DurationInput,
  type FaultInput
} from '../../scenarios/defineScenario';
import { runScenario } from '../../world/runScenario';
import { INSTALLED, alertsOf, roles, tables } from './lifecycleHarness';
import { EXACT_TIMING, runWorld } from './runWorld';

const scenario = (faults: FaultInput[], duration: DurationInput = '60s') =>
  defineScenario({
    name: 'failback',
    duration,
    config: { ...EXACT_TIMING, failover: { onSiteIsolation: 'automatic' } },
    faults
  });

/** Production site lost at 10 s (SVOL-takeover at the standby), repaired at 30 s. */
const disasterAndRepair: FaultInput[] = [
  at('10s').disaster('production'),
  at('30s').recover('prod-storage'),
  at('30s').recover('prod-1')
];

describe('failback to the repaired production site', () => {
  it('should reverse-resync after an SVOL-takeover, switch back with zero lost writes and restore the roles', () => {
    const s = scenario([...disasterAndRepair, at('40s').failback()]);
    const { report, narrative } = runScenario(s);
    expect(alertsOf(report, 'failover-completed')).toHaveLength(1);
    const [done] = alertsOf(report, 'failback-completed');
    // swap (1 ms) + differential resync copy (the 16 hot data blocks are all dirty: 16 × (2 × 2 ms
    // + 1 ms) = 80 ms), heartbeat pair resync (1 + 5 ms), stop the application, swap-takeover
    // (1 + 2 × 2 ms), application start (1 s).
    // The standby learns each copy is done by polling its own array once a poll interval (1 s):
    // at most two more polls than the copies themselves take.
    expect(done.atMs - 40_000).toBeGreaterThan(1092);
    expect(done.atMs - 40_000).toBeLessThanOrEqual(1092 + 2 * 1000 + 1000);
    expect(done.detail).toBe(
      'app: application back at production (reverse resync, then swap-takeover); standby monitoring again'
    );
    const texts = narrative.map((n) => n.text);
    expect(texts).toContain('SSWS → COPY (pairresync -swaps)');
    expect(texts).toContain('PSUE → COPY (pairresync)'); // the heartbeat pair
    expect(report.outcome.lostWrites).toBe(0);
    expect(report.outcome.splitBrain).toBe(false);
    expect(report.invariants.every((i) => i.ok)).toBe(true);

    const world = runWorld(s);
    expect(world.appsRunning()).toEqual(['prod-1']);
    const { storage } = world.cluster;
    expect(storage.pairView('data-pair')).toMatchObject({ state: 'PAIR', primary: 'prod-data' });
    // Every write the standby acknowledged is on the production volume.
    const standbyWrites = storage.highWater('standby-data', 'standby-1');
    expect(standbyWrites).toBeGreaterThan(200);
    expect(storage.highWater('prod-data', 'standby-1')).toBe(standbyWrites);
    expect(roles(world.cluster)).toEqual({ production: 'serving', standby: 'monitoring' });
    expect(tables(world.cluster)).toEqual(INSTALLED);
  });

  it('should leave a standby that monitors again with fresh programs: a later crash fails over again', () => {
    const { report } = runScenario(
      scenario([...disasterAndRepair, at('40s').failback(), at('50s').crash('prod-1')], '70s')
    );
    expect(alertsOf(report, 'failback-completed')).toHaveLength(1);
    const declared = alertsOf(report, 'failure-declared');
    expect(declared).toHaveLength(2);
    expect(declared[1].detail).toMatch(/production host group failed/);
    expect(alertsOf(report, 'failover-completed')).toHaveLength(2);
    expect(report.outcome.splitBrain).toBe(false);
    expect(report.outcome.lostWrites).toBe(0);
  });

  it('should skip the reverse resync after a swap-takeover failover', () => {
    const s = scenario([
      at('10s').crash('prod-1'),
      at('25s').recover('prod-1'),
      at('30s').failback()
    ]);
    const { report, narrative } = runScenario(s);
    expect(alertsOf(report, 'failover-completed')[0].detail).toMatch(/swap-takeover/);
    const [done] = alertsOf(report, 'failback-completed');
    expect(done.detail).toMatch(/\(swap-takeover\)/);
    expect(narrative.some((n) => n.text.includes('pairresync -swaps'))).toBe(false);
    expect(report.outcome.lostWrites).toBe(0);
    const world = runWorld(s);
    expect(world.appsRunning()).toEqual(['prod-1']);
    expect(world.cluster.storage.pairView('data-pair').primary).toBe('prod-data');
  });

  it('should refuse when nothing failed over', () => {
    const { report } = runScenario(scenario([at('10s').failback()], '15s'));
    expect(alertsOf(report, 'failback-refused')[0].detail).toBe(
      'app: failback refused: the standby group is not serving the application: nothing to fail back'
    );
  });

  it('should refuse while production is not healthy', () => {
    const { report } = runScenario(
      scenario([at('10s').disaster('production'), at('30s').failback()], '35s')
    );
    expect(alertsOf(report, 'failback-refused')[0].detail).toBe(
      // The standby cannot tell why: production's hosts are down with their array.
      'app: failback refused: production is not healthy: no answer within 3006 ms'
    );
    const hostDown = runScenario(
      scenario(
        [at('10s').disaster('production'), at('25s').recover('prod-storage'), at('30s').failback()],
        '35s'
      )
    );
    // Production's array is back but no production host runs: nobody answers the probe.
    expect(alertsOf(hostDown.report, 'failback-refused')[0].detail).toMatch(
      /production is not healthy: no answer within/
    );
  });

  it('should refuse while the data pair is not in PAIR, keeping the application at the standby', () => {
    const s = scenario([
      at('10s').crash('prod-1'),
      at('25s').recover('prod-1'),
      at('28s').cut(),
      at('30s').failback()
    ]);
    const { report } = runScenario(s);
    expect(alertsOf(report, 'failback-refused')[0].detail).toBe(
      'app: failback refused: the data pair is PSUE, not PAIR'
    );
    expect(runWorld(s).appsRunning()).toEqual(['standby-1']);
  });

  it('should refuse when the reverse resync is refused (remote link down)', () => {
    const s = scenario([...disasterAndRepair, at('35s').cut(), at('40s').failback()]);
    const { report } = runScenario(s);
    expect(alertsOf(report, 'failback-refused')[0].detail).toBe(
      'app: failback refused: reverse resync refused: remote link is down'
    );
    expect(runWorld(s).appsRunning()).toEqual(['standby-1']);
  });

  it('should wait for the standby quorum lease to run out with a tiebreaker', () => {
    const s = defineScenario({
      name: 'failback-tiebreaker',
      duration: '60s',
      config: { failover: { onSiteIsolation: 'tiebreaker' } },
      faults: [...disasterAndRepair, at('40s').failback()]
    });
    const { report, narrative } = runScenario(s);
    expect(narrative.map((n) => n.text)).toContain('waits for the standby quorum lease to run out');
    const [done] = alertsOf(report, 'failback-completed');
    expect(done.atMs).toBeGreaterThan(40_000 + 5000);
    // Production holds the lease again: it is not told to stop.
    expect(alertsOf(report, 'self-fenced')).toEqual([]);
    expect(alertsOf(report, 'failure-declared')).toHaveLength(1);
    expect(runWorld(s).appsRunning()).toEqual(['prod-1']);
  });
});
