import { createActor } from 'xstate';
import { autoResyncMachine, type AutoResyncEmitted } from '../../machines/autoResyncMachine';
import { createSimClock } from '../../sim';

/**
 * The machine against a fake array: `suspended` says which P-VOLs are PSUE, `linkUp` whether a
 * resync is accepted (an accepted resync takes the volume out of PSUE).
 */
function start(options: { suspended: string[]; linkUp: boolean; answers?: boolean }) {
  const clock = createSimClock();
  const array = { suspended: new Set(options.suspended), linkUp: options.linkUp };
  const actor = createActor(autoResyncMachine, {
    clock,
    input: { group: 'app', checkInterval: 1000, answerTimeout: 2000 }
  });
  const out: Array<AutoResyncEmitted & { at: number }> = [];
  const answers = options.answers ?? true;
  actor.on('*', (e) => out.push({ ...e, at: clock.now() }));
  actor.on('pairs.query', () => {
    if (!answers) return;
    clock.setTimeout(
      () => actor.send({ type: 'PAIRS.ANSWER', suspended: [...array.suspended] }),
      1
    );
  });
  actor.on('resync.request', ({ volume }) => {
    clock.setTimeout(() => {
      if (array.linkUp) {
        array.suspended.delete(volume);
        actor.send({ type: 'RESYNC.ACCEPTED', volume });
      } else actor.send({ type: 'RESYNC.REFUSED', volume, detail: 'remote link is down' });
    }, 1);
  });
  actor.start();
  return { clock, actor, array, out };
}

const resyncs = (out: Array<AutoResyncEmitted & { at: number }>) =>
  out.flatMap((e) => (e.type === 'resync.request' ? [[e.at, e.volume]] : []));

describe('autoResyncMachine', () => {
  it('should do nothing until started', () => {
    const { clock, actor, out } = start({ suspended: ['prod-data'], linkUp: true });
    clock.runUntil(10_000);
    expect(out).toEqual([]);
    expect(actor.getSnapshot().value).toBe('idle');
  });

  it('should ask its array every checkInterval and resync each P-VOL in PSUE', () => {
    const { clock, actor, array, out } = start({
      suspended: ['prod-data', 'prod-hb'],
      linkUp: true
    });
    actor.send({ type: 'START' });
    clock.runUntil(1500);
    expect(resyncs(out)).toEqual([
      [1001, 'prod-data'],
      [1001, 'prod-hb']
    ]);
    expect(array.suspended.size).toBe(0);
    expect(out.filter((e) => e.type === 'note').map((e) => e.type === 'note' && e.text)).toEqual([
      'app: auto-resync of prod-data accepted (the link is back)',
      'app: auto-resync of prod-hb accepted (the link is back)'
    ]);
    clock.runUntil(5000);
    // Nothing suspended any more: it keeps asking, and asks for no resync.
    expect(out.filter((e) => e.type === 'pairs.query').map((e) => e.at)).toEqual([
      1000, 2002, 3003, 4004
    ]);
    expect(resyncs(out)).toHaveLength(2);
    expect(actor.getSnapshot().value).toBe('waiting');
  });

  it('should ask again at every check while the array refuses (link down), narrating once', () => {
    const { clock, actor, array, out } = start({ suspended: ['prod-data'], linkUp: false });
    actor.send({ type: 'START' });
    clock.runUntil(3500);
    expect(resyncs(out).map(([at]) => at)).toEqual([1001, 2003, 3005]);
    expect(out.filter((e) => e.type === 'note')).toHaveLength(1);
    expect(out.find((e) => e.type === 'note')).toMatchObject({
      text: 'app: auto-resync of prod-data refused (remote link is down); asking again every 1000 ms'
    });
    // The link comes back: the next check's resync is accepted, and the pair left alone after.
    array.linkUp = true;
    clock.runUntil(6000);
    expect(array.suspended.size).toBe(0);
    expect(resyncs(out).map(([at]) => at)).toEqual([1001, 2003, 3005, 4007]);
  });

  it('should give a check up when the array does not answer, and try again later', () => {
    const { clock, actor, out } = start({ suspended: ['prod-data'], linkUp: true, answers: false });
    actor.send({ type: 'START' });
    clock.runUntil(2500);
    expect(actor.getSnapshot().value).toBe('querying');
    clock.runUntil(3500);
    // Given up at 1000 + 2000, then waiting for the next check.
    expect(actor.getSnapshot().value).toBe('waiting');
    clock.runUntil(4500);
    expect(out.filter((e) => e.type === 'pairs.query').map((e) => e.at)).toEqual([1000, 4000]);
  });

  it('should stop on STOP and forget the resyncs it was waiting for', () => {
    const { clock, actor, out } = start({ suspended: ['prod-data'], linkUp: true });
    actor.send({ type: 'START' });
    clock.runUntil(500);
    actor.send({ type: 'STOP' });
    clock.runUntil(10_000);
    expect(out).toEqual([]);
    expect(actor.getSnapshot().value).toBe('idle');
    expect(actor.getSnapshot().context.pending).toEqual([]);
  });
});

describe('autoResyncMachine: narration', () => {
  it('should start with nothing pending or refused', () => {
    const { actor } = start({ suspended: [], linkUp: true });
    expect(actor.getSnapshot().context).toMatchObject({ pending: [], refused: {} });
  });

  it('should narrate a refusal again after an accepted resync of the same volume', () => {
    const { clock, actor, array, out } = start({ suspended: ['prod-data'], linkUp: false });
    actor.send({ type: 'START' });
    clock.runUntil(1500);
    array.linkUp = true;
    clock.runUntil(2500);
    expect(actor.getSnapshot().context.refused).toEqual({});
    // Suspended again, with the link down again.
    array.suspended.add('prod-data');
    array.linkUp = false;
    clock.runUntil(3500);
    expect(out.flatMap((e) => (e.type === 'note' ? [e.text] : []))).toEqual([
      'app: auto-resync of prod-data refused (remote link is down); asking again every 1000 ms',
      'app: auto-resync of prod-data accepted (the link is back)',
      'app: auto-resync of prod-data refused (remote link is down); asking again every 1000 ms'
    ]);
  });
});
