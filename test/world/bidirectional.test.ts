import { decodeHeartbeat } from '../../model/heartbeatMessage';
import type { FenceLevel } from '../../model/storageTypes';
import type { Scenario } from '../../model/scenario';
import {
  at,
  defineScenario,
  type DurationInput,
  type FaultInput
} from '../../scenarios/defineScenario';
import { runScenario } from '../../world/runScenario';
import { DATA_PAIR, HB_PAIR, createHarness, errorOf, okValue } from '../storage/harness';
import { alertsOf, kindsOf } from './lifecycleHarness';
import { runWorld } from './runWorld';

interface Options {
  bidirectional?: boolean;
  fenceLevel?: FenceLevel;
  onSiteIsolation?: 'manual' | 'automatic';
  duration?: DurationInput;
}

const scenario = (faults: FaultInput[], o: Options = {}) =>
  defineScenario({
    name: 'bidirectional',
    duration: o.duration ?? '60s',
    config: {
      heartbeat: { bidirectional: o.bidirectional ?? true },
      remoteCopy: { fenceLevel: o.fenceLevel ?? 'never' },
      failover: { onSiteIsolation: o.onSiteIsolation ?? 'automatic' }
    },
    faults
  });

/** Site isolation: the network partitioned and the remote link cut at the same instant. */
const isolation = (t: number): FaultInput[] => [at(t).partition(), at(t).cut()];

/** Time (ms, sampled every `step`) during which the application ran at both sites at once. */
function bothSitesRunning(s: Scenario, step = 50): number {
  const world = runWorld(s, 0);
  let overlap = 0;
  for (let t = step; t <= s.duration; t += step) {
    world.sim.runUntil(t);
    const sites = new Set(world.appsRunning().map((id) => world.cluster.hosts.get(id)!.site));
    if (sites.size > 1) overlap += step;
  }
  return overlap;
}

describe('second configuration: bidirectional heartbeats (FIG. 9–11)', () => {
  it('should hold a pair whose P-VOL is at the standby site (reverse heartbeat pair)', () => {
    const h = createHarness({
      pairs: [
        DATA_PAIR,
        HB_PAIR,
        {
          id: 'rhb-pair',
          kind: 'heartbeat',
          primary: 'standby-rhb',
          secondary: 'prod-rhb',
          primarySite: 'standby',
          initialState: 'PAIR'
        }
      ]
    });
    expect(h.side.storageOf('standby-rhb').id).toBe('standby-storage');
    expect(h.side.storageOf('prod-rhb').id).toBe('prod-storage');
    expect(h.side.pairView('rhb-pair')).toMatchObject({ primary: 'standby-rhb', role: 'P' });
    const w = h.write('standby-rhb', 0, 'hb', 'standby-1');
    h.advance(10);
    // Synchronous: service time 1 ms plus a 2 ms link round trip each way.
    expect(w.at).toBe(1 + 2 + 2);
    expect(h.side.peekBlock('prod-rhb', 0)).toMatchObject({ data: 'hb', writer: 'standby-1' });
    const r = h.read('prod-rhb', 0);
    const refused = h.write('prod-rhb', 0, 'x', 'prod-1');
    h.advance(10);
    expect(okValue(r)).toMatchObject({ data: 'hb' });
    expect(errorOf(refused)).toBe('read-only');
    h.side.link.cut();
    expect(h.state('rhb-pair')).toBe('PSUE');
  });

  it('should run a reverse heartbeat in steady state without any alert', () => {
    const s = scenario([], { duration: '20.5s' });
    const { report } = runScenario(s);
    expect(report.alerts).toEqual([]);
    const world = runWorld(s);
    const block = world.cluster.storage.peekBlock('prod-rhb', 0);
    expect(block?.writer).toBe('standby-1');
    // One heartbeat a second from the sender's phase (under 1 s) on: 20 in 20.5 s.
    const serial = decodeHeartbeat(block?.data)!.serial;
    expect(decodeHeartbeat(block?.data)).toMatchObject({ identifier: 'app/rhb-pair' });
    expect([19, 20]).toContain(serial);
    const receiver = world.cluster.hosts.get('prod-1')!.get('receiver')!;
    const ctx = receiver.getSnapshot().context as {
      mirror: { status: string; lastSerial: number };
      network: { status: string; lastSerial: number };
    };
    expect(ctx.mirror.status).toBe('valid');
    expect(ctx.network).toMatchObject({ status: 'valid', lastSerial: serial });
    expect(serial - ctx.mirror.lastSerial).toBeLessThanOrEqual(1);
  });

  it('should show split brain on site isolation without bidirectional heartbeats (fence level never)', () => {
    const s = scenario(isolation(10_000), { bidirectional: false });
    const { report } = runScenario(s);
    expect(report.outcome.failover.happened).toBe(true);
    expect(report.outcome.splitBrain).toBe(true);
    expect(report.outcome.divergentWrites).toBeGreaterThan(0);
    expect(report.invariants.find((i) => i.name.startsWith('never two writers'))?.ok).toBe(false);
    expect(bothSitesRunning(s)).toBeGreaterThan(0);
  });

  it.each(Array.from({ length: 10 }, (_, i) => i * 100))(
    'should remove split brain on site isolation at +%i ms: production self-fences first',
    (offset) => {
      const t = 10_000 + offset;
      const s = scenario(isolation(t));
      const { report } = runScenario(s);
      expect(report.outcome.failover.happened).toBe(true);
      expect(report.outcome.splitBrain).toBe(false);
      expect(report.outcome.divergentWrites).toBe(0);
      expect(report.invariants.every((i) => i.ok)).toBe(true);
      const [fenced] = alertsOf(report, 'self-fenced');
      const [declared] = alertsOf(report, 'failure-declared');
      // Both channels invalid after the 5 s timeout, then selfFenceAfter (10 s).
      expect(fenced.atMs - t).toBeGreaterThanOrEqual(5000 - 1000 + 10_000);
      expect(fenced.atMs - t).toBeLessThanOrEqual(5000 + 1000 + 10 + 10_000);
      // The standby waits selfFenceAfter + one interval + one poll (+ latency, I/O) more.
      expect(declared.atMs - fenced.atMs).toBeGreaterThanOrEqual(1000);
      expect(bothSitesRunning(s)).toBe(0);
    }
  );

  it.each(['never', 'status', 'data'] as const)(
    'should never let both sites write on isolation with fence level %s',
    (fenceLevel) => {
      const s = scenario(isolation(10_300), { fenceLevel });
      const { report } = runScenario(s);
      expect(report.outcome.failover.happened).toBe(true);
      expect(report.outcome.splitBrain).toBe(false);
      expect(bothSitesRunning(s)).toBe(0);
    }
  );

  it.each(['prod-to-standby', 'standby-to-prod'] as const)(
    'should stay single-writer on a one-way partition (%s) with the link cut',
    (direction) => {
      const s = scenario([at('10s').partition({ direction }), at('10s').cut()], {
        duration: '70s'
      });
      const { report } = runScenario(s);
      expect(report.outcome.splitBrain).toBe(false);
      expect(report.outcome.failover.happened).toBe(true);
      expect(bothSitesRunning(s, 100)).toBe(0);
    }
  );

  it('should stay single-writer when production hangs during a partition and the link is cut meanwhile', () => {
    // Found by explore (seed 71040835): production, hung 4.988 s, read the standby's last
    // reverse heartbeats only after resuming and started its self-fence wait 6 s later than the
    // standby had started counting; it self-fenced 3 s after the standby's takeover.
    const s = scenario(
      [
        at('11.842s').partition(),
        at('16.99s').hang('prod-1', { for: '4.988s' }),
        at('19.673s').cut()
      ],
      { duration: '45s' }
    );
    const { report } = runScenario(s, { seed: 71040835 });
    expect(report.outcome.failover.happened).toBe(true);
    expect(report.outcome.splitBrain).toBe(false);
    expect(report.outcome.divergentWrites).toBe(0);
    const [fenced] = alertsOf(report, 'self-fenced');
    expect(fenced.atMs).toBe(21_978);
    expect(fenced.detail).toContain('paused for 4988 ms');
    expect(bothSitesRunning(s)).toBe(0);
  });

  it('should stay single-writer when production cannot write its heartbeat during a partition (fence level never)', () => {
    // Found by explore (--max-faults 5, seed 548485129): the standby read network invalid,
    // mirror invalid, pair PAIR — production dead — while production still wrote; an S-VOL
    // error had suspended the data pair, so the SVOL-takeover went ahead.
    const s = scenario(
      [
        at('31.902s').partition(),
        at('35.798s').ioError('prod-hb', { for: '5.556s' }),
        at('36.798s').ioError('standby-data', { for: '104ms' })
      ],
      { duration: '60s' }
    );
    const { report } = runScenario(s, { seed: 548485129 });
    expect(report.outcome.splitBrain).toBe(false);
    expect(report.outcome.divergentWrites).toBe(0);
    const [fenced] = alertsOf(report, 'self-fenced');
    expect(fenced.detail).toContain('the standby cannot hear production');
    expect(report.outcome.failover.happened).toBe(true);
  });

  it('should wait for production to fence itself before a takeover on the network alone (mirror de-installed)', () => {
    // Found by explore with the site isolation fault (seed 773087012): after a de-install the
    // standby read "network invalid, mirror suspended" as a dead production and took over at
    // once; production, cut off too, wrote on until it self-fenced 10 s later (11 divergent).
    const s = scenario([at('34.127s').uninstall(), at('44.15s').isolate('standby')], {
      duration: '80s'
    });
    const { report } = runScenario(s, { seed: 773087012 });
    expect(report.outcome.splitBrain).toBe(false);
    expect(report.outcome.divergentWrites).toBe(0);
    const [fenced] = alertsOf(report, 'self-fenced');
    const [declared] = alertsOf(report, 'failure-declared');
    expect(declared.detail).toMatch(/network invalid, mirror suspended/);
    expect(declared.atMs).toBeGreaterThan(fenced.atMs);
    expect(report.outcome.failover.happened).toBe(true);
  });

  it('should stay single-writer when production hangs early in a site isolation', () => {
    // Found by explore (seed 258710113): production hung 2.98 s just after the isolation began,
    // started its own wait late and had not self-fenced when the standby took over.
    const s = scenario(
      [
        at('15.117s').isolate('production', { for: '18.239s' }),
        at('15.884s').hang('prod-1', { for: '2.98s' })
      ],
      { duration: '50s' }
    );
    const { report } = runScenario(s, { seed: 258710113 });
    expect(report.outcome.splitBrain).toBe(false);
    expect(report.outcome.divergentWrites).toBe(0);
    expect(alertsOf(report, 'self-fenced')[0].atMs).toBe(18_864);
  });

  it('should not self-fence when only the standby hosts die (reverse pair still PAIR)', () => {
    const { report } = runScenario(scenario([at('10s').crash('standby-1')], { duration: '40s' }));
    expect(kindsOf(report).has('self-fenced')).toBe(false);
    const lost = alertsOf(report, 'network-heartbeat-lost');
    expect(lost.map((a) => a.source)).toEqual(['prod-1']);
    expect(report.outcome.failover.happened).toBe(false);
  });

  it('should not self-fence under onSiteIsolation manual: the operator decides', () => {
    const { report } = runScenario(scenario(isolation(10_000), { onSiteIsolation: 'manual' }));
    expect(kindsOf(report).has('self-fenced')).toBe(false);
    expect(kindsOf(report).has('operator-decision-required')).toBe(true);
    expect(report.outcome.failover.happened).toBe(false);
  });

  it('should fail over on a production host crash without the self-fence wait', () => {
    const { report } = runScenario(scenario([at('10.2s').crash('prod-1')], { duration: '30s' }));
    expect(report.outcome.failover.happened).toBe(true);
    expect(report.outcome.detectionMs!).toBeLessThanOrEqual(5000 + 1000 + 3);
  });
});
