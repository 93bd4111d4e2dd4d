import { createActor } from 'xstate';
import { decodeHeartbeat } from '../../model/heartbeatMessage';
import { senderMachine, type SenderEmitted } from '../../machines/senderMachine';
import { createSimClock } from '../../sim';

function start(
  input: Partial<Parameters<typeof senderMachine.provide>[0]> & {
    mirror?: boolean;
    network?: boolean;
    clockOffset?: number;
  } = {}
) {
  const clock = createSimClock();
  const actor = createActor(senderMachine, {
    clock,
    input: {
      identifier: 'app/hb-pair',
      mirrorDevice: 'prod-hb',
      networkPeer: 'app/standby',
      mirror: input.mirror ?? true,
      network: input.network ?? true,
      clockOffset: input.clockOffset ?? 0,
      interval: 1000,
      ioTimeout: 2000
    }
  });
  const out: Array<SenderEmitted & { at: number }> = [];
  actor.on('*', (e) => out.push({ ...(e as SenderEmitted), at: clock.now() }));
  actor.start();
  return { clock, actor, out };
}

describe('senderMachine', () => {
  it('should continue the serial read back from the P-VOL and send every interval on both paths', () => {
    const { clock, actor, out } = start();
    actor.on('hb.readBack', () => actor.send({ type: 'READBACK.DONE', serial: 41 }));
    actor.on('hb.write', (e) => actor.send({ type: 'WRITE.OK', serial: e.serial }));
    actor.send({ type: 'START' });
    clock.runUntil(3000);
    const writes = out.filter((e) => e.type === 'hb.write');
    const sends = out.filter((e) => e.type === 'hb.send');
    expect(writes.map((e) => [e.at, e.type === 'hb.write' && e.serial])).toEqual([
      [1000, 42],
      [2000, 43],
      [3000, 44]
    ]);
    expect(sends).toHaveLength(3);
    const msg = decodeHeartbeat(writes[0].type === 'hb.write' ? writes[0].data : null);
    expect(msg).toEqual({ serial: 42, time: 1000, identifier: 'app/hb-pair' });
    expect(actor.getSnapshot().context.mirror).toMatchObject({ lastSerial: 44, status: 'valid' });
  });

  it('should stamp its own skewed clock into the message time', () => {
    const { clock, actor, out } = start({ clockOffset: -90_000 });
    actor.send({ type: 'START' });
    actor.send({ type: 'READBACK.DONE', serial: null });
    clock.runUntil(1000);
    const w = out.find((e) => e.type === 'hb.write');
    expect(decodeHeartbeat(w && w.type === 'hb.write' ? w.data : null)?.time).toBe(-89_000);
  });

  it('should mark the mirror row and alert once on a failed write while the network path goes on', () => {
    const { clock, actor, out } = start();
    actor.send({ type: 'START' });
    actor.send({ type: 'READBACK.DONE', serial: 0 });
    actor.on('hb.write', (e) =>
      actor.send({ type: 'WRITE.FAILED', serial: e.serial, error: 'fenced' })
    );
    clock.runUntil(5000);
    expect(actor.getSnapshot().context.mirror).toMatchObject({
      status: 'invalid',
      reason: 'fenced'
    });
    expect(
      out.filter((e) => e.type === 'alert' && e.kind === 'heartbeat-write-failed')
    ).toHaveLength(1);
    expect(out.filter((e) => e.type === 'hb.send')).toHaveLength(5);
  });

  it('should alert once per failing spell, count the overruns its host reports, and restore on a success', () => {
    const { clock, actor, out } = start();
    actor.send({ type: 'START' });
    actor.send({ type: 'READBACK.DONE', serial: 0 });
    // What the host answers for each write: two unanswered, one tick skipped, then successes.
    const answers = ['unanswered', 'unanswered', 'overrun', 'ok', 'ok'];
    actor.on('hb.write', (e) => {
      const answer = answers.shift();
      if (answer === 'unanswered') {
        actor.send({
          type: 'WRITE.FAILED',
          serial: e.serial,
          error: 'write unanswered (I/O timeout)'
        });
      } else if (answer === 'overrun') actor.send({ type: 'WRITE.OVERRUN', serial: e.serial });
      else actor.send({ type: 'WRITE.OK', serial: e.serial });
    });
    clock.runUntil(2500);
    expect(actor.getSnapshot().context.mirror).toMatchObject({
      status: 'invalid',
      reason: 'write unanswered (I/O timeout)'
    });
    clock.runUntil(5000);
    const ctx = actor.getSnapshot().context;
    expect(ctx.overruns).toBe(1);
    expect(ctx.mirror).toMatchObject({ status: 'valid', reason: undefined, lastSerial: 5 });
    expect(
      out.filter((e) => e.type === 'alert').map((e) => [e.at, e.type === 'alert' && e.kind])
    ).toEqual([
      [1000, 'heartbeat-write-failed'],
      [4000, 'heartbeat-restored']
    ]);
  });

  it('should ask for each write with the I/O timeout after which it counts as failed', () => {
    const { clock, actor, out } = start();
    actor.send({ type: 'START' });
    actor.send({ type: 'READBACK.DONE', serial: 0 });
    clock.runUntil(2000);
    expect(
      out.filter((e) => e.type === 'hb.write').map((e) => e.type === 'hb.write' && e.ioTimeout)
    ).toEqual([2000, 2000]);
    // Nothing answered: the chart waits for its host's verdict, the mirror row stays as it was.
    expect(actor.getSnapshot().context.mirror.status).toBe('valid');
  });

  it('should send only on the paths of the checking method', () => {
    const { clock, actor, out } = start({ mirror: false });
    actor.send({ type: 'START' });
    actor.send({ type: 'READBACK.DONE', serial: 0 });
    clock.runUntil(2000);
    expect(out.filter((e) => e.type === 'hb.write')).toHaveLength(0);
    expect(out.filter((e) => e.type === 'hb.send')).toHaveLength(2);
    expect(actor.getSnapshot().context.mirror.status).toBe('suspended');
  });

  it('should send nothing while frozen and send the overdue heartbeat at once on resume', () => {
    const { clock, actor, out } = start({ mirror: false });
    actor.send({ type: 'START' });
    actor.send({ type: 'READBACK.DONE', serial: 0 });
    clock.runUntil(2500);
    actor.send({ type: 'FREEZE' });
    clock.runUntil(10_000);
    expect(out.filter((e) => e.type === 'hb.send')).toHaveLength(2);
    actor.send({ type: 'RESUME' });
    const sends = () => out.filter((e) => e.type === 'hb.send');
    // The overdue heartbeat goes out on resume, then one per interval again.
    expect(sends()).toHaveLength(3);
    expect(sends()[2].at).toBe(10_000);
    clock.runUntil(11_000);
    expect(sends()).toHaveLength(4);
    expect(sends()[3].at).toBe(11_000);
    expect(sends().map((e) => e.type === 'hb.send' && e.serial)).toEqual([1, 2, 3, 4]);
  });
});

describe('senderMachine: clock, alerts and paths', () => {
  const decoded = (e: SenderEmitted | undefined) =>
    e && (e.type === 'hb.write' || e.type === 'hb.send') ? decodeHeartbeat(e.data) : null;

  it('should stamp its clock and offset on both paths and rows, following a new skew', () => {
    const { clock, actor, out } = start({ clockOffset: 500 });
    actor.on('hb.write', (e) => actor.send({ type: 'WRITE.OK', serial: e.serial }));
    actor.send({ type: 'START' });
    actor.send({ type: 'READBACK.DONE', serial: 0 });
    clock.runUntil(1000);
    expect(decoded(out.find((e) => e.type === 'hb.send'))).toEqual({
      serial: 1,
      time: 1500,
      identifier: 'app/hb-pair'
    });
    const { mirror, network } = actor.getSnapshot().context;
    expect([mirror.lastTime, mirror.lastChange, network.lastTime, network.lastChange]).toEqual([
      1500, 1000, 1500, 1000
    ]);
    actor.send({ type: 'SKEW', offset: -200 });
    expect(actor.getSnapshot().context.clockOffset).toBe(-200);
    clock.runUntil(2000);
    expect(decoded(out.filter((e) => e.type === 'hb.send')[1])?.time).toBe(1800);
  });

  it('should say why a heartbeat write failed, and when writes succeed again', () => {
    const { clock, actor, out } = start();
    let failing = true;
    actor.on('hb.write', (e) =>
      actor.send(
        failing
          ? { type: 'WRITE.FAILED', serial: e.serial, error: 'fenced' }
          : { type: 'WRITE.OK', serial: e.serial }
      )
    );
    actor.send({ type: 'START' });
    actor.send({ type: 'READBACK.DONE', serial: 0 });
    clock.runUntil(2000);
    failing = false;
    clock.runUntil(4000);
    expect(out.flatMap((e) => (e.type === 'alert' ? [[e.at, e.kind, e.detail]] : []))).toEqual([
      [1000, 'heartbeat-write-failed', 'heartbeat write to prod-hb failed: fenced'],
      [3000, 'heartbeat-restored', 'heartbeat writes to prod-hb succeed again']
    ]);
    expect(actor.getSnapshot().context.mirror).toMatchObject({
      status: 'valid',
      reason: undefined
    });
  });

  it('should suspend and resume each path on SET.PATHS, keeping a failing mirror row failing', () => {
    const { clock, actor, out } = start();
    actor.on('hb.write', (e) => actor.send({ type: 'WRITE.FAILED', serial: e.serial, error: 'x' }));
    actor.send({ type: 'START' });
    actor.send({ type: 'READBACK.DONE', serial: 0 });
    clock.runUntil(1000);
    actor.send({ type: 'SET.PATHS', mirror: true, network: false });
    expect(actor.getSnapshot().context.mirror).toMatchObject({ enabled: true, status: 'invalid' });
    expect(actor.getSnapshot().context.network).toMatchObject({
      enabled: false,
      status: 'suspended'
    });
    actor.send({ type: 'SET.PATHS', mirror: false, network: true });
    expect(actor.getSnapshot().context.mirror).toMatchObject({
      enabled: false,
      status: 'suspended'
    });
    expect(actor.getSnapshot().context.network).toMatchObject({ enabled: true, status: 'valid' });
    clock.runUntil(3000);
    expect(out.filter((e) => e.type === 'hb.write')).toHaveLength(1);
    actor.send({ type: 'SET.PATHS', mirror: true, network: true });
    expect(actor.getSnapshot().context.mirror).toMatchObject({ enabled: true, status: 'valid' });
  });
});
