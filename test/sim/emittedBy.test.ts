import { createActor, emit, setup } from 'xstate';
import { emittedBy } from '../../sim/emittedBy';

type Emitted = { type: 'ping'; n: number } | { type: 'pong'; text: string } | { type: 'quiet' };

const talker = setup({
  types: {
    events: {} as { type: 'PING'; n: number } | { type: 'PONG' } | { type: 'HUSH' },
    emitted: {} as Emitted
  }
}).createMachine({
  on: {
    PING: {
      actions: emit(({ event }) => ({
        type: 'ping' as const,
        n: event.type === 'PING' ? event.n : 0
      }))
    },
    PONG: {
      actions: [emit({ type: 'pong' as const, text: 'a' }), emit({ type: 'ping' as const, n: 9 })]
    },
    HUSH: { actions: emit({ type: 'quiet' as const }) }
  }
});

describe('emittedBy', () => {
  it('should hand each emitted event to the handler of its type, in emission order', () => {
    const actor = createActor(talker).start();
    const on = emittedBy(actor);
    const heard: string[] = [];
    on('ping', (e) => heard.push(`ping ${e.n}`));
    on('pong', (e) => heard.push(`pong ${e.text}`));
    actor.send({ type: 'PING', n: 1 });
    actor.send({ type: 'PONG' });
    expect(heard).toEqual(['ping 1', 'pong a', 'ping 9']);
  });

  it('should ignore events no handler is registered for', () => {
    const actor = createActor(talker).start();
    const heard: string[] = [];
    emittedBy(actor)('ping', (e) => heard.push(`ping ${e.n}`));
    actor.send({ type: 'HUSH' });
    actor.send({ type: 'PING', n: 2 });
    expect(heard).toEqual(['ping 2']);
  });

  it('should run a second handler of the same type after the first', () => {
    const actor = createActor(talker).start();
    const on = emittedBy(actor);
    const heard: string[] = [];
    on('ping', (e) => heard.push(`first ${e.n}`));
    on('ping', (e) => heard.push(`second ${e.n}`));
    actor.send({ type: 'PING', n: 3 });
    expect(heard).toEqual(['first 3', 'second 3']);
  });

  it('should add one XState listener per router, however many types it carries', () => {
    const actor = createActor(talker).start();
    const added: string[] = [];
    const on = actor.on.bind(actor);
    actor.on = ((type, handler) => {
      added.push(type);
      return on(type, handler);
    }) as typeof actor.on;
    const route = emittedBy(actor);
    route('ping', () => undefined);
    route('pong', () => undefined);
    route('quiet', () => undefined);
    expect(added).toEqual(['*']);
  });

  it('should hear nothing once the actor is stopped', () => {
    const actor = createActor(talker).start();
    const heard: number[] = [];
    emittedBy(actor)('ping', (e) => heard.push(e.n));
    actor.send({ type: 'PING', n: 1 });
    actor.stop();
    actor.send({ type: 'PING', n: 2 });
    expect(heard).toEqual([1]);
  });
});
