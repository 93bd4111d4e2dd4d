import { createActor } from 'xstate';
import {
  failbackMachine,
  type FailbackEmitted,
  type FailbackInput
} from '../../machines/failbackMachine';
import { createSimClock } from '../../sim';

function start(input: Partial<FailbackInput> = {}) {
  const clock = createSimClock();
  const actor = createActor(failbackMachine, {
    clock,
    input: {
      group: 'app',
      standbyServing: true,
      productionHealthy: true,
      productionProblem: '',
      pairState: 'SSWS',
      primaryAtStandby: false,
      commandTimeout: 3000,
      copyTimeout: 5000,
      appTimeout: 4000,
      quorumTimeout: 7000,
      ...input
    }
  });
  const out: Array<FailbackEmitted & { at: number }> = [];
  actor.on('*', (e) => out.push({ ...(e as FailbackEmitted), at: clock.now() }));
  actor.start();
  actor.send({ type: 'START' });
  return { clock, actor, out };
}

const types = (out: FailbackEmitted[]) => out.map((e) => e.type);
const detail = (out: FailbackEmitted[]) => {
  const a = out.find((e) => e.type === 'alert');
  return a?.type === 'alert' ? `${a.kind}: ${a.detail}` : '';
};

describe('failbackMachine', () => {
  it('should reverse-resync after an SVOL-takeover, then switch back and return to monitoring', () => {
    const { actor, out } = start({ pairState: 'SSWS' });
    expect(types(out)).toEqual(['pair.reverseResync']);
    actor.send({ type: 'SWAP.ACCEPTED' });
    actor.send({ type: 'PAIR.STATE', state: 'COPY' });
    actor.send({ type: 'PAIR.STATE', state: 'PAIR' });
    expect(types(out).at(-1)).toBe('heartbeat.resync');
    actor.send({ type: 'HB.READY' });
    expect(types(out).at(-1)).toBe('standby.stopApp');
    actor.send({ type: 'APP.STOPPED' });
    expect(types(out).at(-1)).toBe('pair.switchBack');
    actor.send({ type: 'TAKEOVER.DONE', kind: 'swap-takeover', lostWrites: 0 });
    expect(types(out).at(-1)).toBe('quorum.handover');
    actor.send({ type: 'QUORUM.READY' });
    expect(types(out).at(-1)).toBe('production.startApp');
    actor.send({ type: 'APP.RUNNING' });
    expect(types(out).slice(-3)).toEqual(['standby.monitor', 'alert', 'failback.done']);
    expect(detail(out)).toMatch(
      /^failback-completed: .*reverse resync, then swap-takeover; 0 lost/
    );
  });

  it('should skip the reverse resync after a swap-takeover', () => {
    const { out } = start({ pairState: 'PAIR', primaryAtStandby: true });
    expect(types(out)).toEqual(['heartbeat.resync']);
  });

  it.each([
    [{ standbyServing: false }, /not serving the application/],
    [
      { productionHealthy: false, productionProblem: 'prod-storage is down' },
      /prod-storage is down/
    ],
    [{ pairState: 'PSUE' as const, primaryAtStandby: true }, /data pair is PSUE, not PAIR/],
    [{ pairState: 'PAIR' as const, primaryAtStandby: false }, /P-VOL at production, not PAIR/]
  ])('should refuse up front: %o', (input, reason) => {
    const { out, actor } = start(input);
    expect(actor.getSnapshot().value).toBe('refused');
    expect(types(out)).toEqual(['alert', 'failback.done']);
    expect(detail(out)).toMatch(/^failback-refused: /);
    expect(detail(out)).toMatch(reason);
  });

  it('should refuse when the reverse resync is refused or fails', () => {
    const refused = start();
    refused.actor.send({ type: 'SWAP.REFUSED', detail: 'remote link is down' });
    expect(detail(refused.out)).toMatch(/reverse resync refused: remote link is down/);
    const failed = start();
    failed.actor.send({ type: 'SWAP.ACCEPTED' });
    failed.actor.send({ type: 'PAIR.STATE', state: 'PSUE' });
    expect(detail(failed.out)).toMatch(/reverse resync failed: the data pair went PSUE/);
  });

  it('should restart the application at the standby when the switch back is refused', () => {
    const { actor, out } = start({ pairState: 'PAIR', primaryAtStandby: true });
    actor.send({ type: 'HB.READY' });
    actor.send({ type: 'APP.STOPPED' });
    actor.send({ type: 'TAKEOVER.REFUSED', detail: 'remote link is down' });
    expect(types(out)).toContain('standby.startApp');
    expect(detail(out)).toMatch(/switch back refused: remote link is down/);
  });

  it('should go on with the switch when the standby application does not confirm its stop', () => {
    const { clock, actor, out } = start({
      pairState: 'PAIR',
      primaryAtStandby: true,
      appTimeout: 4000
    });
    actor.send({ type: 'HB.READY' });
    clock.runUntil(3999);
    expect(types(out).at(-1)).toBe('standby.stopApp');
    clock.runUntil(4000);
    expect(types(out).at(-1)).toBe('pair.switchBack');
  });

  it('should refuse when the heartbeat pairs cannot be resynchronized', () => {
    const { actor, out } = start({ pairState: 'PAIR', primaryAtStandby: true });
    actor.send({ type: 'HB.FAILED', detail: 'hb-pair: remote link is down' });
    expect(detail(out)).toMatch(/heartbeat pair resync failed: hb-pair: remote link is down/);
  });

  it('should refuse when the quorum lease never comes free', () => {
    const { clock, actor, out } = start({ pairState: 'PAIR', primaryAtStandby: true });
    actor.send({ type: 'HB.READY' });
    actor.send({ type: 'APP.STOPPED' });
    actor.send({ type: 'TAKEOVER.DONE', kind: 'swap-takeover', lostWrites: 0 });
    clock.runUntil(7000);
    expect(detail(out)).toMatch(/quorum lease did not come free within 7000 ms/);
  });
});
