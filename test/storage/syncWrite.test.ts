import { createHarness, errorOf, okValue } from './harness';

describe('sync remote copy', () => {
  it('should acknowledge a PAIR write after service time plus the link round trip', () => {
    // Defaults: serviceTime 1 ms, one-way latency 2 ms, no jitter or loss.
    const h = createHarness();
    h.advance(100);
    const w = h.write('prod-data', 7, 'hello');
    h.advance(2);
    expect(w.result).toBeUndefined();
    expect(h.side.peekBlock('standby-data', 7)).toBeUndefined();
    h.advance(1); // t = 103: copy applied at the S-VOL (serviceTime + latency)
    expect(h.side.peekBlock('standby-data', 7)).toMatchObject({ data: 'hello', at: 103 });
    expect(w.result).toBeUndefined();
    h.advance(2); // t = 105: acknowledged (serviceTime + 2 × latency)
    expect(w.result).toEqual({ ok: true, value: undefined });
    expect(w.at).toBe(105);
    expect(w.completed).toBe(true);
    expect(h.side.peekBlock('prod-data', 7)).toEqual({
      data: 'hello',
      writer: 'prod-1',
      at: 105,
      writeSeq: 1
    });
  });

  it('should scale the acknowledgement time with the link latency', () => {
    const h = createHarness({ remoteCopy: { latency: 10 }, storage: { serviceTime: 3 } });
    const w = h.write('prod-data', 0, 'x');
    h.advance(100);
    expect(w.at).toBe(3 + 2 * 10);
  });

  it('should number writes per writer and keep the S-VOL a prefix of the P-VOL', () => {
    const h = createHarness();
    for (let i = 0; i < 5; i++) h.write('prod-data', i, i, 'prod-1');
    h.write('prod-data', 9, 'other', 'prod-2');
    h.advance(4); // copies applied at t = 3, acknowledgements not yet back
    expect(h.side.highWater('standby-data', 'prod-1')).toBe(5);
    expect(h.side.highWater('prod-data', 'prod-1')).toBe(0);
    h.advance(10);
    expect(h.side.highWater('prod-data', 'prod-1')).toBe(5);
    expect(h.side.highWater('prod-data', 'prod-2')).toBe(1);
    expect(h.side.highWater('standby-data', 'prod-2')).toBe(1);
    expect(h.side.countersOf('data-pair')).toEqual({
      writesAcknowledged: 6,
      writesFailed: 0,
      copied: 6,
      pending: 0,
      lost: 0
    });
  });

  it('should publish write-acked and copy-applied events and trace them', () => {
    const h = createHarness();
    h.write('prod-data', 3, 'a');
    h.advance(10);
    expect(h.eventsOf('copy-applied')).toEqual([
      {
        kind: 'copy-applied',
        at: 3,
        pair: 'data-pair',
        volume: 'standby-data',
        writer: 'prod-1',
        writeSeq: 1,
        block: 3
      }
    ]);
    expect(h.eventsOf('write-acked')).toEqual([
      { kind: 'write-acked', at: 5, volume: 'prod-data', writer: 'prod-1', writeSeq: 1, block: 3 }
    ]);
    const lines = h.sim.trace.lines.filter(
      (l) => l.type === 'copy-applied' || l.type === 'write-acked'
    );
    expect(lines.map((l) => [l.t, l.actor, l.type])).toEqual([
      [3, 'standby-data', 'copy-applied'],
      [5, 'prod-data', 'write-acked']
    ]);
  });

  it('should keep the S-VOL read-only while paired but readable', () => {
    const h = createHarness();
    h.write('prod-data', 1, 'p');
    h.advance(10);
    const w = h.write('standby-data', 1, 'intruder', 'standby-1');
    const r = h.read('standby-data', 1);
    h.advance(10);
    expect(errorOf(w)).toBe('read-only');
    expect(w.at).toBe(11);
    expect(okValue(r)).toMatchObject({ data: 'p', writer: 'prod-1' });
    expect(r.at).toBe(11);
    expect(h.side.counters().writesFailed).toBe(1);
    expect(h.eventsOf('write-failed')).toEqual([
      {
        kind: 'write-failed',
        at: 11,
        volume: 'standby-data',
        writer: 'standby-1',
        error: 'read-only'
      }
    ]);
  });

  it('should answer reads and pair status after the service time', () => {
    const h = createHarness({ storage: { serviceTime: 4 } });
    const r = h.read('prod-data', 42);
    const s = h.capture(h.standby.pairStatus('standby-hb'));
    h.advance(3);
    expect(r.result).toBeUndefined();
    h.advance(1);
    expect(okValue(r)).toBeUndefined();
    expect(okValue(s)).toEqual({
      pair: 'hb-pair',
      state: 'PAIR',
      primary: 'prod-hb',
      secondary: 'standby-hb',
      role: 'S',
      mode: 'sync',
      fenceLevel: 'data',
      journalUsed: 0
    });
    expect(h.side.pairView('hb-pair').role).toBe('P');
  });

  it('should refuse I/O to a volume the subsystem does not hold', () => {
    const h = createHarness();
    const w = h.capture(h.prod.write('standby-data', 0, 'x', 'prod-1'));
    const r = h.capture(h.standby.read('nope', 0));
    h.advance(5);
    expect(errorOf(w)).toBe('no-such-volume');
    expect(errorOf(r)).toBe('no-such-volume');
  });

  it('should fail reads and writes on a volume with an injected I/O error', () => {
    const h = createHarness();
    h.prod.ioError('prod-data', true);
    const w = h.write('prod-data', 0, 'x');
    const r = h.read('prod-data', 0);
    h.advance(5);
    expect(errorOf(w)).toBe('io-error');
    expect(errorOf(r)).toBe('io-error');
    expect(h.state()).toBe('PAIR');
    h.prod.ioError('prod-data', false);
    const again = h.write('prod-data', 0, 'x');
    h.advance(10);
    expect(okValue(again)).toBeUndefined();
    expect(() => h.prod.ioError('standby-data', true)).toThrow(/not held/);
  });

  it('should deliver copies in order even with jitter', () => {
    const h = createHarness({ remoteCopy: { jitter: 5 } });
    for (let i = 1; i <= 20; i++) h.write('prod-data', 0, i);
    h.advance(200);
    const applied = h.eventsOf('copy-applied').map((e) => e.writeSeq);
    expect(applied).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const times = h.eventsOf('copy-applied').map((e) => e.at);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(h.side.peekBlock('standby-data', 0)?.data).toBe(20);
    expect(h.side.peekBlock('prod-data', 0)?.data).toBe(20);
  });

  it('should write unpaired volumes locally', () => {
    const h = createHarness({
      volumes: [{ id: 'standby-scratch', site: 'standby', kind: 'data' }]
    });
    const w = h.write('standby-scratch', 0, 's', 'standby-1');
    const st = h.capture(h.standby.pairStatus('standby-scratch'));
    h.advance(5);
    expect(w.at).toBe(1);
    expect(okValue(st)).toMatchObject({ pair: '', state: 'SMPL', role: 'P' });
    expect(h.side.storageOf('standby-scratch').id).toBe('standby-storage');
    expect(h.side.counters()).toMatchObject({ writesAcknowledged: 1, copied: 0, pending: 0 });
  });
});
