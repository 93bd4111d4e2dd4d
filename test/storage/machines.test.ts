import type { AnyStateMachine } from 'xstate';
import { linkMachine } from '../../machines/linkMachine';
import { networkMachine } from '../../machines/networkMachine';
import {
  pairMachine,
  pairStateOf,
  type PairMachineEmitted,
  type PairMachineEvent,
  type PairMachineInput
} from '../../machines/pairMachine';
import { storageMachine } from '../../machines/storageMachine';
import type { PairCommand } from '../../model/storageTypes';
import { createSimulation } from '../../sim';

const INPUT: PairMachineInput = {
  id: 'p',
  primary: 'a',
  secondary: 'b',
  mode: 'sync',
  fenceLevel: 'data',
  initialState: 'PAIR',
  initialCopyTime: 500,
  blockCopyTime: 5
};

const REACH = { linkUp: true, primaryUp: true, secondaryUp: true };

function spawnPair(input: Partial<PairMachineInput> = {}, machine = pairMachine) {
  const sim = createSimulation({ trace: 'off' });
  const actor = sim.spawn(machine, { id: 'p', input: { ...INPUT, ...input } });
  const emitted: PairMachineEmitted[] = [];
  actor.on('*', (e) => emitted.push(e as PairMachineEmitted));
  return { sim, actor, emitted };
}

function commandEvent(cmd: PairCommand, ref: number, onSecondary = true): PairMachineEvent {
  switch (cmd) {
    case 'create':
      return { type: 'CREATE', ref, ...REACH };
    case 'split':
      return { type: 'SPLIT', ref };
    case 'resync':
      return { type: 'RESYNC', ref, dirtyBlocks: 1, ...REACH };
    case 'swap':
      return { type: 'SWAP', ref, dirtyBlocks: 1, ...REACH };
    case 'delete':
      return { type: 'DELETE', ref };
    case 'takeover':
      return { type: 'TAKEOVER', ref, onSecondary, journalUsed: 0, ...REACH };
  }
}

/**
 * Every action and guard referenced in a machine's JSON, by name. An inline function would
 * serialize as null (in an array) or vanish, so a readable machine lists only declared names.
 */
function references(json: unknown, out = { actions: [] as unknown[], guards: [] as unknown[] }) {
  if (Array.isArray(json)) {
    for (const item of json) references(item, out);
  } else if (json && typeof json === 'object') {
    for (const [key, value] of Object.entries(json)) {
      if ((key === 'entry' || key === 'exit' || key === 'actions') && Array.isArray(value)) {
        out.actions.push(...value);
      } else if (key === 'guard') {
        out.guards.push(value);
      }
      references(value, out);
    }
  }
  return out;
}

const DELAY_BUILTINS = ['xstate.raise', 'xstate.cancel'];

const nameOf = (ref: unknown) =>
  typeof ref === 'string' ? ref : ((ref as { type?: string } | null)?.type ?? String(ref));

describe('storage statecharts', () => {
  it.each([
    ['storageMachine', storageMachine],
    ['linkMachine', linkMachine],
    ['networkMachine', networkMachine],
    ['pairMachine', pairMachine]
  ] as [string, AnyStateMachine][])(
    'should serialize %s with named actions and guards only',
    (_, m) => {
      const json = JSON.parse(JSON.stringify(m.toJSON())) as unknown;
      const { actions, guards } = references(json);
      const impl = m.implementations as { actions: object; guards: object };
      expect(actions.length).toBeGreaterThan(0);
      for (const action of actions) {
        const name = nameOf(action);
        // The raise / cancel behind an `after` delay are XState's own; anything else is named.
        if (!DELAY_BUILTINS.includes(name)) expect(Object.keys(impl.actions)).toContain(name);
      }
      for (const guard of guards) {
        const name = nameOf(guard);
        // Combinators (and/or/not) serialize as their xstate type around named guards.
        if (!name.startsWith('xstate.')) expect(Object.keys(impl.guards)).toContain(name);
      }
    }
  );

  it('should let the copy time be overridden with provide({ delays })', () => {
    const fast = pairMachine.provide({ delays: { copyTime: 7 } });
    const { sim, actor } = spawnPair({ initialState: 'SMPL' }, fast);
    actor.send(commandEvent('create', 1));
    expect(pairStateOf(actor.getSnapshot().value)).toBe('COPY');
    sim.runUntil(6);
    expect(pairStateOf(actor.getSnapshot().value)).toBe('COPY');
    sim.runUntil(7);
    expect(pairStateOf(actor.getSnapshot().value)).toBe('PAIR');
  });

  it.each([
    ['sync', 'data', false, { PSUE: 'fenced' }],
    ['sync', 'data', true, { PSUE: 'fenced' }],
    ['sync', 'status', false, { PSUE: 'fenced' }],
    ['sync', 'status', true, { PSUE: 'tracking' }],
    ['sync', 'never', false, { PSUE: 'tracking' }],
    ['async', 'data', false, { PSUE: 'tracking' }]
  ] as const)(
    'should suspend a %s pair with fence %s (remote answered: %s) into %j',
    (mode, fenceLevel, remoteAnswered, expected) => {
      const { actor } = spawnPair({ mode, fenceLevel });
      actor.send({ type: 'COPY_FAILED', reason: 'x', remoteAnswered, journalUsed: 0 });
      expect(actor.getSnapshot().value).toEqual(expected);
      expect(actor.getSnapshot().hasTag('pvol-fenced')).toBe(
        (expected.PSUE as string) === 'fenced'
      );
    }
  );

  it('should answer every command exactly once in every state, including mid-swap', () => {
    const setups: Record<string, (a: ReturnType<typeof spawnPair>['actor']) => void> = {
      SMPL: (a) => a.send({ type: 'DELETE', ref: 0 }),
      COPY: (a) => {
        a.send({ type: 'DELETE', ref: 0 });
        a.send(commandEvent('create', 0));
      },
      PAIR: () => undefined,
      swapping: (a) => a.send(commandEvent('takeover', 0)),
      PSUS: (a) => a.send({ type: 'SPLIT', ref: 0 }),
      PSUE: (a) => a.send({ type: 'PATH_LOST', reason: 'x', lost: 'link', journalUsed: 0 }),
      SSWS: (a) => {
        a.send({ type: 'SPLIT', ref: 0 });
        a.send(commandEvent('takeover', 0));
      }
    };
    const commands: PairCommand[] = ['create', 'split', 'resync', 'swap', 'delete', 'takeover'];
    for (const [name, prepare] of Object.entries(setups)) {
      for (const cmd of commands) {
        for (const onSecondary of [true, false]) {
          const { actor, emitted } = spawnPair();
          prepare(actor);
          emitted.length = 0;
          actor.send(commandEvent(cmd, 42, onSecondary));
          const outcomes = emitted.filter((e) => e.type !== 'pair-state');
          expect({ name, cmd, onSecondary, n: outcomes.length }).toEqual({
            name,
            cmd,
            onSecondary,
            n: 1
          });
          expect(outcomes[0]).toMatchObject({ ref: 42 });
        }
      }
    }
  });

  it('should keep link degradation across a cut and clear it on demand', () => {
    const sim = createSimulation({ trace: 'off' });
    const link = sim.spawn(linkMachine, { id: 'l', input: { latency: 2, jitter: 0, loss: 0 } });
    link.send({ type: 'CUT' });
    link.send({ type: 'DEGRADE', loss: 0.5 });
    link.send({ type: 'RESTORE' });
    expect(link.getSnapshot().value).toBe('degraded');
    link.send({ type: 'CLEAR' });
    expect(link.getSnapshot().value).toBe('up');
  });
});
