/**
 * The data-physics ledger of one group: what each data volume holds, rebuilt from observations
 * alone (the writes that landed on each volume, the data pair's states and roles, the remote
 * link, the takeovers), never from the arrays' tallies. It checks that data reached each volume
 * the way physics allows:
 *
 * 1. **No host write on a paired S-VOL.** A host's write lands on the pair's S-VOL only when the
 *    pair does not mirror (SMPL) or the S-VOL took over (SSWS) — or when it is a sync write sent
 *    before a swap-takeover that completes at the old P-VOL once its copy reached the new one.
 * 2. **Every copy crossed the link while it was up, in order.** An update copy lands only on the
 *    S-VOL, while the pair is in PAIR and the remote link is not down, and no later after the
 *    P-VOL's array failed than the longest trip over the link (it was sent while it was up). With async copy the S-VOL
 *    holds an in-order prefix of the P-VOL's writes: each copy is the oldest P-VOL write it still
 *    lacks. With sync copy (the S-VOL applies before the P-VOL acknowledges) each writer's copies
 *    arrive in increasing order.
 * 3. **Lost writes add up.** At a takeover that moves the primary role, the ledger's count of
 *    writes acknowledged at the volume given up and absent from the volume taken over must equal
 *    the figure the report uses (the takeover's high-water marks).
 *
 * A full copy (COPY → PAIR) makes the S-VOL hold exactly what the P-VOL holds. The ledger is the
 * checker's own mutable record (never shared, never read by what decides).
 */
import type { Observation } from '../model/observation';
import type { CopyMode, PairState, SiteId } from '../model/storageTypes';
import type { PhysicsViolation } from './monitorEvents';
import { at } from './monitorSupport';

// The rule and violation types live with the monitors' events (the hub sends a broken rule).
export type { PhysicsRule, PhysicsViolation } from './monitorEvents';

/** The ledger's state. */
export interface PhysicsLedger {
  group: string;
  mode: CopyMode;
  volumes: readonly [string, string];
  /** The data pair's P-VOL (its S-VOL is the other volume). */
  pvol: string;
  pairState: PairState;
  link: 'up' | 'degraded' | 'down';
  /** Highest sequence number present, per volume and writer. */
  high: Record<string, Map<string, number>>;
  /**
   * Host writes that landed on a volume and are not on the other one yet, oldest first (per
   * volume; consumed from `head`), each `[writer, seq]`.
   */
  pending: Record<string, [string, number][]>;
  head: Record<string, number>;
  /** Writes the ledger counted lost, over every takeover. */
  lost: number;
  /** Since when each site's array is down (null: up). */
  downSince: Record<SiteId, number | null>;
  /** The longest a copy can take over the link (latency, jitter, retransmissions), ms. */
  maxDelay: number;
}

/** Retransmissions the link may add per message, and their extra delay (actors' link model). */
const RETRANSMITS = 8;
const RETRANSMIT_PENALTY = 10;

/** The longest one-way trip over a link with `latency`, `jitter` and `loss`. */
export function linkDelayBound(latency: number, jitter: number, loss: number): number {
  return latency + jitter + (loss > 0 ? RETRANSMITS * (2 * latency + RETRANSMIT_PENALTY) : 0);
}

/** The ledger at the start of a run: both volumes hold the same data, the pair mirrors. */
export function createLedger(options: {
  group: string;
  mode: CopyMode;
  volumes: { production: string; standby: string };
  /** The remote link as configured. */
  link?: { latency: number; jitter: number; loss: number };
}): PhysicsLedger {
  const link = options.link ?? { latency: 0, jitter: 0, loss: 0 };
  const { production, standby } = options.volumes;
  return {
    group: options.group,
    mode: options.mode,
    volumes: [production, standby],
    pvol: production,
    pairState: 'PAIR',
    link: 'up',
    high: { [production]: new Map(), [standby]: new Map() },
    pending: { [production]: [], [standby]: [] },
    head: { [production]: 0, [standby]: 0 },
    lost: 0,
    downSince: { production: null, standby: null },
    maxDelay: linkDelayBound(link.latency, link.jitter, link.loss)
  };
}

const otherOf = (l: PhysicsLedger, volume: string) =>
  volume === l.volumes[0] ? l.volumes[1] : l.volumes[0];

const highOf = (l: PhysicsLedger, volume: string, writer: string) =>
  l.high[volume].get(writer) ?? 0;

function raise(l: PhysicsLedger, volume: string, writer: string, seq: number): void {
  if (highOf(l, volume, writer) < seq) l.high[volume].set(writer, seq);
}

function clearPending(l: PhysicsLedger, volume: string): void {
  l.pending[volume] = [];
  l.head[volume] = 0;
}

/** Pending writes of `volume` still absent from the other volume. */
function stillMissing(l: PhysicsLedger, from: string, to: string): number {
  let n = 0;
  const list = l.pending[from];
  for (let i = l.head[from]; i < list.length; i++) {
    const [writer, seq] = list[i];
    if (seq > highOf(l, to, writer)) n++;
  }
  return n;
}

/** The figure the report takes from a takeover's high-water marks. */
function reportedLoss(marks: {
  acknowledged: Readonly<Record<string, number>>;
  copied: Readonly<Record<string, number>>;
}): number {
  let n = 0;
  for (const [writer, seq] of Object.entries(marks.acknowledged)) {
    n += Math.max(0, seq - (marks.copied[writer] ?? 0));
  }
  return n;
}

/** A host write of `writer#seq` landed on `volume`. */
function hostWrite(
  l: PhysicsLedger,
  o: Extract<Observation, { type: 'VOLUME_WRITE' }>
): PhysicsViolation | null {
  const { volume, writer, writeSeq } = o;
  // A sync write sent before a swap completes at the old P-VOL once its copy is back: it is
  // already on the new P-VOL, so it is no new write on the S-VOL.
  const completes = l.mode === 'sync' && writeSeq <= highOf(l, otherOf(l, volume), writer);
  if (volume !== l.pvol && l.pairState !== 'SMPL' && l.pairState !== 'SSWS' && !completes) {
    return {
      rule: 'svol-write',
      summary: `${l.group}: the S-VOL ${volume} accepted a host write (${writer}#${writeSeq}) while the data pair was ${l.pairState}`
    };
  }
  raise(l, volume, writer, writeSeq);
  // A sync copy reaches the S-VOL before the P-VOL acknowledges: nothing is then pending.
  if (writeSeq > highOf(l, otherOf(l, volume), writer)) l.pending[volume].push([writer, writeSeq]);
  return null;
}

/** An update copy of `writer#seq` landed on `volume`. */
function copyWrite(
  l: PhysicsLedger,
  o: Extract<Observation, { type: 'VOLUME_WRITE' }>
): PhysicsViolation | null {
  const { volume, writer, writeSeq } = o;
  const copy = `a copy of ${writer}#${writeSeq} landed on ${volume}`;
  if (volume === l.pvol) {
    return { rule: 'copy', summary: `${l.group}: ${copy}, the P-VOL (copies go to the S-VOL)` };
  }
  if (l.pairState !== 'PAIR') {
    return {
      rule: 'copy',
      summary: `${l.group}: ${copy} while the data pair was ${l.pairState} (copies land only while it mirrors)`
    };
  }
  if (l.link === 'down') {
    return { rule: 'copy', summary: `${l.group}: ${copy} while the remote link was down` };
  }
  const source: SiteId = l.pvol === l.volumes[0] ? 'production' : 'standby';
  const down = l.downSince[source];
  if (down !== null && o.at > down + l.maxDelay) {
    return {
      rule: 'copy',
      summary: `${l.group}: ${copy} ${at(o.at - down)} after the ${source} array (holding the P-VOL ${l.pvol}) failed, longer than any trip over the link (${at(l.maxDelay)})`
    };
  }
  if (l.mode === 'async') {
    const list = l.pending[l.pvol];
    const next = list[l.head[l.pvol]];
    if (!next || next[0] !== writer || next[1] !== writeSeq) {
      const expected = next ? `${next[0]}#${next[1]}` : 'nothing (every P-VOL write is there)';
      return {
        rule: 'copy',
        summary: `${l.group}: ${copy} out of order: the S-VOL lacked ${expected} first (async copy keeps an in-order prefix)`
      };
    }
    l.head[l.pvol]++;
    if (l.head[l.pvol] > 1024 && l.head[l.pvol] * 2 > list.length) {
      l.pending[l.pvol] = list.slice(l.head[l.pvol]);
      l.head[l.pvol] = 0;
    }
  } else if (writeSeq <= highOf(l, volume, writer)) {
    return {
      rule: 'copy',
      summary: `${l.group}: ${copy} out of order (it already held ${writer}#${highOf(l, volume, writer)})`
    };
  }
  raise(l, volume, writer, writeSeq);
  return null;
}

/** The ledger after `o`; a violation of physics, if `o` shows one. */
export function observePhysics(l: PhysicsLedger, o: Observation): PhysicsViolation | null {
  switch (o.type) {
    case 'VOLUME_WRITE':
      if (!(o.volume in l.high)) return null;
      return o.origin === 'host' ? hostWrite(l, o) : copyWrite(l, o);
    case 'LINK':
      l.link = o.state;
      return null;
    case 'STORAGE':
      l.downSince[o.site] = o.up ? null : (l.downSince[o.site] ?? o.at);
      return null;
    case 'FAULT':
      if (o.fault.action === 'degrade' && o.fault.target === 'remote-link' && o.phase === 'apply') {
        const f = o.fault;
        l.maxDelay = Math.max(
          l.maxDelay,
          linkDelayBound(f.latency ?? 0, f.jitter ?? 0, f.loss ?? 0)
        );
      }
      return null;
    case 'PAIR': {
      if (o.pair !== 'data') return null;
      if (o.primary !== undefined && o.primary in l.high) l.pvol = o.primary;
      l.pairState = o.to;
      if (o.from === 'COPY' && o.to === 'PAIR') {
        // The full copy: the S-VOL now holds exactly what the P-VOL holds.
        const svol = otherOf(l, l.pvol);
        l.high[svol] = new Map(l.high[l.pvol]);
        clearPending(l, l.pvol);
        clearPending(l, svol);
      }
      return null;
    }
    case 'TAKEOVER': {
      if (o.from === null || o.to === null || !(o.from in l.high) || !(o.to in l.high)) {
        return null;
      }
      const counted = stillMissing(l, o.from, o.to);
      const reported = reportedLoss(o.writes);
      l.lost += counted;
      if (o.result === 'swap-takeover') l.pvol = o.to;
      // Counted once: from here the volume taken over is the reference.
      clearPending(l, o.to);
      clearPending(l, o.from);
      if (counted !== reported) {
        return {
          rule: 'lost-writes',
          summary: `${l.group}: at the ${o.result} of ${at(o.at)}, ${counted} write(s) acknowledged at ${o.from} are absent from ${o.to}, but the report counts ${reported} lost`
        };
      }
      return null;
    }
    default:
      return null;
  }
}
