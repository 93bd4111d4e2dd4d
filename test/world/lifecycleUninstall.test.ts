import type { CheckingMethod } from '../../model/config';
import {
  at,
  defineScenario,
  type DurationInput,
  type FaultInput
} from '../../scenarios/defineScenario';
import { runScenario } from '../../world/runScenario';
import { INSTALLED, UNINSTALLED, alertsOf, kindsOf, tables } from './lifecycleHarness';
import { EXACT_TIMING, runWorld } from './runWorld';

const scenario = (
  faults: FaultInput[],
  duration: DurationInput = '30s',
  method: CheckingMethod = 'both'
) =>
  defineScenario({
    name: 'uninstall',
    duration,
    config: { ...EXACT_TIMING, heartbeat: { method } },
    faults
  });

describe('de-install of the heartbeat mirror (FIG. 5)', () => {
  it('should stop the standby watching, then production writing, then delete the pair', () => {
    const s = scenario([at('10s').uninstall()]);
    const { report, narrative } = runScenario(s);
    const [done] = alertsOf(report, 'uninstalled');
    // deactivation there (1 ms) and ack back (1 ms), pair delete answered after 1 ms.
    expect(done.atMs).toBe(10_003);
    const steps = narrative
      .filter((n) => n.atMs >= 10_000 && n.kind !== 'fault')
      .map((n) => `${n.atMs} ${n.source}: ${n.text}`);
    expect(steps).toEqual([
      '10001 standby-1: standby-hb removed from the device address entry (mirror row disabled)',
      '10002 prod-1: prod-hb removed from the device address entry (mirror row disabled)',
      `10003 prod-1: uninstalled: ${done.detail}`,
      '10003 hb-pair: PAIR → SMPL (pairsplit -S)'
    ]);
    expect(tables(runWorld(s).cluster)).toEqual(UNINSTALLED);
  });

  // Every phase relative to the 1 s heartbeat interval and poll (ticks and polls at whole
  // seconds; copies and reads land 1–3 ms later), plus the instants around them.
  const offsets = [...Array.from({ length: 10 }, (_, i) => i * 100), 1, 2, 3, 4, 999];

  it.each(offsets)(
    'should never fail over nor mistake silence for failure when de-installing at +%i ms',
    (offset) => {
      const { report } = runScenario(scenario([at(10_000 + offset).uninstall()]));
      expect(report.outcome.failover.happened).toBe(false);
      expect(report.alerts.map((a) => a.kind)).toEqual(['uninstalled']);
      expect(report.invariants.every((i) => i.ok)).toBe(true);
    }
  );

  it.each(offsets)(
    'should still detect a later production crash by the network alone (de-install at +%i ms)',
    (offset) => {
      const { report } = runScenario(
        scenario([at(10_000 + offset).uninstall(), at('15.5s').crash('prod-1')])
      );
      expect(report.outcome.failover.happened).toBe(true);
      expect(report.outcome.falseFailover).toBe(false);
      expect(alertsOf(report, 'failure-declared')[0].detail).toMatch(
        /network invalid, mirror suspended/
      );
      expect(kindsOf(report).has('heartbeat-writer-fault')).toBe(false);
    }
  );

  it('should retry, then abort cleanly when the network is down, tables as they were', () => {
    const s = scenario([at('10s').partition({ for: '8s' }), at('10s').uninstall()]);
    const { report } = runScenario(s);
    const [aborted] = alertsOf(report, 'uninstall-aborted');
    // 3 deactivations and 3 re-activations, 1002 ms apart.
    expect(aborted.atMs).toBe(10_000 + 6 * 1002);
    expect(aborted.detail).toMatch(/deactivation unacknowledged after 3 attempt\(s\)/);
    expect(report.outcome.failover.happened).toBe(false);
    expect(kindsOf(report).has('network-partitioned')).toBe(true);
    expect(tables(runWorld(s).cluster)).toEqual(INSTALLED);
  });

  it('should give the standby its row back when only the acknowledgements are lost', () => {
    const s = scenario([
      at('10s').partition({ direction: 'standby-to-prod', for: '10s' }),
      at('10s').uninstall()
    ]);
    const { report, narrative } = runScenario(s);
    expect(alertsOf(report, 'uninstall-aborted')).toHaveLength(1);
    const rows = narrative.filter((n) => n.source === 'standby-1' && n.kind === 'state');
    expect(rows.map((n) => n.text)).toEqual([
      'standby-hb removed from the device address entry (mirror row disabled)',
      'standby-hb registered to the device address entry (mirror row enabled)'
    ]);
    expect(report.outcome.failover.happened).toBe(false);
    expect(kindsOf(report).has('mirror-heartbeat-lost')).toBe(false);
    expect(tables(runWorld(s).cluster)).toEqual(INSTALLED);
  });

  it('should refuse when the mirror is the only path (method mirror)', () => {
    const s = scenario([at('10s').uninstall()], '20s', 'mirror');
    const { report } = runScenario(s);
    expect(alertsOf(report, 'uninstall-aborted')[0].detail).toBe(
      'app: the checking method is mirror: the mirror is the only heartbeat path (set the method to network or both first); nothing was changed'
    );
    expect(tables(runWorld(s).cluster).pair).toBe('PAIR');
  });

  it('should refuse when the mirror is not installed', () => {
    const { report } = runScenario(scenario([at('10s').uninstall(), at('15s').uninstall()]));
    expect(alertsOf(report, 'uninstalled')).toHaveLength(1);
    expect(alertsOf(report, 'uninstall-aborted')[0].detail).toMatch(/not installed/);
  });

  it('should de-install under method network too (rows already disabled), without failover', () => {
    const s = scenario([at('10.5s').uninstall(), at('20s').install()], '30s', 'network');
    const { report } = runScenario(s);
    expect(report.alerts.map((a) => a.kind)).toEqual(['uninstalled', 'installed']);
    const t = tables(runWorld(s).cluster);
    expect(t.pair).toBe('PAIR');
    expect(t.production.registered && t.standby.registered).toBe(true);
    expect(t.standby.decisionMethod).toBe('network');
  });

  describe('overlapping a method change (lifecycle changes do not overlap)', () => {
    it('should be refused by the standby while its method change runs, and the change completes', () => {
      const s = scenario([at('10s').setMethod('mirror'), at('12s').uninstall()]);
      const { report, narrative } = runScenario(s);
      expect(alertsOf(report, 'uninstalled')).toHaveLength(0);
      expect(alertsOf(report, 'uninstall-aborted')[0].detail).toMatch(
        /^app: the standby refused the deactivation \(another change \(method\) is in progress\)/
      );
      expect(alertsOf(report, 'method-changed')).toHaveLength(1);
      expect(
        narrative.some((n) => n.source === 'standby-1' && /watches no path/.test(n.text))
      ).toBe(false);
      const t = tables(runWorld(s).cluster);
      expect(t.pair).toBe('PAIR');
      expect(t.standby).toMatchObject({ registered: true, receiverMirror: true });
      expect(t.standby.decisionMethod).toBe('mirror');
    });

    it('should leave a later production disaster answered (explore, --max-faults 5, seed 509850907)', () => {
      // The shrunk schedule exploration found: before the fix the method change completed after
      // the de-install, the standby watched no path and never answered the disaster.
      const s = defineScenario({
        name: 'set-method-then-uninstall',
        seed: 509850907,
        duration: '60s',
        config: { heartbeat: { method: 'both' } },
        faults: [
          at('31.283s').setMethod('mirror'),
          at('34.148s').uninstall(),
          at('39.431s').disaster('production')
        ]
      });
      const { report } = runScenario(s);
      const liveness = report.invariants.find((i) => /production failure leads/.test(i.name));
      expect(liveness?.ok).toBe(true);
      expect(alertsOf(report, 'operator-decision-required')).toHaveLength(1);
      expect(report.invariants.every((i) => i.ok)).toBe(true);
    });
  });
});
