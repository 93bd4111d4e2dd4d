/**
 * A standby host alone against fake ports (SPEC §1.1a): production exists only as the messages
 * pushed into the host's inbox and the heartbeat block its own array reads back; the host is
 * asserted on the messages it sends, the commands it gives its array and its programs' states.
 */
import {
  fakeHost,
  HB_ID,
  livePeer,
  ok,
  pairView,
  refused,
  standbyIdentity,
  type Answer,
  type FakeHost
} from './fakePorts';

const PRODUCTION = ['prod-1', 'prod-2'];

/**
 * A standby host watching a production that is alive until `silentAt` (then silent on both
 * paths, the heartbeat pair still PAIR: production failed) and again from `backAt`. Its array takes the data volume over
 * with `takeover` (the data pair goes SSWS when it does).
 */
function standby(
  silentAt = Infinity,
  takeover: () => Answer<string> = () => ok('svol-takeover'),
  backAt = Infinity
): FakeHost {
  const run = fakeHost(standbyIdentity());
  const alive = () => run.sim.now() < silentAt || run.sim.now() >= backAt;
  livePeer(run, {
    from: 'prod-1',
    svol: 'standby-hb',
    identifier: HB_ID,
    reverse: false,
    network: alive,
    mirror: alive
  });
  let tookOver = false;
  const status = run.array.script.pairStatus;
  run.array.script.pairStatus = (volume) =>
    volume === 'standby-data' && tookOver ? ok(pairView(volume, 'SSWS', 'S')) : status(volume);
  run.array.script.command = (volume, cmd) => {
    if (volume !== 'standby-data' || cmd !== 'takeover') return ok('done');
    const answer = takeover();
    if (answer !== 'silent' && answer.ok) tookOver = true;
    return answer;
  };
  run.host.start();
  return run;
}

const roleSnap = (run: FakeHost) => run.host.get('role')?.getSnapshot();
const takeovers = (run: FakeHost) =>
  run.array.calls.filter((c) => c.op === 'command' && c.cmd === 'takeover');
/** Run until the host sends its first fence (within a minute): when it did. */
function untilFenced(run: FakeHost): number {
  while (run.sentOf('fence').length === 0 && run.sim.now() < 60_000) run.sim.step();
  return run.sentOf('fence')[0]?.at ?? -1;
}

describe('standby host alone on fake ports', () => {
  describe('steady state', () => {
    it('should find the data volume production’s and monitor', () => {
      const run = standby();
      run.sim.runUntil(5000);
      expect(run.array.calls[0]).toEqual({ at: 0, op: 'pairStatus', volume: 'standby-data' });
      expect(roleSnap(run)?.matches({ monitoring: 'watching' })).toBe(true);
      expect(run.host.get('app')).toBeUndefined();
      expect(run.host.get('sender')).toBeUndefined();
    });

    it('should poll its S-VOL and the heartbeat pair every pollInterval', () => {
      const run = standby();
      run.sim.runUntil(20_000);
      const reads = run.array.of('read', 'standby-hb');
      expect(reads.length).toBeGreaterThanOrEqual(19);
      const gaps = reads.slice(1).map((r, i) => r.at - reads[i]!.at);
      // Every poll after the last answer (1 ms later): pollInterval + the I/O time.
      expect(new Set(gaps)).toEqual(new Set([run.config.heartbeat.pollInterval + 1]));
      expect(run.array.of('pairStatus', 'standby-hb')).toHaveLength(reads.length);
    });

    it('should send nothing and take nothing over while production is alive', () => {
      const run = standby();
      run.sim.runUntil(120_000);
      expect(run.sent).toEqual([]);
      expect(takeovers(run)).toEqual([]);
      expect(run.alerts).toEqual([]);
      expect(run.host.get('receiver')?.getSnapshot().context).toMatchObject({
        network: { status: 'valid' },
        mirror: { status: 'valid' }
      });
    });
  });

  describe('production silent on both paths', () => {
    it('should declare, fence every production member, take over and serve', () => {
      const run = standby(10_000);
      const { timeout } = run.config.heartbeat;
      const { fenceTimeout, appStartTime } = run.config.failover;
      run.sim.runUntil(10_000 + timeout - 1000);
      expect(run.sent).toEqual([]);
      const fenceAt = untilFenced(run);
      expect(fenceAt).toBeGreaterThanOrEqual(10_000 + timeout - 1000);
      expect(fenceAt).toBeLessThanOrEqual(10_000 + timeout + 1000);
      expect(run.sentOf('fence').filter((f) => f.at === fenceAt)).toEqual(
        PRODUCTION.map((to) => ({ at: fenceAt, to, message: { kind: 'fence', group: 'app' } }))
      );
      expect(run.alerts.map((a) => a.kind)).toEqual(
        expect.arrayContaining(['failure-declared', 'failover-started'])
      );
      // No acknowledgement: the takeover after fenceTimeout.
      run.sim.runUntil(fenceAt + fenceTimeout + 10);
      expect(takeovers(run)).toEqual([
        { at: fenceAt + fenceTimeout, op: 'command', volume: 'standby-data', cmd: 'takeover' }
      ]);
      expect(run.alerts.map((a) => a.kind)).toContain('fence-unconfirmed');
      expect(roleSnap(run)?.value).toBe('serving');
      run.sim.runUntil(fenceAt + fenceTimeout + appStartTime + 10);
      expect(run.host.get('app')?.getSnapshot().matches('running')).toBe(true);
      expect(run.host.get('failover')?.getSnapshot().matches({ steps: 'completed' })).toBe(true);
      expect(run.host.get('receiver')).toBeUndefined();
      run.sim.runUntil(fenceAt + 10_000);
      expect(run.array.of('write', 'standby-data').length).toBeGreaterThan(20);
    });

    it('should repeat the unacknowledged fence, backing off', () => {
      const run = standby(10_000);
      run.sim.runUntil(40_000);
      const toProd1 = run.sentOf('fence').filter((f) => f.to === 'prod-1');
      const gaps = toProd1.slice(1).map((f, i) => f.at - toProd1[i]!.at);
      const t = run.config.failover.fenceTimeout;
      expect(gaps.slice(0, 4)).toEqual([t, 2 * t, 4 * t, 8 * t]);
    });

    it('should take over at once on a fence acknowledgement and stop repeating the fence', () => {
      const run = standby(10_000);
      const fenceAt = untilFenced(run);
      run.sim.runUntil(fenceAt + 300);
      expect(takeovers(run)).toEqual([]);
      run.deliver('prod-1', { kind: 'fence-ack', group: 'app' });
      expect(takeovers(run).map((c) => c.at)).toEqual([fenceAt + 300]);
      const fences = run.sentOf('fence').length;
      run.sim.runUntil(fenceAt + 60_000);
      expect(run.sentOf('fence')).toHaveLength(fences);
      expect(run.host.get('failover')?.getSnapshot().matches({ fence: 'confirmed' })).toBe(true);
      expect(run.alerts.map((a) => a.kind)).not.toContain('fence-unconfirmed');
      expect(roleSnap(run)?.value).toBe('serving');
    });

    it('should release production with an unfence when its array refuses the takeover', () => {
      const run = standby(10_000, () => refused('the data pair is PSUE'));
      const fenceAt = untilFenced(run);
      run.sim.runUntil(fenceAt + run.config.failover.fenceTimeout + 10);
      const refusedAt = fenceAt + run.config.failover.fenceTimeout + 1;
      expect(run.sentOf('unfence')).toEqual(
        PRODUCTION.map((to) => ({ at: refusedAt, to, message: { kind: 'unfence', group: 'app' } }))
      );
      expect(run.alerts.find((a) => a.kind === 'failover-refused')?.detail).toBe(
        'app: takeover refused: the data pair is PSUE'
      );
      expect(roleSnap(run)?.matches({ monitoring: 'declared' })).toBe(true);
      expect(run.host.get('app')).toBeUndefined();
      // No more fences once production is released.
      const fences = run.sentOf('fence').length;
      run.sim.runUntil(refusedAt + run.timers.retryDelay - 1);
      expect(run.sentOf('fence')).toHaveLength(fences);
    });

    it('should judge again after retryDelay once a takeover was refused', () => {
      let answers = 0;
      const run = standby(10_000, () =>
        ++answers === 1 ? refused('busy') : ok<string>('svol-takeover')
      );
      const fenceAt = untilFenced(run);
      const refusedAt = fenceAt + run.config.failover.fenceTimeout + 1;
      run.sim.runUntil(refusedAt + run.timers.retryDelay + 5000);
      expect(takeovers(run).length).toBe(2);
      expect(takeovers(run)[1]!.at).toBeGreaterThanOrEqual(refusedAt + run.timers.retryDelay);
      expect(roleSnap(run)?.value).toBe('serving');
    });

    it('should give the takeover up when its array does not answer, and release production', () => {
      const run = standby(10_000, () => 'silent');
      const fenceAt = untilFenced(run);
      const giveUp = fenceAt + run.config.failover.fenceTimeout + run.timers.takeoverTimeout;
      run.sim.runUntil(giveUp - 1);
      expect(run.sentOf('unfence')).toEqual([]);
      run.sim.runUntil(giveUp);
      expect(run.sentOf('unfence').map((u) => [u.at, u.to])).toEqual(
        PRODUCTION.map((to) => [giveUp, to])
      );
    });
  });

  describe('takeover request', () => {
    it('should acknowledge a takeover request to its sender and fail over', () => {
      const run = standby();
      run.sim.runUntil(10_000);
      run.deliver('prod-2', { kind: 'takeover-request', group: 'app', reason: 'array silent' });
      expect(run.sentOf('takeover-ack')).toEqual([
        { at: 10_000, to: 'prod-2', message: { kind: 'takeover-ack', group: 'app' } }
      ]);
      expect(roleSnap(run)?.matches({ monitoring: 'declared' })).toBe(true);
      // The fence follows after confirmWait (0 ms: on the next turn of the clock).
      expect(untilFenced(run)).toBe(10_000);
      expect(run.sentOf('fence').map((f) => [f.at, f.to])).toEqual(
        PRODUCTION.map((to) => [10_000, to])
      );
      expect(run.alerts.find((a) => a.kind === 'failure-declared')?.detail).toBe(
        'production requested takeover: array silent'
      );
      run.sim.runUntil(13_000);
      expect(takeovers(run).map((c) => c.at)).toEqual([10_000 + run.config.failover.fenceTimeout]);
      expect(run.host.get('app')?.getSnapshot().matches('running')).toBe(true);
    });

    it('should acknowledge every repeat of the request, and declare once', () => {
      const run = standby();
      run.sim.runUntil(10_000);
      run.deliver('prod-1', { kind: 'takeover-request', group: 'app', reason: 'x' });
      run.sim.runUntil(10_500);
      run.deliver('prod-1', { kind: 'takeover-request', group: 'app', reason: 'x' });
      expect(run.sentOf('takeover-ack').map((a) => a.at)).toEqual([10_000, 10_500]);
      expect(run.alerts.filter((a) => a.kind === 'failure-declared')).toHaveLength(1);
    });
  });

  describe('rejoin requests of a self-fenced production', () => {
    it('should answer rejoin-ok while watching', () => {
      const run = standby();
      run.sim.runUntil(10_000);
      run.deliver('prod-1', { kind: 'rejoin-request', group: 'app' });
      expect(run.sent).toEqual([
        { at: 10_000, to: 'prod-1', message: { kind: 'rejoin-ok', group: 'app' } }
      ]);
    });

    it('should answer rejoin-denied once it has declared production failed', () => {
      const run = standby();
      run.sim.runUntil(10_000);
      run.deliver('prod-1', { kind: 'takeover-request', group: 'app', reason: 'x' });
      run.sim.runUntil(10_500);
      run.deliver('prod-2', { kind: 'rejoin-request', group: 'app' });
      expect(run.sentOf('rejoin-denied')).toEqual([
        { at: 10_500, to: 'prod-2', message: { kind: 'rejoin-denied', group: 'app' } }
      ]);
      expect(run.sentOf('rejoin-ok')).toEqual([]);
    });

    it('should answer rejoin-denied while serving after the takeover', () => {
      const run = standby(10_000);
      run.sim.runUntil(30_000);
      expect(roleSnap(run)?.value).toBe('serving');
      run.deliver('prod-1', { kind: 'rejoin-request', group: 'app' });
      expect(run.sent.at(-1)).toEqual({
        at: 30_000,
        to: 'prod-1',
        message: { kind: 'rejoin-denied', group: 'app' }
      });
    });
  });

  describe('a restarted standby', () => {
    it('should void the fence it may have asked before it crashed with one unfence', () => {
      const run = standby();
      run.sim.runUntil(5000);
      run.host.crash();
      run.sim.runUntil(8000);
      run.host.recover();
      run.sim.runUntil(20_000);
      expect(run.sentOf('unfence')).toEqual(
        PRODUCTION.map((to) => ({ at: 8001, to, message: { kind: 'unfence', group: 'app' } }))
      );
      expect(roleSnap(run)?.matches({ monitoring: 'watching' })).toBe(true);
    });

    it('should serve again after a restart when it had taken the volume over', () => {
      const run = standby(10_000);
      run.sim.runUntil(30_000);
      run.host.crash();
      run.sim.runUntil(31_000);
      run.host.recover();
      run.sim.runUntil(35_000);
      expect(roleSnap(run)?.value).toBe('serving');
      expect(run.host.get('app')?.getSnapshot().matches('running')).toBe(true);
      expect(run.sentOf('unfence')).toEqual([]);
    });
  });

  it('should touch only its own site’s volumes', () => {
    const run = standby(10_000);
    run.sim.runUntil(30_000);
    const volumes = new Set(run.array.calls.map((c) => c.volume));
    expect([...volumes].sort()).toEqual(['standby-data', 'standby-hb']);
  });
  describe('a takeover request while it cannot act on it yet', () => {
    it('should not acknowledge a takeover request it drops (still asking its array at boot)', () => {
      // Booting with a silent array: the probe is answered only by the I/O timeout (2 s), and no
      // decision runs until then.
      const run = fakeHost(standbyIdentity());
      run.array.script.pairStatus = () => 'silent';
      run.host.start();
      run.sim.runUntil(500);
      run.deliver('prod-1', { kind: 'takeover-request', group: 'app', reason: 'array silent' });
      run.sim.runUntil(3000);
      const declared = run.alerts.some((a) => a.kind === 'failure-declared');
      expect({ acknowledged: run.sentOf('takeover-ack').length > 0, declared }).toEqual({
        acknowledged: false,
        declared: false
      });
    });
  });

  describe('failback (the standby’s half, by messages)', () => {
    const flow = 'standby-1/failback-1';

    /**
     * A standby that took over after an SVOL-takeover at 10 s and serves at 30 s, production
     * back from 25 s; its array carries out the reverse resync (COPY for 1.5 s, then PAIR with
     * the P-VOL here). The operator asks for the failback at 30 s.
     */
    function failingBack() {
      const run = standby(10_000, () => ok('svol-takeover'), 25_000);
      run.sim.runUntil(30_000);
      expect(roleSnap(run)?.value).toBe('serving');
      let swappedAt = Infinity;
      const status = run.array.script.pairStatus;
      run.array.script.pairStatus = (volume) =>
        volume !== 'standby-data' || run.sim.now() < swappedAt
          ? status(volume)
          : ok(pairView(volume, run.sim.now() < swappedAt + 1500 ? 'COPY' : 'PAIR', 'P'));
      const command = run.array.script.command;
      run.array.script.command = (volume, cmd) => {
        if (volume === 'standby-data' && cmd === 'swap') swappedAt = run.sim.now();
        return command(volume, cmd);
      };
      run.host.failback();
      run.sim.runUntil(30_100);
      return run;
    }

    /** … production answers ready, and the host goes as far as asking it to switch back. */
    function untilSwitchBack(run: FakeHost) {
      run.deliver('prod-1', { kind: 'failback-ready', group: 'app', flow });
      while (run.sentOf('switch-back').length === 0 && run.sim.now() < 60_000) run.sim.step();
      return run.sentOf('switch-back')[0]?.at ?? -1;
    }

    it('should probe production over the network with its flow id', () => {
      const run = failingBack();
      expect(run.sentOf('failback-probe')).toEqual(
        PRODUCTION.map((to) => ({
          at: 30_001,
          to,
          message: { kind: 'failback-probe', group: 'app', flow }
        }))
      );
      expect(run.host.get('failback')?.getSnapshot().value).toBe('probing');
    });

    it('should resync in reverse, resync the heartbeat pair, stop its application and ask to switch back', () => {
      const run = failingBack();
      const switchAt = untilSwitchBack(run);
      const commands = run.array.calls.filter((c) => c.op === 'command').map((c) => c.cmd);
      expect(commands.slice(-1)).toEqual(['swap']);
      expect(run.array.calls.find((c) => c.cmd === 'swap')?.at).toBe(30_100);
      expect(run.sentOf('hb-resync').map((m) => m.to)).toEqual(PRODUCTION);
      expect(run.sentOf('hb-resync')[0]!.at).toBeGreaterThanOrEqual(30_100 + 1500);
      expect(switchAt).toBeGreaterThan(run.sentOf('hb-resync')[0]!.at);
      expect(run.sentOf('switch-back')).toEqual(
        PRODUCTION.map((to) => ({
          at: switchAt,
          to,
          message: { kind: 'switch-back', group: 'app', flow }
        }))
      );
      expect(run.host.get('app')?.getSnapshot().value).toBe('stopped');
      expect(roleSnap(run)?.matches({ idle: 'handedOver' })).toBe(true);
    });

    it('should monitor again with fresh programs once production switched back', () => {
      const run = failingBack();
      const switchAt = untilSwitchBack(run);
      run.sim.runUntil(switchAt + 1500);
      run.array.script.pairStatus = (volume) => ok(pairView(volume, 'PAIR', 'S'));
      run.deliver('prod-1', {
        kind: 'switch-back-done',
        group: 'app',
        flow,
        takeover: 'swap-takeover'
      });
      expect(roleSnap(run)?.matches({ monitoring: 'watching' })).toBe(true);
      expect(run.host.get('app')).toBeUndefined();
      expect(run.host.get('decision')?.getSnapshot().matches('stopped')).toBe(false);
      expect(run.host.get('receiver')).toBeDefined();
      expect(run.alerts.find((a) => a.kind === 'failback-completed')?.detail).toBe(
        'app: application back at production (reverse resync, then swap-takeover); standby monitoring again'
      );
      const declared = run.alerts.filter((a) => a.kind === 'failure-declared').length;
      run.sim.runUntil(switchAt + 60_000);
      expect(run.alerts.filter((a) => a.kind === 'failure-declared')).toHaveLength(declared);
      expect(run.host.get('receiver')?.getSnapshot().context).toMatchObject({
        network: { status: 'valid' },
        mirror: { status: 'valid' }
      });
    });

    it('should run its application again when production refuses with restart', () => {
      const run = failingBack();
      const switchAt = untilSwitchBack(run);
      run.deliver('prod-1', {
        kind: 'switch-back-refused',
        group: 'app',
        flow,
        detail: 'takeover refused at production: busy',
        restart: true
      });
      expect(roleSnap(run)?.value).toBe('serving');
      run.sim.runUntil(switchAt + run.config.failover.appStartTime + 10);
      expect(run.host.get('app')?.getSnapshot().matches('running')).toBe(true);
      expect(run.alerts.find((a) => a.kind === 'failback-refused')?.detail).toMatch(
        /switch back refused: takeover refused at production: busy; the application was restarted/
      );
    });

    it('should ignore an answer for another flow', () => {
      const run = failingBack();
      run.deliver('prod-1', { kind: 'failback-ready', group: 'app', flow: 'standby-1/failback-0' });
      run.sim.runUntil(31_000);
      expect(run.host.get('failback')?.getSnapshot().value).toBe('probing');
    });

    it('should refuse when production answers not ready, and keep serving', () => {
      const run = failingBack();
      run.deliver('prod-1', {
        kind: 'failback-not-ready',
        group: 'app',
        flow,
        problem: 'its array does not answer'
      });
      expect(run.alerts.find((a) => a.kind === 'failback-refused')?.detail).toBe(
        'app: failback refused: production is not healthy: its array does not answer'
      );
      expect(roleSnap(run)?.value).toBe('serving');
      expect(run.host.get('app')?.getSnapshot().matches('running')).toBe(true);
    });
  });
  describe('lifecycle messages (the standby’s half of FIG. 4 and FIG. 5)', () => {
    it('should stop watching the mirror on a deactivation, acknowledge it, and not fail over when the mirror then stops', () => {
      let mirrorWritten = true;
      const run = fakeHost(standbyIdentity());
      livePeer(run, {
        from: 'prod-1',
        svol: 'standby-hb',
        identifier: HB_ID,
        reverse: false,
        network: () => true,
        mirror: () => mirrorWritten
      });
      run.host.start();
      run.sim.runUntil(10_000);
      run.deliver('prod-1', { kind: 'hb-deactivate', group: 'app', flow: 'prod-1/uninstall-1' });
      expect(run.sent).toEqual([
        {
          at: 10_000,
          to: 'prod-1',
          message: { kind: 'hb-deactivate-ack', group: 'app', flow: 'prod-1/uninstall-1' }
        }
      ]);
      expect(run.host.get('table')?.getSnapshot().value).toBe('unregistered');
      expect(run.host.get('receiver')?.getSnapshot().context.mirror.enabled).toBe(false);
      expect(run.host.get('decision')?.getSnapshot().context.method).toBe('network');
      // Production stops writing the heartbeat volume, then deletes the pair.
      mirrorWritten = false;
      run.sim.runUntil(60_000);
      expect(run.alerts.map((a) => a.kind)).not.toContain('failure-declared');
      expect(run.sentOf('fence')).toEqual([]);
    });

    it('should watch the mirror again on an activation and acknowledge it with its flow', () => {
      const run = standby();
      run.sim.runUntil(5000);
      run.deliver('prod-1', { kind: 'hb-deactivate', group: 'app', flow: 'prod-1/uninstall-1' });
      run.sim.runUntil(8000);
      run.deliver('prod-1', { kind: 'hb-activate', group: 'app', flow: 'prod-1/install-2' });
      expect(run.sent.at(-1)).toEqual({
        at: 8000,
        to: 'prod-1',
        message: { kind: 'hb-activate-ack', group: 'app', flow: 'prod-1/install-2' }
      });
      expect(run.host.get('table')?.getSnapshot().value).toBe('registered');
      expect(run.host.get('receiver')?.getSnapshot().context.mirror.enabled).toBe(true);
      expect(run.host.get('decision')?.getSnapshot().context.method).toBe('both');
    });
  });
});
