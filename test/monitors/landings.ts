/**
 * Test support: the observations of a write of group `app` — landing on a data volume and
 * acknowledged to the application — and of its data pair's states, as the split-brain and
 * data-physics checkers and the monitor hub see them (`prod-data` is production's volume, any
 * other the standby's).
 */
import type { Observation } from '../../model/observation';

/** A write of `writer#seq` landing on `volume` (a host's write, or an update copy). */
export const lands = (
  t: number,
  volume: string,
  writer: string,
  seq: number,
  origin: 'host' | 'copy' = 'host'
): Observation => ({
  type: 'VOLUME_WRITE',
  at: t,
  group: 'app',
  volume,
  block: seq % 16,
  writer,
  writeSeq: seq,
  origin
});

/** The host's acknowledgement of that write. */
export const acked = (t: number, volume: string, writer: string, seq: number): Observation => ({
  type: 'APP_WRITE_ACK',
  at: t,
  group: 'app',
  site: volume === 'prod-data' ? 'production' : 'standby',
  volume,
  writer,
  writeSeq: seq
});

/** The data pair going from `from` to `to` (and its P-VOL now `primary`, when given). */
export const pair = (at: number, from: string, to: string, primary?: string): Observation => ({
  type: 'PAIR',
  at,
  group: 'app',
  pair: 'data',
  from: from as 'PAIR',
  to: to as 'PAIR',
  ...(primary ? { primary } : {})
});
