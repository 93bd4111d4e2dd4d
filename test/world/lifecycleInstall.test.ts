import {
  at,
  defineScenario,
  type DurationInput,
  type FaultInput
} from '../../scenarios/defineScenario';
import { runScenario } from '../../world/runScenario';
import { INSTALLED, UNINSTALLED, alertsOf, kindsOf, tables } from './lifecycleHarness';
import { EXACT_TIMING, runWorld } from './runWorld';

const scenario = (faults: FaultInput[], duration: DurationInput = '40s') =>
  defineScenario({ name: 'install', duration, config: EXACT_TIMING, faults });

describe('install of the heartbeat mirror (FIG. 4)', () => {
  it('should create the pair, register both volumes and acknowledge in 1 + copy + 2 latencies', () => {
    const s = scenario([at('5s').uninstall(), at('15s').install()]);
    const { report, narrative } = runScenario(s);
    const [installed] = alertsOf(report, 'installed');
    // create answered after the 1 ms service time; production polls its own array once a poll
    // interval (1 s) until the 500 ms initial copy is PAIR (answered 1 ms later); activation 1 ms
    // there and 1 ms back.
    expect(installed.atMs).toBe(15_000 + 1 + 1000 + 1 + 1 + 1);
    expect(installed.source).toBe('prod-1');
    expect(report.outcome.failover.happened).toBe(false);
    expect(kindsOf(report).has('install-failed')).toBe(false);
    // FIG. 4 order: pair, then the P-VOL row, then the S-VOL row.
    const order = narrative
      .filter((n) => n.atMs >= 15_000)
      .map((n) => n.text)
      .filter((t) => /SMPL → COPY|COPY → PAIR|registered to/.test(t));
    expect(order).toEqual([
      'SMPL → COPY (paircreate)',
      'COPY → PAIR (copy complete)',
      'prod-hb registered to the device address entry (mirror row enabled)',
      'standby-hb registered to the device address entry (mirror row enabled)'
    ]);
    expect(tables(runWorld(s).cluster)).toEqual(INSTALLED);
  });

  it('should make the mirror path count again: a partition after the install does not fail over', () => {
    const partition = at('25s').partition({ for: '10s' });
    const without = runScenario(scenario([at('5s').uninstall(), partition]));
    const withInstall = runScenario(
      scenario([at('5s').uninstall(), at('15s').install(), partition])
    );
    // Without the mirror the network is the only evidence: the classic false failover.
    expect(without.report.outcome.failover.happened).toBe(true);
    expect(withInstall.report.outcome.failover.happened).toBe(false);
    expect(kindsOf(withInstall.report).has('network-partitioned')).toBe(true);
    // The re-enabled row took the old block as its baseline: no stale serial, no skew alarm.
    expect(kindsOf(withInstall.report).has('clock-skew')).toBe(false);
    expect(kindsOf(withInstall.report).has('mirror-heartbeat-lost')).toBe(false);
  });

  it('should fail with the array refusal when the pair already exists, changing nothing', () => {
    const s = scenario([at('10s').install()], '20s');
    const [failed] = alertsOf(runScenario(s).report, 'install-failed');
    expect(failed.atMs).toBe(10_001);
    expect(failed.detail).toBe(
      'app: pair creation refused: volume is already paired (PAIR); rolled back, both status tables unchanged'
    );
    expect(tables(runWorld(s).cluster)).toEqual(INSTALLED);
  });

  it('should fail when the pair cannot be created over a cut link, tables still uninstalled', () => {
    const s = scenario([at('5s').uninstall(), at('10s').cut(), at('15s').install()], '25s');
    const { report } = runScenario(s);
    expect(alertsOf(report, 'install-failed')[0].detail).toMatch(
      /pair creation refused: remote link is down/
    );
    expect(tables(runWorld(s).cluster)).toEqual(UNINSTALLED);
  });

  it('should roll back when the initial copy fails (link cut during COPY → PSUE)', () => {
    const s = scenario(
      [at('5s').uninstall(), at('15s').install(), at('15.2s').cut({ for: '1s' })],
      '25s'
    );
    const { report, narrative } = runScenario(s);
    const [failed] = alertsOf(report, 'install-failed');
    // create answered at 15.001 s; the poll then sees COPY, the next one (1 s later, answered
    // 1 ms after) PSUE: the rollback (unregister, cancel, delete) ends 1 ms after that.
    expect(failed.atMs).toBe(15_001 + 1000 + 1 + 1);
    expect(failed.detail).toMatch(/initial copy failed: heartbeat pair went PSUE during COPY/);
    expect(narrative.map((n) => n.text)).toContain('PSUE → SMPL (pairsplit -S)');
    expect(report.outcome.failover.happened).toBe(false);
    expect(tables(runWorld(s).cluster)).toEqual(UNINSTALLED);
  });

  it('should retry an unacknowledged activation, then cancel it at the standby and delete the pair', () => {
    // The standby hears production (no failover) but its acknowledgements are lost.
    const s = scenario([
      at('5s').uninstall(),
      at('14s').partition({ direction: 'standby-to-prod', for: '10s' }),
      at('15s').install()
    ]);
    const { report, narrative } = runScenario(s);
    const [failed] = alertsOf(report, 'install-failed');
    // PAIR seen by the poll at 16.002 s, then 3 activations 1002 ms apart (1 s + a round trip).
    expect(failed.atMs).toBe(16_002 + 3 * 1002 + 1);
    expect(failed.detail).toMatch(/activation unacknowledged after 3 attempt\(s\)/);
    const standbyRows = narrative.filter((n) => n.source === 'standby-1' && n.kind === 'state');
    expect(standbyRows.map((n) => n.text)).toEqual([
      'standby-hb removed from the device address entry (mirror row disabled)',
      'standby-hb registered to the device address entry (mirror row enabled)',
      'standby-hb removed from the device address entry (mirror row disabled)'
    ]);
    expect(report.outcome.failover.happened).toBe(false);
    expect(tables(runWorld(s).cluster)).toEqual(UNINSTALLED);
  });

  it('should unregister the S-VOL by itself when the cancel is lost and the pair is deleted', () => {
    const s = scenario([
      at('5s').uninstall(),
      at('14s').partition({ direction: 'standby-to-prod', for: '4.5s' }),
      at('15s').install(),
      at('19s').partition({ for: '100ms' }) // the cancel (19.008 s) is lost
    ]);
    const { report, narrative } = runScenario(s);
    expect(alertsOf(report, 'install-failed')).toHaveLength(1);
    expect(narrative.map((n) => n.text)).toContain(
      'heartbeat pair of standby-hb is SMPL: standby-hb unregistered'
    );
    expect(report.outcome.failover.happened).toBe(false);
    expect(tables(runWorld(s).cluster)).toEqual(UNINSTALLED);
  });

  it('should refuse while another change is in progress or after a failover', () => {
    const busy = runScenario(scenario([at('5s').uninstall(), at('5s').install()], '10s'));
    expect(alertsOf(busy.report, 'install-failed')[0].detail).toBe(
      'app: install refused: another change (uninstall) is in progress'
    );
    const failedOver = runScenario(
      scenario([at('5s').crash('prod-1'), at('15s').recover('prod-1'), at('20s').install()], '25s')
    );
    expect(failedOver.report.outcome.failover.happened).toBe(true);
    // The restarted production host found its data volume taken over and stood down.
    expect(alertsOf(failedOver.report, 'install-failed')[0].detail).toMatch(
      /not in its normal role/
    );
  });
});
