/**
 * The trace's hash-only path builds each line's JSON text directly: it must hash exactly what
 * the full trace serializes, for every event shape (payloads, empty and dropped fields, actor
 * references, key orders the shortcut does not take).
 */
import { createActor, setup, type AnyActorRef } from 'xstate';
import { buildWorld } from '../../bench/workloads';
import { createSimulation } from '../../sim';
import { createTrace, serializeLine, type TraceMode } from '../../sim/createTrace';

const echo = setup({
  types: { events: {} as { type: string; [key: string]: unknown } }
}).createMachine({
  initial: 'a',
  states: { a: { on: { '*': 'b' } }, b: { on: { '*': 'a' } } }
});

function hashOf(mode: TraceMode, events: { type: string; [key: string]: unknown }[]) {
  const trace = createTrace({ mode });
  const actor = createActor(echo, { id: 'echo', inspect: trace.inspector(() => 7) }).start();
  for (const e of events) actor.send(e);
  actor.stop();
  return { hash: trace.hash(), lines: trace.lines };
}

describe('trace hash', () => {
  it('should hash the same text in hash mode as the full trace serializes', () => {
    const ref: AnyActorRef = createActor(echo, { id: 'other' });
    const events = [
      { type: 'PLAIN' },
      { type: 'WITH', serial: 4, data: 'x"y', nested: { a: [1, 2] } },
      { type: 'DROPPED', fn: () => 1, gone: undefined },
      { type: 'MIXED', fn: () => 1, kept: null },
      { type: 'REF', who: ref },
      { 1: 'numeric key first', type: 'NUMERIC' },
      { data: 'type not first', type: 'LATE' }
    ];
    const full = hashOf('full', events);
    expect(hashOf('hash', events).hash).toBe(full.hash);
    // The full trace's lines are the texts hashed: spot-check two shapes.
    const texts = full.lines.map(serializeLine);
    expect(texts).toContain('{"t":7,"actor":"echo","type":"DROPPED","payload":{},"state":"b"}');
    expect(texts).toContain(
      '{"t":7,"actor":"echo","type":"REF","payload":{"who":{"xstate$$type":1,"id":"other"}},"state":"b"}'
    );
  });

  it('should hash stream-level lines in hash mode as the full trace serializes them', () => {
    const ref: AnyActorRef = createActor(echo, { id: 'volume-actor' });
    const hashWith = (mode: TraceMode) => {
      const sim = createSimulation({ trace: mode });
      sim.record('prod-data', 'write-acked', { writer: 'prod-1', writeSeq: 3, block: 1 });
      sim.record('network', 'packet-delivered');
      sim.record('x', 'odd', { fn: () => 1, gone: undefined }, { state: 'a' });
      sim.record('x', 'ref', { who: ref });
      sim.record('x', 'fn', () => 1);
      return sim.trace.hash();
    };
    expect(hashWith('hash')).toBe(hashWith('full'));
  });

  it('should give the full trace hash of a two-site run in hash mode', () => {
    const run = (mode: TraceMode) => {
      const { sim } = buildWorld(2, mode, 3);
      sim.runUntil(20_000);
      const out = { hash: sim.trace.hash(), count: sim.trace.count };
      sim.stop();
      return out;
    };
    const full = run('full');
    expect(full.count).toBeGreaterThan(1000);
    expect(run('hash')).toEqual(full);
  });
});
