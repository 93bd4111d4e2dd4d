/**
 * A production host alone against fake ports (SPEC §1.1a): driven purely by the messages pushed
 * into its inbox and the answers of its fake array, asserted on the messages it sends, the I/O it
 * does and the states of its programs.
 */
import { interval, Subject, takeWhile } from 'rxjs';
import type { LocalBeat } from '../../../model/controlMessage';
import { decodeHeartbeat } from '../../../model/heartbeatMessage';
import {
  fakeHost,
  livePeer,
  ok,
  pairView,
  productionIdentity,
  RHB_ID,
  type FakeHost
} from './fakePorts';

const STANDBY = 'standby-1';

/** A production host started in steady state and run to `until`. */
function production(until = 5000, options: Parameters<typeof fakeHost>[1] = {}) {
  const run = fakeHost(productionIdentity(options.config?.heartbeat?.bidirectional), options);
  run.host.start();
  run.sim.runUntil(until);
  return run;
}

const appState = (run: FakeHost) => run.host.get('app')?.getSnapshot();
const hbWrites = (run: FakeHost, from = 0) =>
  run.array.of('write', 'prod-hb').filter((w) => w.at >= from);
const dataWrites = (run: FakeHost, from = 0) =>
  run.array.of('write', 'prod-data').filter((w) => w.at >= from);
const netHeartbeats = (run: FakeHost, from = 0) => run.sentOf('hb').filter((s) => s.at >= from);

describe('production host alone on fake ports', () => {
  describe('steady state', () => {
    it('should ask its array whose the data volume is, then serve and run the application', () => {
      const run = production(5000);
      expect(run.array.calls[0]).toEqual({ at: 0, op: 'pairStatus', volume: 'prod-data' });
      expect(run.role()).toBe('serving');
      expect(appState(run)?.matches('running')).toBe(true);
      expect(dataWrites(run).length).toBeGreaterThan(10);
      expect(run.alerts).toEqual([]);
    });

    it('should send heartbeats over the network and write them to the P-VOL every interval', () => {
      const run = production(10_000);
      const net = netHeartbeats(run);
      expect(net.length).toBeGreaterThanOrEqual(9);
      expect(net.every((s) => s.to === STANDBY)).toBe(true);
      expect(net[0]?.message).toMatchObject({ kind: 'hb', group: 'app', reverse: false });
      const serials = net.map((s) => decodeHeartbeat(s.message.data)?.serial);
      expect(serials).toEqual(serials.map((_, i) => i + 1));
      const gaps = net.slice(1).map((s, i) => s.at - net[i]!.at);
      expect(new Set(gaps)).toEqual(new Set([1000]));
      const disk = hbWrites(run);
      expect(disk.length).toBe(net.length);
      expect(disk.map((w) => decodeHeartbeat(w.data))).toEqual(
        net.map((s) => decodeHeartbeat(s.message.data))
      );
      expect(disk.every((w) => w.block === 0)).toBe(true);
      expect(decodeHeartbeat(disk[0]?.data)?.identifier).toBe('app/hb-pair');
    });

    it('should do the same at the same times for the same seed (programs start at seeded phases)', () => {
      const trace = (seed: number) => {
        const run = production(20_000, { seed });
        return [run.sent, run.array.calls];
      };
      expect(trace(7)).toEqual(trace(7));
      expect(trace(7)).not.toEqual(trace(8));
    });

    it('should send nothing but heartbeats while nothing happens', () => {
      const run = production(60_000);
      expect(new Set(run.sent.map((s) => s.message.kind))).toEqual(new Set(['hb']));
    });
  });

  describe('fence and unfence', () => {
    it('should stop its application and heartbeat and acknowledge to the sender of the fence', () => {
      const run = production(10_000);
      run.deliver(STANDBY, { kind: 'fence', group: 'app' });
      expect(run.role()).toEqual({ idle: 'fenced' });
      expect(appState(run)?.value).toBe('stopped');
      expect(run.host.get('sender')).toBeUndefined();
      expect(run.sent.at(-1)).toEqual({
        at: 10_000,
        to: STANDBY,
        message: { kind: 'fence-ack', group: 'app' }
      });
      run.sim.runUntil(30_000);
      expect(netHeartbeats(run, 10_001)).toEqual([]);
      expect(hbWrites(run, 10_001)).toEqual([]);
      expect(dataWrites(run, 10_001)).toEqual([]);
    });

    it('should acknowledge to whichever standby member sent the fence', () => {
      const run = production(3000);
      run.deliver('standby-2', { kind: 'fence', group: 'app' });
      expect(run.sentOf('fence-ack')).toEqual([
        { at: 3000, to: 'standby-2', message: { kind: 'fence-ack', group: 'app' } }
      ]);
    });

    it('should ignore a fence for another application group', () => {
      const run = production(3000);
      run.deliver(STANDBY, { kind: 'fence', group: 'other' });
      expect(run.role()).toBe('serving');
      expect(run.sentOf('fence-ack')).toEqual([]);
    });

    it('should acknowledge a second fence while already fenced', () => {
      const run = production(5000);
      run.deliver(STANDBY, { kind: 'fence', group: 'app' });
      run.sim.runUntil(8000);
      run.deliver(STANDBY, { kind: 'fence', group: 'app' });
      expect(run.sentOf('fence-ack').map((s) => [s.at, s.to])).toEqual([
        [5000, STANDBY],
        [8000, STANDBY]
      ]);
      expect(run.role()).toEqual({ idle: 'fenced' });
    });

    it('should serve again when unfenced: application and heartbeats resume', () => {
      const run = production(5000);
      run.deliver(STANDBY, { kind: 'fence', group: 'app' });
      run.sim.runUntil(9000);
      run.deliver(STANDBY, { kind: 'unfence', group: 'app' });
      expect(run.role()).toBe('serving');
      expect(appState(run)?.value).toBe('starting');
      run.sim.runUntil(9000 + run.config.failover.appStartTime);
      expect(appState(run)?.matches('running')).toBe(true);
      run.sim.runUntil(15_000);
      expect(netHeartbeats(run, 9000).length).toBeGreaterThanOrEqual(5);
      expect(hbWrites(run, 9000).length).toBeGreaterThanOrEqual(5);
      expect(dataWrites(run, 10_000).length).toBeGreaterThan(10);
    });

    it('should continue its heartbeat serial after an unfence (read back from the P-VOL)', () => {
      const run = production(5000);
      const last = decodeHeartbeat(netHeartbeats(run).at(-1)?.message.data)!.serial;
      run.deliver(STANDBY, { kind: 'fence', group: 'app' });
      run.sim.runUntil(9000);
      run.deliver(STANDBY, { kind: 'unfence', group: 'app' });
      run.sim.runUntil(12_000);
      const after = netHeartbeats(run, 9000).map((s) => decodeHeartbeat(s.message.data)!.serial);
      expect(after[0]).toBe(last + 1);
    });

    it('should ignore an unfence while serving', () => {
      const run = production(5000);
      run.deliver(STANDBY, { kind: 'unfence', group: 'app' });
      expect(run.role()).toBe('serving');
      expect(appState(run)?.matches('running')).toBe(true);
    });
  });

  describe('takeover request and stand-down', () => {
    /** Production whose array stops answering writes to the data volume at `at`. */
    function silentDataAt(at: number) {
      const run = production(at);
      const write = run.array.script.write;
      run.array.script.write = (volume, block, data) =>
        volume === 'prod-data' ? 'silent' : write(volume, block, data);
      return run;
    }

    it('should ask the standby to take over, every interval, until acknowledged', () => {
      const run = silentDataAt(5000);
      run.sim.runUntil(20_000);
      const requests = run.sentOf('takeover-request');
      expect(requests.length).toBeGreaterThanOrEqual(10);
      expect(requests.every((r) => r.to === STANDBY)).toBe(true);
      expect(requests[0]!.message.reason).toMatch(/data volume does not answer \(timeout\)/);
      // The first request once the oldest unanswered write is older than ioTimeout.
      expect(requests[0]!.at).toBeGreaterThanOrEqual(5000 + run.config.heartbeat.ioTimeout);
      expect(requests[0]!.at).toBeLessThan(5000 + run.config.heartbeat.ioTimeout + 1000);
      const gaps = requests.slice(1).map((r, i) => r.at - requests[i]!.at);
      expect(new Set(gaps)).toEqual(new Set([run.config.heartbeat.interval]));
      expect(run.alerts.map((a) => a.kind)).toContain('takeover-requested');
      expect(run.role()).toBe('serving');
      expect(appState(run)?.matches('failed')).toBe(true);

      run.deliver(STANDBY, { kind: 'takeover-ack', group: 'app' });
      expect(run.host.get('request')?.getSnapshot().value).toBe('acknowledged');
      const count = run.sentOf('takeover-request').length;
      // Released, the application restarts at once, runs (still unable to write) and fails
      // again: only that new failure asks again.
      const { appStartTime } = run.config.failover;
      const { ioTimeout } = run.config.heartbeat;
      run.sim.runUntil(20_000 + appStartTime + ioTimeout - 1);
      expect(run.sentOf('takeover-request')).toHaveLength(count);
      run.sim.runUntil(30_000);
      const next = run.sentOf('takeover-request').slice(count);
      expect(next.length).toBeGreaterThan(0);
      expect(next[0]!.at).toBeGreaterThanOrEqual(20_000 + appStartTime + ioTimeout);
    });

    it('should hold its failed application while the request is unanswered', () => {
      const run = silentDataAt(5000);
      run.sim.runUntil(40_000);
      expect(appState(run)?.matches('failed')).toBe(true);
      expect(appState(run)?.context.held).toBe(true);
    });

    it('should stand down when its restarting application finds the volume taken over', () => {
      const run = silentDataAt(5000);
      run.sim.runUntil(12_000);
      // The standby took over (swap-takeover): prod-data is now the S-VOL of a PAIR.
      run.array.script.pairStatus = (volume) => ok(pairView(volume, 'PAIR', 'S'));
      run.array.script.write = () => ({ ok: false, error: 'read-only', detail: 'S-VOL' });
      run.deliver(STANDBY, { kind: 'takeover-ack', group: 'app' });
      run.sim.runUntil(12_000 + run.config.heartbeat.ioTimeout + 100);
      expect(run.role()).toEqual({ idle: 'stoodDown' });
      expect(run.host.get('role')?.getSnapshot().context.reason).toBe(
        'prod-data was taken over by the other site (PAIR, role S)'
      );
      expect(appState(run)?.value).toBe('stopped');
      expect(run.host.get('sender')).toBeUndefined();
      const stoodAt = run.sim.now();
      run.sim.runUntil(40_000);
      expect(netHeartbeats(run, stoodAt)).toEqual([]);
      expect(run.sentOf('takeover-request').filter((r) => r.at > 12_000)).toEqual([]);
    });

    it('should stand down at boot, without starting its application, when the volume is taken over', () => {
      const run = fakeHost(productionIdentity());
      run.array.script.pairStatus = (volume) => ok(pairView(volume, 'PAIR', 'S'));
      run.host.start();
      run.sim.runUntil(30_000);
      expect(run.role()).toEqual({ idle: 'stoodDown' });
      expect(run.host.get('app')).toBeUndefined();
      expect(run.sent).toEqual([]);
      expect(run.array.calls.filter((c) => c.op === 'write')).toEqual([]);
    });

    it('should stand down at boot when the volume is an S-VOL it does not hold (SSWS at the other site)', () => {
      const run = fakeHost(productionIdentity());
      run.array.script.pairStatus = (volume) => ok(pairView(volume, 'SSWS', 'P'));
      run.host.start();
      run.sim.runUntil(10_000);
      expect(run.role()).toEqual({ idle: 'stoodDown' });
      expect(run.host.get('app')).toBeUndefined();
    });

    it('should not start its application when its array does not answer at boot, and ask for a takeover', () => {
      const run = fakeHost(productionIdentity());
      run.array.script.pairStatus = () => 'silent';
      run.array.script.write = () => 'silent';
      run.host.start();
      run.sim.runUntil(10_000);
      // It cannot tell whether the standby took the volume over while it was down.
      expect(run.host.get('role')?.getSnapshot().matches('probing')).toBe(true);
      expect(run.host.get('app')).toBeUndefined();
      // Repeated every heartbeat interval until the standby acknowledges.
      expect(run.sentOf('takeover-request').length).toBeGreaterThan(3);
    });
  });

  describe('self-fence (bidirectional heartbeats, automatic isolation)', () => {
    const config = {
      heartbeat: { bidirectional: true },
      failover: { onSiteIsolation: 'automatic' as const }
    };
    /**
     * Production watching a live standby until `cutAt`, then silence on both reverse paths with
     * the reverse pair suspended, until `healAt` (network heartbeats again).
     */
    function isolated(cutAt: number, healAt = Infinity) {
      const run = fakeHost(productionIdentity(true), { config });
      const reachable = () => run.sim.now() < cutAt || run.sim.now() >= healAt;
      livePeer(run, {
        from: STANDBY,
        svol: 'prod-rhb',
        identifier: RHB_ID,
        reverse: true,
        network: reachable,
        mirror: () => run.sim.now() < cutAt
      });
      const status = run.array.script.pairStatus;
      run.array.script.pairStatus = (volume) =>
        volume === 'prod-rhb' && run.sim.now() >= cutAt
          ? ok(pairView(volume, 'PSUE', 'S'))
          : status(volume);
      run.host.start();
      return run;
    }

    it('should keep serving while it hears the standby', () => {
      const run = isolated(Infinity);
      run.sim.runUntil(60_000);
      expect(run.role()).toBe('serving');
      expect(run.host.get('selfFence')?.getSnapshot().matches({ on: 'connected' })).toBe(true);
      expect(run.alerts).toEqual([]);
    });

    it('should fence itself after selfFenceAfter cut off from the standby', () => {
      const run = isolated(20_000);
      const { timeout, selfFenceAfter } = run.config.heartbeat;
      run.sim.runUntil(20_000 + timeout + selfFenceAfter - 1000);
      expect(run.role()).toBe('serving');
      run.sim.runUntil(20_000 + timeout + selfFenceAfter + 1000);
      expect(run.role()).toEqual({ idle: 'selfFenced' });
      expect(appState(run)?.value).toBe('stopped');
      expect(run.host.get('sender')).toBeUndefined();
      const alert = run.alerts.find((a) => a.kind === 'self-fenced');
      expect(alert?.detail).toMatch(/both channels to the standby lost for 10000 ms/);
      expect(run.sentOf('rejoin-request')).toEqual([]);
    });

    it('should ask to rejoin once it hears the standby again, and serve on rejoin-ok', () => {
      const run = isolated(20_000, 45_000);
      run.sim.runUntil(44_000);
      expect(run.role()).toEqual({ idle: 'selfFenced' });
      expect(run.sentOf('rejoin-request')).toEqual([]);
      run.sim.runUntil(48_500);
      const asks = run.sentOf('rejoin-request');
      expect(asks.length).toBeGreaterThanOrEqual(3);
      expect(asks[0]).toMatchObject({ to: STANDBY, message: { kind: 'rejoin-request' } });
      expect(asks[0]!.at).toBeGreaterThanOrEqual(45_000);
      expect(asks[0]!.at).toBeLessThan(46_100);
      run.deliver(STANDBY, { kind: 'rejoin-ok', group: 'app' });
      expect(run.role()).toBe('serving');
      run.sim.runUntil(52_000);
      expect(appState(run)?.matches('running')).toBe(true);
      expect(netHeartbeats(run, 48_500).length).toBeGreaterThanOrEqual(2);
      const count = run.sentOf('rejoin-request').length;
      run.sim.runUntil(60_000);
      expect(run.sentOf('rejoin-request')).toHaveLength(count);
    });

    it('should stay down for good on rejoin-denied', () => {
      const run = isolated(20_000, 45_000);
      run.sim.runUntil(47_000);
      run.deliver(STANDBY, { kind: 'rejoin-denied', group: 'app' });
      const count = run.sentOf('rejoin-request').length;
      run.sim.runUntil(90_000);
      expect(run.role()).toEqual({ idle: 'selfFenced' });
      expect(run.host.get('app')?.getSnapshot().value).toBe('stopped');
      expect(run.sentOf('rejoin-request')).toHaveLength(count);
      expect(netHeartbeats(run, 47_000)).toEqual([]);
    });

    it('should self-fence on a later isolation after a fence, a cut-off and an unfence', () => {
      // Fenced by the standby at 5 s, cut off from 10 s to 30 s (its self-fence program fires
      // while it is fenced, asks to rejoin at 30 s and is denied: the standby was taking over),
      // unfenced at 40 s (the takeover was refused), cut off again from 50 s on.
      const run = fakeHost(productionIdentity(true), { config });
      const cut = () => {
        const t = run.sim.now();
        return (t >= 10_000 && t < 30_000) || t >= 50_000;
      };
      livePeer(run, {
        from: STANDBY,
        svol: 'prod-rhb',
        identifier: RHB_ID,
        reverse: true,
        network: () => !cut(),
        mirror: () => !cut()
      });
      const status = run.array.script.pairStatus;
      run.array.script.pairStatus = (volume) =>
        volume === 'prod-rhb' && cut() ? ok(pairView(volume, 'PSUE', 'S')) : status(volume);
      run.host.start();
      run.sim.runUntil(5000);
      run.deliver(STANDBY, { kind: 'fence', group: 'app' });
      run.sim.runUntil(31_000);
      run.deliver(STANDBY, { kind: 'rejoin-denied', group: 'app' });
      run.sim.runUntil(40_000);
      run.deliver(STANDBY, { kind: 'unfence', group: 'app' });
      run.sim.runUntil(45_000);
      expect(run.role()).toBe('serving');
      const { timeout, selfFenceAfter } = run.config.heartbeat;
      run.sim.runUntil(50_000 + timeout + selfFenceAfter + 2000);
      expect(run.role()).toEqual({ idle: 'selfFenced' });
      expect(appState(run)?.value).toBe('stopped');
    });

    it('should not be released from a self-fence by an unfence message', () => {
      const run = isolated(20_000);
      run.sim.runUntil(40_000);
      run.deliver(STANDBY, { kind: 'unfence', group: 'app' });
      expect(run.role()).toEqual({ idle: 'selfFenced' });
    });
  });
  describe('fence while not yet serving, or hung', () => {
    it('should obey a fence that arrives while it still asks its array whose the volume is', () => {
      // Booting with a silent array: the probe is answered only by the I/O timeout (2 s).
      const run = fakeHost(productionIdentity());
      run.array.script.pairStatus = () => 'silent';
      run.host.start();
      run.sim.runUntil(500);
      run.deliver(STANDBY, { kind: 'fence', group: 'app' });
      run.sim.runUntil(5000);
      expect(run.sentOf('fence-ack').map((a) => a.to)).toEqual([STANDBY]);
      expect(run.role()).toEqual({ idle: 'fenced' });
    });

    it('should acknowledge a fence that arrived while it hung once it resumes', () => {
      const run = production(5000);
      run.host.hang();
      run.deliver(STANDBY, { kind: 'fence', group: 'app' });
      run.sim.runUntil(8000);
      expect(run.sentOf('fence-ack')).toEqual([]);
      run.host.resume();
      expect(run.sentOf('fence-ack')).toEqual([
        { at: 8000, to: STANDBY, message: { kind: 'fence-ack', group: 'app' } }
      ]);
      expect(run.role()).toEqual({ idle: 'fenced' });
      expect(appState(run)?.value).toBe('stopped');
    });
  });

  describe('the storage took the volume over under a running application', () => {
    /** Production whose data volume turns into the standby's S-VOL (swap-takeover) at `at`. */
    function swappedAt(at: number, fencedFirst: boolean) {
      const run = production(at);
      let ours = true;
      const write = run.array.script.write;
      run.array.script.write = (volume, block, data) =>
        volume === 'prod-data' && !ours
          ? { ok: false, error: 'read-only', detail: 'S-VOL of a PAIR' }
          : write(volume, block, data);
      run.array.script.pairStatus = (volume) =>
        ok(pairView(volume, 'PAIR', volume === 'prod-data' && !ours ? 'S' : 'P'));
      // Production's half of a failback takes it back with a swap-takeover of its own.
      run.array.script.command = (volume, cmd) => {
        if (volume === 'prod-data' && cmd === 'takeover') ours = true;
        return ok('swap-takeover');
      };
      if (fencedFirst) run.deliver(STANDBY, { kind: 'fence', group: 'app' });
      ours = false;
      return run;
    }
    const switchBack = {
      kind: 'switch-back' as const,
      group: 'app',
      flow: 'standby-1/failback-1'
    };

    it('should switch back when the standby asks, after a fence (failback, production’s half)', () => {
      const run = swappedAt(5000, true);
      run.sim.runUntil(20_000);
      run.deliver(STANDBY, switchBack);
      run.sim.runUntil(20_000 + run.config.failover.appStartTime + 100);
      expect(run.array.of('command', 'prod-data').map((c) => c.cmd)).toEqual(['takeover']);
      expect(run.sentOf('switch-back-done')).toEqual([
        {
          at: 20_000 + run.config.failover.appStartTime + 1,
          to: STANDBY,
          message: { ...switchBack, kind: 'switch-back-done', takeover: 'swap-takeover' }
        }
      ]);
      expect(run.role()).toBe('serving');
      expect(appState(run)?.matches('running')).toBe(true);
      run.sim.runUntil(25_000);
      expect(netHeartbeats(run, 20_000).length).toBeGreaterThanOrEqual(3);
    });

    it('should stand down when its writes find the volume read-only (the standby took the pair over)', () => {
      const run = swappedAt(5000, false);
      run.sim.runUntil(7000);
      expect(appState(run)?.value).toBe('stopped');
      expect(run.role()).toEqual({ idle: 'stoodDown' });
      run.sim.runUntil(20_000);
      expect(netHeartbeats(run, 7000)).toEqual([]);
    });

    it('should take the application back on a switch back after the storage stopped it', () => {
      const run = swappedAt(5000, false);
      run.sim.runUntil(20_000);
      run.deliver(STANDBY, switchBack);
      run.sim.runUntil(30_000);
      expect(run.sentOf('switch-back-refused')).toEqual([]);
      expect(run.sentOf('switch-back-done')).toHaveLength(1);
      expect(appState(run)?.matches('running')).toBe(true);
    });
  });

  describe('the quorum lease (tiebreaker)', () => {
    it('should stop serving when the tiebreaker gives the lease to the standby', () => {
      const renewals: number[] = [];
      let holder: 'production' | 'standby' = 'production';
      const run = fakeHost(productionIdentity(), {
        config: { failover: { onSiteIsolation: 'tiebreaker' } },
        quorum: {
          renew: () => {
            renewals.push(run.sim.now());
            return holder === 'production' ? { granted: true } : { granted: false, holder };
          },
          request: () => ({ granted: false, holder })
        }
      });
      run.host.start();
      run.sim.runUntil(10_000);
      expect(run.role()).toBe('serving');
      expect(renewals.length).toBeGreaterThanOrEqual(8);
      holder = 'standby';
      run.sim.runUntil(11_100);
      expect(run.role()).toEqual({ idle: 'leaseLost' });
      expect(appState(run)?.value).toBe('stopped');
      expect(run.alerts.find((a) => a.kind === 'self-fenced')?.detail).toBe(
        'app: quorum lease held by standby; stopping the application'
      );
      const count = renewals.length;
      run.sim.runUntil(30_000);
      expect(renewals).toHaveLength(count);
      expect(netHeartbeats(run, 11_100)).toEqual([]);
    });
  });

  describe('local membership (two members, local heartbeats)', () => {
    /** prod-2 of [prod-1, prod-2], hearing prod-1 claim the active role until `silentAt`. */
    function secondMember(silentAt: number) {
      const beats = new Subject<LocalBeat>();
      const run = fakeHost(productionIdentity(false, 'prod-2', ['prod-1', 'prod-2']), {
        localBeats: beats
      });
      interval(run.timers.localBeatInterval, run.sim.clock)
        .pipe(takeWhile(() => run.sim.now() < silentAt))
        .subscribe(() => beats.next({ from: 'prod-1', active: 'prod-1' }));
      run.host.start();
      return run;
    }

    it('should follow the active member it hears and run nothing of the group', () => {
      const run = secondMember(Infinity);
      run.sim.runUntil(30_000);
      expect(run.host.isActive()).toBe(false);
      expect(run.host.get('role')).toBeUndefined();
      expect(run.host.get('members')?.getSnapshot().value).toBe('following');
      expect(run.sent).toEqual([]);
      expect(run.array.calls).toEqual([]);
      expect(run.beats.length).toBeGreaterThanOrEqual(59);
      expect(run.beats.every((b) => b.from === 'prod-2' && b.active === 'prod-1')).toBe(true);
    });

    it('should power-fence the silent active member and take over after the local takeover time', () => {
      const run = secondMember(10_000);
      const { localBeatInterval, localBeatTimeout, localPromoteDelay } = run.timers;
      const lastBeat = Math.floor((10_000 - 1) / localBeatInterval) * localBeatInterval;
      const takeoverAt = lastBeat + localBeatTimeout + localPromoteDelay;
      run.sim.runUntil(takeoverAt - 1);
      expect(run.host.isActive()).toBe(false);
      run.sim.runUntil(takeoverAt + 5000);
      expect(run.fenced).toEqual([{ at: takeoverAt, host: 'prod-1' }]);
      expect(run.host.isActive()).toBe(true);
      expect(run.role()).toBe('serving');
      expect(appState(run)?.matches('running')).toBe(true);
      expect(netHeartbeats(run).length).toBeGreaterThanOrEqual(3);
      expect(run.alerts.map((a) => a.kind)).toContain('local-takeover');
      expect(run.beats.at(-1)?.active).toBe('prod-2');
    });

    it('should take the group back after a restart when no other member is heard', () => {
      const run = secondMember(5000);
      run.sim.runUntil(10_000);
      expect(run.host.isActive()).toBe(true);
      // prod-1 is gone for good; prod-2 crashes and restarts.
      run.host.crash();
      run.sim.runUntil(11_000);
      run.host.recover();
      run.sim.runUntil(11_000 + run.timers.localBeatTimeout + 5000);
      expect(run.host.isActive()).toBe(true);
      expect(run.role()).toBe('serving');
    });
  });
  describe('lifecycle messages (production’s half of FIG. 8)', () => {
    it('should set its sender’s paths on hb-paths and acknowledge the step', () => {
      const run = production(5000);
      run.deliver(STANDBY, {
        kind: 'hb-paths',
        group: 'app',
        flow: 'standby-1/method-1',
        step: 'narrow',
        mirror: true,
        network: false
      });
      expect(run.sentOf('hb-paths-ack')).toEqual([
        {
          at: 5000,
          to: STANDBY,
          message: {
            kind: 'hb-paths-ack',
            group: 'app',
            flow: 'standby-1/method-1',
            step: 'narrow'
          }
        }
      ]);
      expect(run.host.get('sender')?.getSnapshot().context.network.enabled).toBe(false);
      run.sim.runUntil(6000);
      const disk = hbWrites(run).length;
      run.sim.runUntil(15_000);
      expect(netHeartbeats(run, 6000)).toEqual([]);
      expect(hbWrites(run).length).toBeGreaterThanOrEqual(disk + 8);
    });
  });
});
