import type { CheckingMethod } from '../../model/config';
import {
  at,
  defineScenario,
  type DurationInput,
  type FaultInput
} from '../../scenarios/defineScenario';
import { runScenario } from '../../world/runScenario';
import { alertsOf, kindsOf, tables } from './lifecycleHarness';
import { EXACT_TIMING, runWorld } from './runWorld';

const scenario = (method: CheckingMethod, faults: FaultInput[], duration: DurationInput = '30s') =>
  defineScenario({
    name: 'set-method',
    duration,
    config: { ...EXACT_TIMING, heartbeat: { method } },
    faults
  });

const METHODS: CheckingMethod[] = ['network', 'mirror', 'both'];
const PAIRS = METHODS.flatMap((from) =>
  METHODS.filter((to) => to !== from).map((to) => [from, to] as const)
);
const OFFSETS = Array.from({ length: 10 }, (_, i) => i * 100);
const CASES = PAIRS.flatMap(([from, to]) => OFFSETS.map((o) => [from, to, o] as const));

describe('checking method changed live (FIG. 8)', () => {
  it.each(CASES)(
    'should change %s → %s at +%i ms without failover, warning or lost heartbeat',
    (from, to, offset) => {
      const t = 10_000 + offset;
      const { report } = runScenario(scenario(from, [at(t).setMethod(to)]));
      expect(report.outcome.failover.happened).toBe(false);
      // Widen + switch (round trip 2 ms), a full 5 s timeout to prove, narrow (round trip 2 ms).
      expect(report.alerts).toEqual([
        {
          atMs: t + 2 + 5000 + 2,
          kind: 'method-changed',
          source: 'standby-1',
          detail: `app: heartbeat checking method ${from} → ${to}`
        }
      ]);
    }
  );

  it.each(PAIRS)('should leave both tables on the new method after %s → %s', (from, to) => {
    const view = tables(runWorld(scenario(from, [at('10s').setMethod(to)], '16s')).cluster);
    expect(view.standby.decisionMethod).toBe(to);
    expect(view.standby.receiverMirror).toBe(to !== 'network');
    expect(view.standby.receiverNetwork).toBe(to !== 'mirror');
    expect(view.production.senderMirror).toBe(to !== 'network');
    expect(view.production.senderNetwork).toBe(to !== 'mirror');
  });

  it('should give the failure decision the new method: network alone fails over on a partition', () => {
    const toNetwork = runScenario(
      scenario('both', [at('10s').setMethod('network'), at('20s').partition()], '35s')
    );
    expect(toNetwork.report.outcome.failover.happened).toBe(true);
    expect(toNetwork.report.outcome.falseFailover).toBe(true);
    const toBoth = runScenario(
      scenario('network', [at('10s').setMethod('both'), at('20s').partition()], '35s')
    );
    expect(toBoth.report.outcome.failover.happened).toBe(false);
    expect(kindsOf(toBoth.report).has('network-partitioned')).toBe(true);
  });

  it('should still detect a real failure after a change to mirror alone', () => {
    const { report } = runScenario(
      scenario('both', [at('10s').setMethod('mirror'), at('17s').crash('prod-1')], '35s')
    );
    expect(report.outcome.failover.happened).toBe(true);
    expect(report.outcome.falseFailover).toBe(false);
    expect(alertsOf(report, 'failure-declared')[0].detail).toMatch(/network suspended/);
  });

  it('should judge by the union during the change: a real crash mid-change is detected', () => {
    const { report } = runScenario(
      scenario('mirror', [at('10s').setMethod('network'), at('11s').crash('prod-1')], '35s')
    );
    expect(report.outcome.failover.happened).toBe(true);
    expect(report.outcome.falseFailover).toBe(false);
  });

  it('should refuse mirror and both while the mirror is de-installed', () => {
    const s = scenario(
      'network',
      [at('5s').uninstall(), at('10s').setMethod('mirror'), at('12s').setMethod('both')],
      '20s'
    );
    const { report } = runScenario(s);
    expect(alertsOf(report, 'method-refused').map((a) => a.detail)).toEqual([
      'app: network → mirror refused: method mirror needs the heartbeat mirror installed (FIG. 4); it is not; method network stays in force',
      'app: network → both refused: method both needs the heartbeat mirror installed (FIG. 4); it is not; method network stays in force'
    ]);
    expect(tables(runWorld(s).cluster).standby.decisionMethod).toBe('network');
  });

  it('should roll back when production does not acknowledge the switch (network down)', () => {
    const s = scenario('both', [
      at('10s').partition({ for: '10s' }),
      at('10s').setMethod('network')
    ]);
    const { report } = runScenario(s);
    const [refused] = alertsOf(report, 'method-refused');
    expect(refused.atMs).toBe(10_000 + 3 * 1002);
    expect(refused.detail).toMatch(/production did not acknowledge the switch after 3 attempt/);
    expect(report.outcome.failover.happened).toBe(false);
    expect(tables(runWorld(s).cluster).standby.decisionMethod).toBe('both');
  });

  it('should roll back when a new path does not prove itself within the timeout', () => {
    const s = scenario('network', [at('5s').ioError('prod-hb'), at('10s').setMethod('mirror')]);
    const { report } = runScenario(s);
    const [refused] = alertsOf(report, 'method-refused');
    expect(refused.atMs).toBe(10_002 + 5000);
    expect(refused.detail).toMatch(/new path\(s\) did not prove themselves within 5000 ms/);
    expect(report.outcome.failover.happened).toBe(false);
    const view = tables(runWorld(s).cluster);
    expect(view.standby.decisionMethod).toBe('network');
    expect(view.production.senderMirror).toBe(false);
  });

  it('should refuse a change while another is in progress, and do nothing for the method in force', () => {
    const { report } = runScenario(
      scenario('both', [at('10s').setMethod('network'), at('11s').setMethod('mirror')])
    );
    expect(alertsOf(report, 'method-refused')[0].detail).toBe(
      'app: both → mirror refused: another change (method) is in progress'
    );
    const same = runScenario(scenario('both', [at('10s').setMethod('both')]));
    expect(same.report.alerts).toEqual([]);
  });
});
