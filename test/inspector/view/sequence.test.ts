import { catalogue, findScenario } from '../../../scenarios/catalogue';
import {
  addToSequence,
  createSequenceModel,
  messageKind
} from '../../../inspector/view/sequenceModel';
import {
  createSequenceIndex,
  renderSequenceRows,
  updateSequenceIndex
} from '../../../inspector/view/sequenceSvg';
import { runScenario } from '../../../world/runScenario';

describe('sequence diagram', () => {
  it('should read a control message’s kind from its payload, whatever the kind', () => {
    expect(messageKind({ from: 'standby-1', to: 'prod-1', kind: 'fence' })).toBe('fence');
    expect(
      messageKind({ from: 'a', to: 'b', message: { kind: 'hb-activate', group: 'app' } })
    ).toBe('hb-activate');
    expect(messageKind({ from: 'a', to: 'b', payload: { type: 'takeover-request' } })).toBe(
      'takeover-request'
    );
    expect(messageKind({ from: 'a', to: 'b', sentAt: 3 })).toBeUndefined();
  });

  it('should label a network packet by the kind it carries', () => {
    const model = createSequenceModel();
    addToSequence(model, {
      t: 5,
      actor: 'network',
      type: 'packet-delivered',
      payload: { from: 'standby-1', to: 'prod-1', sentAt: 4, kind: 'fence-ack' }
    });
    expect(model.messages[0]).toMatchObject({ label: 'fence-ack', topic: 'fence-ack', recvAt: 5 });
    expect(model.topics.has('fence-ack')).toBe(true);
  });

  it('should label every packet of a real run by what it carries: fences, heartbeats with their serial', () => {
    const run = runScenario(findScenario('tour', catalogue), { trace: 'full' });
    const model = createSequenceModel();
    for (const line of run.lines) addToSequence(model, line);
    const network = model.messages.filter((m) => m.kind === 'network');
    expect(network.length).toBeGreaterThan(100);
    // The standby's fence requests to the crashed production host (never answered).
    const fences = network.filter((m) => m.label === 'fence');
    expect(fences.length).toBeGreaterThan(0);
    expect(fences.every((m) => m.from === 'standby-1' && m.to === 'prod-1')).toBe(true);
    expect(network.some((m) => /^hb #\d+$/.test(m.label) && m.topic === 'heartbeat')).toBe(true);
    // Heartbeats lost in the partition are named too.
    expect(network.some((m) => m.label === 'hb (lost)' && m.recvAt === null)).toBe(true);
    expect(network.filter((m) => m.label === 'packet' || m.label === 'lost')).toEqual([]);
  });

  it('should draw the tour’s takeover and pair swap, and only the rows asked for', () => {
    const run = runScenario(findScenario('tour', catalogue), { trace: 'full' });
    const model = createSequenceModel();
    for (const line of run.lines) addToSequence(model, line);
    const takeovers = model.messages.filter((m) => m.topic === 'takeover');
    expect(takeovers.map((m) => m.label)).toEqual(['takeover data-pair', 'swap-takeover']);
    expect(model.notes.some((n) => n.kind === 'storage' && /data-pair swapped/.test(n.text))).toBe(
      true
    );
    const index = createSequenceIndex();
    updateSequenceIndex(index, model);
    expect(index.times.length).toBeGreaterThan(500);
    const svg = renderSequenceRows(index, model.lifelines, 100, 130, { width: 900 });
    expect(svg).toContain('data-row-from="100" data-row-to="130"');
    const rows = (svg.match(/<text x="4"/g) ?? []).length;
    expect(rows).toBeLessThanOrEqual(30);
    const filtered = createSequenceIndex({ topic: 'takeover' });
    updateSequenceIndex(filtered, model);
    expect(filtered.messages).toHaveLength(2);
  });
});
