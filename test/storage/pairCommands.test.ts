import type { PairCommand, PairState } from '../../model/storageTypes';
import { createHarness, DATA_PAIR, errorOf, okValue, type Harness } from './harness';

type Start = 'SMPL' | 'COPY' | 'PAIR' | 'PSUS' | 'PSUE' | 'SSWS';

/** Build a harness whose data pair is in `state` with the link up and both subsystems up. */
function inState(state: Start): Harness {
  const h = createHarness({
    pairs: [{ ...DATA_PAIR, initialState: state === 'SMPL' || state === 'COPY' ? 'SMPL' : 'PAIR' }]
  });
  switch (state) {
    case 'COPY':
      h.command('prod-data', 'create');
      break;
    case 'PSUS':
      h.command('prod-data', 'split');
      break;
    case 'PSUE':
      h.side.link.cut();
      h.side.link.restore();
      break;
    case 'SSWS':
      h.command('prod-data', 'split');
      h.advance(5);
      h.command('standby-data', 'takeover');
      break;
  }
  h.advance(5);
  expect(h.state()).toBe(state);
  return h;
}

/** Where each command is naturally issued: takeover and swap at the S-VOL's site. */
const issuedOn = (cmd: PairCommand) =>
  cmd === 'takeover' || cmd === 'swap' ? 'standby-data' : 'prod-data';

// Expected outcome per state × command: the resulting state, or 'refused'.
const table: Record<Start, Record<PairCommand, PairState | 'refused'>> = {
  SMPL: {
    create: 'COPY',
    split: 'refused',
    resync: 'refused',
    swap: 'refused',
    delete: 'refused',
    takeover: 'refused'
  },
  COPY: {
    create: 'refused',
    split: 'PSUS',
    resync: 'refused',
    swap: 'refused',
    delete: 'SMPL',
    takeover: 'refused'
  },
  PAIR: {
    create: 'refused',
    split: 'PSUS',
    resync: 'refused',
    swap: 'refused',
    delete: 'SMPL',
    takeover: 'PAIR'
  },
  PSUS: {
    create: 'refused',
    split: 'refused',
    resync: 'COPY',
    swap: 'refused',
    delete: 'SMPL',
    takeover: 'SSWS'
  },
  PSUE: {
    create: 'refused',
    split: 'refused',
    resync: 'COPY',
    swap: 'refused',
    delete: 'SMPL',
    takeover: 'SSWS'
  },
  SSWS: {
    create: 'refused',
    split: 'refused',
    resync: 'refused',
    swap: 'COPY',
    delete: 'SMPL',
    takeover: 'SSWS'
  }
};

// What a takeover issued on the S-VOL reports, where it is accepted.
const takeoverKind: Partial<Record<Start, string>> = {
  PAIR: 'swap-takeover',
  PSUS: 'svol-takeover',
  PSUE: 'svol-takeover',
  SSWS: 'nop-takeover'
};

const cases = (Object.keys(table) as Start[]).flatMap((state) =>
  (Object.keys(table[state]) as PairCommand[]).map(
    (cmd) => [state, cmd, table[state][cmd]] as const
  )
);

describe('pair commands', () => {
  it.each(cases)('should answer %s + %s with %s', (state, cmd, expected) => {
    const h = inState(state);
    const before = h.side.pairView('data-pair');
    const issuedAt = h.sim.now();
    const c = h.command(issuedOn(cmd), cmd);
    h.advance(1); // service time; a swap-takeover takes a link round trip more
    if (cmd === 'takeover' && state === 'PAIR') h.advance(4);
    expect(c.result).toBeDefined();
    if (expected === 'refused') {
      expect(errorOf(c)).toBe('refused');
      expect(c.result && !c.result.ok && c.result.detail).toMatch(/\w/);
      expect(h.state()).toBe(state);
      if (cmd === 'takeover') {
        expect(h.eventsOf('takeover').at(-1)).toMatchObject({
          result: 'refused',
          at: issuedAt + 1
        });
      }
    } else {
      expect(okValue(c)).toBe(cmd === 'takeover' ? takeoverKind[state] : expected);
      expect(h.state()).toBe(expected);
      if (expected !== state) {
        expect(h.eventsOf('pair-state').at(-1)).toMatchObject({
          pair: 'data-pair',
          from: state,
          to: expected,
          at: issuedAt + 1
        });
      }
    }
    // Every transition except a swap reverses roles only on swap / swap-takeover.
    const after = h.side.pairView('data-pair');
    const swapped =
      (cmd === 'takeover' && state === 'PAIR') || (cmd === 'swap' && state === 'SSWS');
    expect(after.primary).toBe(swapped ? before.secondary : before.primary);
  });

  it('should take initialCopyTime to go from COPY to PAIR, then hold the P-VOL data', () => {
    const h = createHarness({
      pairs: [{ ...DATA_PAIR, initialState: 'SMPL' }],
      remoteCopy: { initialCopyTime: 300 }
    });
    h.write('prod-data', 1, 'before');
    h.write('standby-data', 2, 'standby junk', 'standby-1');
    h.advance(10);
    const c = h.command('prod-data', 'create');
    h.advance(1);
    expect(okValue(c)).toBe('COPY');
    h.write('prod-data', 3, 'during copy');
    h.advance(299);
    expect(h.state()).toBe('COPY');
    expect(h.side.peekBlock('standby-data', 1)).toBeUndefined();
    h.advance(1); // t = 311
    expect(h.state()).toBe('PAIR');
    expect(h.eventsOf('pair-state').map((e) => [e.at, e.from, e.to, e.reason])).toEqual([
      [11, 'SMPL', 'COPY', 'paircreate'],
      [311, 'COPY', 'PAIR', 'copy complete']
    ]);
    expect(h.side.peekBlock('standby-data', 1)?.data).toBe('before');
    expect(h.side.peekBlock('standby-data', 3)?.data).toBe('during copy');
    expect(h.side.peekBlock('standby-data', 2)).toBeUndefined();
    expect(h.side.highWater('standby-data', 'prod-1')).toBe(2);
    expect(h.side.countersOf('data-pair').pending).toBe(0);
  });

  it('should suspend a COPY with an error when the link goes down', () => {
    const h = createHarness({ pairs: [{ ...DATA_PAIR, initialState: 'SMPL' }] });
    h.command('prod-data', 'create');
    h.advance(100);
    h.side.link.cut();
    expect(h.state()).toBe('PSUE');
    expect(h.eventsOf('pair-state').at(-1)).toMatchObject({
      from: 'COPY',
      to: 'PSUE',
      reason: 'remote link down',
      at: 100
    });
    h.advance(1000);
    expect(h.state()).toBe('PSUE');
  });

  it('should refuse create, resync and swap while the link is down or the partner is failed', () => {
    const smpl = createHarness({ pairs: [{ ...DATA_PAIR, initialState: 'SMPL' }] });
    smpl.side.link.cut();
    const create = smpl.command('prod-data', 'create');
    smpl.advance(2);
    expect(create.result).toMatchObject({
      ok: false,
      error: 'refused',
      detail: 'remote link is down'
    });
    smpl.side.link.restore();
    smpl.standby.crash();
    const again = smpl.command('prod-data', 'create');
    smpl.advance(2);
    expect(again.result).toMatchObject({ ok: false, error: 'refused' });
    expect(again.result?.ok === false && again.result.detail).toMatch(/S-VOL subsystem/);

    const psue = inState('PSUE');
    psue.side.link.cut();
    const resync = psue.command('prod-data', 'resync');
    psue.advance(2);
    expect(errorOf(resync)).toBe('refused');

    const ssws = inState('SSWS');
    ssws.prod.crash();
    const swap = ssws.command('standby-data', 'swap');
    ssws.advance(2);
    expect(swap.result).toMatchObject({ ok: false, error: 'refused' });
    expect(swap.result?.ok === false && swap.result.detail).toMatch(/P-VOL subsystem/);
    expect(ssws.state()).toBe('SSWS');
  });

  it('should resync with a differential copy sized by the blocks written while split', () => {
    // Differential copy: min(initialCopyTime, dirty blocks × (2 × latency + serviceTime)).
    const h = inState('PSUS');
    for (const block of [1, 2, 3, 3]) h.write('prod-data', block, `v${block}`);
    h.advance(10);
    expect(h.side.peekBlock('standby-data', 1)).toBeUndefined();
    expect(h.side.countersOf('data-pair').pending).toBe(4);
    const t = h.sim.now();
    h.command('prod-data', 'resync');
    h.advance(1);
    expect(h.state()).toBe('COPY');
    h.advance(3 * 5 - 1);
    expect(h.state()).toBe('COPY');
    h.advance(1);
    expect(h.state()).toBe('PAIR');
    expect(h.sim.now()).toBe(t + 1 + 15);
    expect(h.side.peekBlock('standby-data', 3)?.data).toBe('v3');
    expect(h.side.countersOf('data-pair').pending).toBe(0);
  });

  it('should make both volumes read-write after delete', () => {
    const h = inState('PAIR');
    h.command('prod-data', 'delete');
    h.advance(2);
    const p = h.write('prod-data', 0, 'p');
    const s = h.write('standby-data', 0, 's', 'standby-1');
    h.advance(2);
    expect(p.at).toBe(8);
    expect(okValue(s)).toBeUndefined();
    expect(h.side.peekBlock('standby-data', 0)?.data).toBe('s');
  });

  it('should answer a takeover issued on the P-VOL with nop-takeover', () => {
    const h = inState('PAIR');
    const c = h.command('prod-data', 'takeover');
    h.advance(1);
    expect(okValue(c)).toBe('nop-takeover');
    expect(h.state()).toBe('PAIR');
  });

  it('should refuse every command on a volume that is in no pair', () => {
    const h = createHarness({ volumes: [{ id: 'solo', site: 'production', kind: 'data' }] });
    const c = h.command('solo', 'takeover');
    h.advance(1);
    expect(c.result).toMatchObject({ ok: false, error: 'refused' });
    expect(h.eventsOf('takeover')).toEqual([
      expect.objectContaining({ pair: '', result: 'refused' })
    ]);
  });
});
