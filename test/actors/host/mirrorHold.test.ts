/**
 * The heartbeat mirror path feeds its statecharts only what tells them something. The standby's
 * poll of the S-VOL: a read that shows nothing new is dropped, a new serial on a valid path waits
 * (only the latest) until just before the path would age; production's heartbeat writes: a success
 * like the one before is not handed on. The trace still shows every read and every acknowledged
 * write (as stream-level lines), and the path ages at the very instants counted from the last new
 * serial read.
 */
import { decodeHeartbeat } from '../../../model/heartbeatMessage';
import { at, defineScenario } from '../../../scenarios/defineScenario';
import type { TraceLine } from '../../../sim/createTrace';
import { runScenario } from '../../../world/runScenario';
import { fakeHost, productionIdentity } from './fakePorts';

const RECEIVER = 'standby-1/receiver';
const SENDER = 'prod-1/sender';
const serialOf = (l: TraceLine) =>
  decodeHeartbeat((l.payload as { data?: unknown } | undefined)?.data)?.serial;

describe('the heartbeat mirror path, fed only what decides', () => {
  // Production hangs at 20.3 s for 30 s: no more writes; the mirror path ages and is lost.
  const run = runScenario(
    defineScenario({
      name: 'hang',
      duration: '40s',
      faults: [at('20.3s').hang('prod-1', { for: '30s' })]
    }),
    { trace: 'full' }
  );
  const reads = run.lines.filter((l) => l.actor === RECEIVER && l.type === 'READ.DONE');
  const readsNotTaken = reads.filter((l) => l.state === undefined);
  const readsTaken = reads.filter((l) => l.state !== undefined);

  it('should show every poll of the S-VOL in the trace and hand at most one in two to the receiver chart', () => {
    // Each read of the S-VOL the array served, once: as taken at once or as a stream-level line.
    const served = run.lines.filter((l) => l.actor === 'standby-hb' && l.type === 'read');
    const shown = [
      ...readsNotTaken,
      ...readsTaken.filter((l) => (l.payload as { at?: number }).at === undefined)
    ];
    expect(served.length).toBeGreaterThan(20);
    expect(shown.length).toBe(served.length);
    const polls = shown.length;
    expect(readsTaken.length).toBeLessThanOrEqual(Math.ceil(polls / 2));
    // A held read carries the instant it was read; the chart's row keeps that as its last change.
    const late = readsTaken.filter((l) => (l.payload as { at?: number }).at !== undefined);
    expect(late.length).toBeGreaterThan(0);
    for (const l of late) expect((l.payload as { at: number }).at).toBeLessThan(l.t);
  });

  it('should age the mirror path from the last new serial read, at 50 / 75 / 90 / 100 %', () => {
    const last = reads
      .filter((l) => l.t < 20_300 || (l.payload as { at?: number }).at !== undefined)
      .map((l) => ({ t: (l.payload as { at?: number }).at ?? l.t, serial: serialOf(l) ?? 0 }))
      .filter((r) => r.t < 20_300 + 1000)
      .reduce((a, b) => (b.serial > a.serial ? b : a));
    const alerts = run.report.alerts.filter((a) => a.source === 'standby-1');
    const warnings = alerts
      .filter((a) => a.kind === 'heartbeat-warning' && a.detail.startsWith('mirror'))
      .map((a) => a.atMs);
    const lost = alerts.find((a) => a.kind === 'mirror-heartbeat-lost');
    expect(warnings).toEqual([last.t + 2500, last.t + 3750, last.t + 4500]);
    expect(lost?.atMs).toBe(last.t + 5000);
  });

  it('should show every acknowledged heartbeat write, none of them taken by the sender chart', () => {
    const acks = run.lines.filter((l) => l.actor === SENDER && l.type === 'WRITE.OK');
    // One write a second until the hang at 20.3 s, each acknowledged, in serial order.
    expect(acks.length).toBeGreaterThanOrEqual(19);
    expect(acks.every((l) => l.state === undefined)).toBe(true);
    const serials = acks.map((l) => (l.payload as { serial: number }).serial);
    expect(serials).toEqual(serials.map((_, i) => serials[0]! + i));
  });
});

describe('production heartbeat writes on a silent array', () => {
  it('should fail a write left unanswered for ioTimeout, skip the ticks meanwhile, and restore on a success', () => {
    const run = fakeHost(productionIdentity(false));
    run.host.start();
    run.sim.runUntil(5000);
    expect(run.alerts).toEqual([]);
    const writesBefore = run.array.of('write', 'prod-hb').length;
    // The heartbeat volume stops answering at 5 s.
    const write = run.array.script.write;
    run.array.script.write = (volume, block, data) =>
      volume === 'prod-hb' ? 'silent' : write(volume, block, data);
    run.sim.runUntil(15_000);
    const issuedWhileSilent = run.array.of('write', 'prod-hb').length - writesBefore;
    const sender = run.host.get('sender')!.getSnapshot().context;
    // ioTimeout (2 s) is two intervals: every other tick finds the last write outstanding.
    expect(issuedWhileSilent).toBe(5);
    expect(sender.overruns).toBe(5);
    const failed = run.alerts.filter((a) => a.kind === 'heartbeat-write-failed');
    expect(failed).toHaveLength(1);
    const firstSilent = run.array.of('write', 'prod-hb')[writesBefore]!.at;
    expect(failed[0]!.at).toBe(firstSilent + 2000);
    expect(sender.mirror.reason).toBe('write unanswered (I/O timeout)');
    run.array.script.write = write;
    run.sim.runUntil(20_000);
    expect(run.alerts.filter((a) => a.kind === 'heartbeat-restored')).toHaveLength(1);
    expect(run.host.get('sender')!.getSnapshot().context.mirror.status).toBe('valid');
  });
});
