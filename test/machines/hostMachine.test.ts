import { createActor } from 'xstate';
import { hostMachine } from '../../machines/hostMachine';

function start() {
  const actor = createActor(hostMachine, { input: { site: 'production', group: 'app' } });
  actor.start();
  return actor;
}

describe('hostMachine', () => {
  it('should start up, with no clock offset and no crash', () => {
    const actor = start();
    expect(actor.getSnapshot().value).toBe('up');
    expect(actor.getSnapshot().context).toEqual({
      site: 'production',
      group: 'app',
      clockOffset: 0,
      crashes: 0
    });
  });

  it('should hang and resume without counting a crash', () => {
    const actor = start();
    actor.send({ type: 'HANG' });
    expect(actor.getSnapshot().value).toBe('hung');
    actor.send({ type: 'RECOVER' });
    expect(actor.getSnapshot().value).toBe('hung');
    actor.send({ type: 'RESUME' });
    expect(actor.getSnapshot().value).toBe('up');
    expect(actor.getSnapshot().context.crashes).toBe(0);
  });

  it('should count each crash, from up or hung, and recover only from crashed', () => {
    const actor = start();
    actor.send({ type: 'CRASH' });
    expect(actor.getSnapshot().value).toBe('crashed');
    actor.send({ type: 'RESUME' });
    actor.send({ type: 'CRASH' });
    expect(actor.getSnapshot().value).toBe('crashed');
    expect(actor.getSnapshot().context.crashes).toBe(1);
    actor.send({ type: 'RECOVER' });
    actor.send({ type: 'HANG' });
    actor.send({ type: 'CRASH' });
    expect(actor.getSnapshot().value).toBe('crashed');
    expect(actor.getSnapshot().context.crashes).toBe(2);
  });

  it('should take a clock skew in any state, the last one winning', () => {
    const actor = start();
    actor.send({ type: 'SKEW', offset: 250 });
    expect(actor.getSnapshot().context.clockOffset).toBe(250);
    actor.send({ type: 'CRASH' });
    actor.send({ type: 'SKEW', offset: -40 });
    expect(actor.getSnapshot().context.clockOffset).toBe(-40);
    expect(actor.getSnapshot().value).toBe('crashed');
  });
});
