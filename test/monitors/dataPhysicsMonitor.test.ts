/**
 * The data-physics checker: every write on a data volume is explained by a host write where
 * writes are allowed or by a copy that crossed the link while it was up, in order; and the lost
 * writes it counts at a takeover equal the report's figure. The whole-world checks (every copy mode
 * and fence level, the safe built-in scenarios) are in dataPhysicsMonitor.world.test.ts.
 */
import type { CopyMode } from '../../model/storageTypes';
import type { MonitorEvent } from '../../monitors/monitorEvents';
import { dataPhysicsMonitorMachine } from '../../monitors/dataPhysicsMonitorMachine';
import { feedMonitor } from './feedMonitor';
import { lands, pair } from './landings';

const volumes = { production: 'prod-data', standby: 'standby-data' };
const checker = (mode: CopyMode) =>
  feedMonitor(dataPhysicsMonitorMachine, { group: 'app', volumes, mode });

// A host's write lands as its own site's host by default; a copy names the writer it carries.
const landsAt = (
  t: number,
  volume: string,
  seq: number,
  origin: 'host' | 'copy' = 'host',
  writer = volume === 'prod-data' ? 'prod-1' : 'standby-1'
): MonitorEvent => lands(t, volume, writer, seq, origin);
const copyOf = (t: number, seq: number) => landsAt(t, 'standby-data', seq, 'copy', 'prod-1');
const takeover = (
  t: number,
  result: 'swap-takeover' | 'svol-takeover',
  acknowledged: number,
  copied: number
): MonitorEvent => ({
  type: 'TAKEOVER',
  at: t,
  group: 'app',
  result,
  detail: '',
  from: 'prod-data',
  to: 'standby-data',
  writes: { acknowledged: { 'prod-1': acknowledged }, copied: { 'prod-1': copied } }
});

describe('dataPhysicsMonitorMachine: a correct history', () => {
  it('should accept async copies that keep an in-order prefix, and count the lost tail', () => {
    const m = checker('async');
    m.feed(
      landsAt(1, 'prod-data', 1),
      landsAt(2, 'prod-data', 2),
      landsAt(3, 'prod-data', 3),
      copyOf(4, 1),
      copyOf(5, 2),
      { type: 'LINK', at: 6, state: 'down' },
      pair(7, 'PAIR', 'PSUE'),
      pair(8, 'PSUE', 'SSWS'),
      takeover(8, 'svol-takeover', 3, 2),
      landsAt(9, 'standby-data', 1)
    );
    expect(m.finding()).toBeNull();
    expect(m.context<{ ledger: { lost: number } }>().ledger.lost).toBe(1);
  });

  it('should accept sync copies landing before the P-VOL write, and a swap', () => {
    const m = checker('sync');
    m.feed(
      copyOf(1, 1),
      landsAt(2, 'prod-data', 1),
      copyOf(3, 2),
      takeover(4, 'swap-takeover', 2, 2),
      // The sync write sent before the swap completes at the old P-VOL once its copy is back.
      landsAt(5, 'prod-data', 2),
      landsAt(6, 'standby-data', 1, 'host', 'standby-1'),
      landsAt(6, 'prod-data', 1, 'copy', 'standby-1')
    );
    expect(m.finding()).toBeNull();
    expect(m.context<{ ledger: { lost: number } }>().ledger.lost).toBe(0);
  });

  it('should take a full copy (COPY → PAIR) as the S-VOL holding what the P-VOL holds', () => {
    const m = checker('async');
    m.feed(
      pair(1, 'PAIR', 'PSUE'),
      landsAt(2, 'prod-data', 1),
      landsAt(3, 'prod-data', 2),
      pair(4, 'PSUE', 'COPY'),
      pair(5, 'COPY', 'PAIR', 'prod-data'),
      landsAt(6, 'prod-data', 3),
      copyOf(7, 3),
      takeover(8, 'svol-takeover', 3, 3)
    );
    expect(m.finding()).toBeNull();
  });
});

describe('dataPhysicsMonitorMachine: evidence', () => {
  it('should keep pair, link, storage, takeover and fault observations, and a write only when it breaks a rule', () => {
    const m = checker('sync');
    m.feed(
      landsAt(1, 'prod-data', 1),
      copyOf(2, 1),
      pair(3, 'PAIR', 'PSUE'),
      { type: 'LINK', at: 4, state: 'down' },
      { type: 'STORAGE', at: 5, site: 'standby', up: true },
      {
        type: 'FAULT',
        at: 6,
        fault: { at: 6, action: 'cut' },
        phase: 'apply',
        operator: false
      },
      pair(7, 'PSUE', 'PAIR')
    );
    const kept = [
      '0.003s data pair PAIR → PSUE',
      '0.004s remote link down',
      '0.005s standby storage up',
      '0.006s cut',
      '0.007s data pair PSUE → PAIR'
    ];
    expect(m.context<{ evidence: string[] }>().evidence).toEqual(kept);
    m.feed(landsAt(8, 'standby-data', 2));
    expect(m.finding()!.evidence).toEqual([
      ...kept,
      '0.008s write standby-1#2 landed on standby-data block 2'
    ]);
  });
});

describe('dataPhysicsMonitorMachine: injected bugs', () => {
  it('should fire when the S-VOL accepts a host write while paired', () => {
    const m = checker('sync');
    m.feed(landsAt(5, 'standby-data', 1));
    expect(m.state()).toBe('violated');
    expect(m.finding()!.summary).toBe(
      'app: the S-VOL standby-data accepted a host write (standby-1#1) while the data pair was PAIR'
    );
    // After a swap-takeover the old P-VOL is the S-VOL: a new write there is the same bug.
    const swapped = checker('sync');
    swapped.feed(takeover(4, 'swap-takeover', 0, 0), landsAt(5, 'prod-data', 1));
    expect(swapped.finding()!.summary).toMatch(/the S-VOL prod-data accepted a host write/);
  });

  it('should fire when a journal is applied though the link is down (async loses nothing)', () => {
    const m = checker('async');
    m.feed(landsAt(1, 'prod-data', 1), { type: 'LINK', at: 2, state: 'down' }, copyOf(3, 1));
    expect(m.finding()!.summary).toBe(
      'app: a copy of prod-1#1 landed on standby-data while the remote link was down'
    );
    // …or once the pair was suspended, as at an SVOL-takeover.
    const late = checker('async');
    late.feed(landsAt(1, 'prod-data', 1), pair(2, 'PAIR', 'SSWS'), copyOf(3, 1));
    expect(late.finding()!.summary).toMatch(/while the data pair was SSWS/);
  });

  it('should fire when a copy lands long after the P-VOL array failed (journal applied at takeover)', () => {
    const withLink = feedMonitor(dataPhysicsMonitorMachine, {
      group: 'app',
      volumes,
      mode: 'async',
      link: { latency: 2, jitter: 0.5, loss: 0 }
    });
    withLink.feed(
      landsAt(1, 'prod-data', 1),
      landsAt(2, 'prod-data', 2),
      { type: 'STORAGE', at: 3, site: 'production', up: false },
      // Sent before the failure, in flight: it may still land.
      copyOf(4, 1)
    );
    expect(withLink.finding()).toBeNull();
    withLink.feed(copyOf(1000, 2));
    expect(withLink.finding()!.summary).toBe(
      'app: a copy of prod-1#2 landed on standby-data 0.997s after the production array (holding the P-VOL prod-data) failed, longer than any trip over the link (0.003s)'
    );
  });

  it('should fire when an async S-VOL skips a write (no in-order prefix)', () => {
    const m = checker('async');
    m.feed(landsAt(1, 'prod-data', 1), landsAt(2, 'prod-data', 2), copyOf(3, 2));
    expect(m.finding()!.summary).toMatch(
      /a copy of prod-1#2 landed on standby-data out of order: the S-VOL lacked prod-1#1 first/
    );
  });

  it('should fire on a copy landing on the P-VOL, or a sync copy repeated', () => {
    const m = checker('sync');
    m.feed(landsAt(1, 'prod-data', 1, 'copy'));
    expect(m.finding()!.summary).toMatch(/landed on prod-data, the P-VOL/);
    const again = checker('sync');
    again.feed(copyOf(1, 2), copyOf(2, 1));
    expect(again.finding()!.summary).toMatch(/out of order \(it already held prod-1#2\)/);
  });

  it('should fire when the report counts fewer lost writes than the volumes show', () => {
    const m = checker('async');
    m.feed(
      landsAt(1, 'prod-data', 1),
      landsAt(2, 'prod-data', 2),
      { type: 'LINK', at: 3, state: 'down' },
      pair(4, 'PAIR', 'SSWS'),
      // The arrays claim the S-VOL has everything.
      takeover(5, 'svol-takeover', 2, 2)
    );
    expect(m.finding()!.summary).toBe(
      'app: at the svol-takeover of 0.005s, 2 write(s) acknowledged at prod-data are absent from standby-data, but the report counts 0 lost'
    );
  });
});
