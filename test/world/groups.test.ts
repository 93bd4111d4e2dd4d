import { decodeHeartbeat } from '../../model/heartbeatMessage';
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
  topology: { groups?: number; hostsPerGroup?: number },
  faults: FaultInput[],
  duration: DurationInput = '40s'
) => defineScenario({ name: 'groups', duration, topology, config: EXACT_TIMING, faults });

describe('second configuration: several host groups sharing the two arrays', () => {
  it('should give each group its own heartbeat pair and identifier', () => {
    const world = runWorld(scenario({ groups: 3 }, [], '5.5s'));
    const hb = (volume: string) => {
      const block = world.cluster.storage.peekBlock(volume, 0);
      return { writer: block?.writer, ...decodeHeartbeat(block?.data) };
    };
    expect(hb('standby-hb')).toMatchObject({ writer: 'prod-1', identifier: 'app/hb-pair' });
    expect(hb('app2-standby-hb')).toMatchObject({
      writer: 'app2-prod-1',
      identifier: 'app2/app2-hb-pair'
    });
    expect(hb('app3-standby-hb')).toMatchObject({
      writer: 'app3-prod-1',
      identifier: 'app3/app3-hb-pair'
    });
    expect(world.cluster.groups.map((g) => g.hbPair)).toEqual([
      'hb-pair',
      'app2-hb-pair',
      'app3-hb-pair'
    ]);
  });

  it('should fail over only the group whose production host failed', () => {
    const s = scenario({ groups: 3 }, [at('10s').crash('app2-prod-1')]);
    const { report } = runScenario(s);
    expect(report.outcome.failover.happened).toBe(true);
    expect(report.outcome.falseFailover).toBe(false);
    expect(alertsOf(report, 'failure-declared').map((a) => a.source)).toEqual(['app2-standby-1']);
    expect(alertsOf(report, 'failover-completed').map((a) => a.detail)).toEqual([
      expect.stringMatching(/^app2: application running on the standby group/)
    ]);
    // Only app2's standby heard silence.
    expect(new Set(report.alerts.map((a) => a.source))).toEqual(new Set(['app2-standby-1']));
    expect(runWorld(s).appsRunning().sort()).toEqual(['app2-standby-1', 'app3-prod-1', 'prod-1']);
  });

  it('should install and de-install one group at a time, leaving the others alone', () => {
    const s = scenario({ groups: 3 }, [at('5s').uninstall('app2')], '15s');
    const { report } = runScenario(s);
    expect(alertsOf(report, 'uninstalled').map((a) => a.detail)).toEqual([
      expect.stringMatching(/^app2: /)
    ]);
    const world = runWorld(s);
    expect(tables(world.cluster, 'app2')).toEqual(UNINSTALLED);
    expect(tables(world.cluster, 'app')).toEqual(INSTALLED);
    expect(tables(world.cluster, 'app3')).toEqual(INSTALLED);
    // Without a group: every group; those already installed refuse (the array says why).
    const all = runScenario(
      scenario({ groups: 3 }, [at('5s').uninstall('app2'), at('10s').install()])
    );
    expect(alertsOf(all.report, 'installed').map((a) => a.source)).toEqual(['app2-prod-1']);
    expect(alertsOf(all.report, 'install-failed').map((a) => a.source)).toEqual([
      'prod-1',
      'app3-prod-1'
    ]);
  });

  it('should change the checking method of every group', () => {
    const { report } = runScenario(scenario({ groups: 2 }, [at('5s').setMethod('mirror')], '15s'));
    expect(alertsOf(report, 'method-changed').map((a) => a.source)).toEqual([
      'standby-1',
      'app2-standby-1'
    ]);
    expect(report.outcome.failover.happened).toBe(false);
  });
});

describe('several hosts per group: local takeover', () => {
  const crashAt = 20_500;
  const s = scenario({ hostsPerGroup: 2 }, [at(crashAt).crash('prod-1')]);

  it('should take over locally (prod-2) without the standby declaring failure', () => {
    const { report } = runScenario(s);
    const [local] = alertsOf(report, 'local-takeover');
    // Found by the peers' own local heartbeat timeout: within localTakeover (2 s) of the crash,
    // never before the promote delay after the last beat could have been heard.
    expect(local.atMs).toBeGreaterThan(crashAt + 1000);
    expect(local.atMs).toBeLessThanOrEqual(crashAt + 2000);
    expect(local.detail).toBe('app at production: prod-1 → prod-2 (local takeover)');
    expect(report.outcome.failover.happened).toBe(false);
    expect(report.outcome.failover.declaredAtMs).toBeNull();
    expect(kindsOf(report).has('failure-declared')).toBe(false);
    expect(kindsOf(report).has('mirror-heartbeat-lost')).toBe(false);
    expect(kindsOf(report).has('network-heartbeat-lost')).toBe(false);
    expect(report.invariants.every((i) => i.ok)).toBe(true);
    expect(runWorld(s).appsRunning()).toEqual(['prod-2']);
  });

  it('should continue the heartbeat serial from the P-VOL on the new active member', () => {
    const world = runWorld(s, crashAt);
    const serialAt = () => decodeHeartbeat(world.cluster.storage.peekBlock('prod-hb', 0)?.data);
    const before = serialAt()!.serial;
    expect(world.cluster.storage.peekBlock('prod-hb', 0)?.writer).toBe('prod-1');
    // Promoted within 2 s, read back, then its first heartbeat at its own phase: step until the
    // new member has written, and check it went on from the serial it read back.
    const writer = () => world.cluster.storage.peekBlock('prod-hb', 0)?.writer;
    for (let t = crashAt; t < crashAt + 5000 && writer() !== 'prod-2'; t += 10)
      world.sim.runUntil(t);
    expect(writer()).toBe('prod-2');
    expect(serialAt()!.serial).toBe(before + 1);
    world.sim.runUntil(40_500);
    const receiver = world.cluster.hosts.get('standby-1')!.get('receiver')!;
    const ctx = receiver.getSnapshot().context as {
      mirror: { status: string; lastSerial: number };
    };
    expect(ctx.mirror.status).toBe('valid');
    // The standby reads the S-VOL once a poll interval, and a new serial on a valid path waits
    // until just before the path would age (half the 5 s timeout): at most 3 heartbeats behind.
    expect(serialAt()!.serial - ctx.mirror.lastSerial).toBeGreaterThanOrEqual(0);
    expect(serialAt()!.serial - ctx.mirror.lastSerial).toBeLessThanOrEqual(3);
  });
});
