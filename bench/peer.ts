/**
 * The realistic limit of `npm run bench`: a plain-JavaScript discrete-event model of the same
 * two-site workload as the full simulation — no XState, no RxJS, one binary heap of callbacks
 * (the kernel's own `TimerHeap`) and the same seeded generator. Per host group: the sender writes
 * a heartbeat to its P-VOL and sends it over the network every `interval`; the P-VOL write is
 * copied synchronously over the remote link (latency + jitter each way) before it is
 * acknowledged; the application writes as a Poisson process, copied the same way; the receiver
 * reads the S-VOL and the pair status every `pollInterval`, takes network heartbeats as they
 * arrive, and ages each path (warning at 50 / 75 / 90 % of `timeout`, invalid at 100 %) with one
 * lazily re-armed deadline per path. Phases are drawn from the seed, as in the full simulation.
 */
import { resolveConfig } from '../model/config';
import { createRandom, type Random } from '../sim/createRandom';
import { TimerHeap } from '../sim/timerHeap';

/** What one peer run did: events fired, and the receiver's view at the end (a sanity check). */
export interface PeerResult {
  events: number;
  statuses: string[];
  serials: number[];
}

class Scheduler {
  private readonly heap = new TimerHeap();
  private seq = 0;
  now = 0;
  fired = 0;
  at(delay: number, fn: () => void): void {
    this.heap.push({ due: this.now + delay, seq: ++this.seq, fn });
  }
  runUntil(t: number): void {
    for (;;) {
      const top = this.heap.peek();
      if (!top || top.due > t) break;
      this.heap.pop();
      this.now = top.due;
      this.fired++;
      (top.fn as () => void)();
    }
    this.now = t;
  }
}

type PathStatus = 'valid' | 'warning' | 'invalid';

/** Run the peer model of `groups` host groups for `simulatedMs`. */
export function runPeer(simulatedMs: number, groups = 1, seed = 1): PeerResult {
  const config = resolveConfig({});
  const hb = config.heartbeat;
  const copy = config.remoteCopy;
  const net = config.network;
  const s = new Scheduler();
  const root = createRandom(seed);
  const out: PeerResult = { events: 0, statuses: [], serials: [] };
  const finals: (() => void)[] = [];

  for (let g = 0; g < groups; g++) {
    const random: Random = root.fork(`peer-${g}`);
    const hop = () => copy.latency + random.between(0, copy.jitter);
    // Volumes: [P-VOL, S-VOL] of the heartbeat pair and of the data pair.
    const hbPair = [new Map<number, number>(), new Map<number, number>()];
    const dataPair = [new Map<number, number>(), new Map<number, number>()];
    /** A synchronous remote-copy write: P-VOL, over the link, S-VOL, and the ack back. */
    const write = (
      pair: Map<number, number>[],
      block: number,
      value: number,
      acked: () => void
    ) => {
      pair[0].set(block, value);
      s.at(hop(), () => {
        pair[1].set(block, value);
        s.at(hop(), acked);
      });
    };

    // Receiver: one row per path, aged by one deadline each (re-armed only when it fires).
    const rows = ['mirror', 'network'].map(() => ({
      lastSerial: 0,
      lastChange: 0,
      status: 'valid' as PathStatus,
      warned: 0,
      armed: false
    }));
    const marks = [0.5, 0.75, 0.9, 1];
    const age = (row: (typeof rows)[number]) => {
      const next = marks[row.warned];
      row.armed = true;
      s.at(Math.max(0, row.lastChange + next * hb.timeout - s.now), () => {
        row.armed = false;
        if (s.now - row.lastChange < next * hb.timeout) {
          row.warned = 0;
          return age(row);
        }
        row.status = next === 1 ? 'invalid' : 'warning';
        if (next < 1) {
          row.warned++;
          age(row);
        }
      });
    };
    const refresh = (row: (typeof rows)[number], serial: number) => {
      if (serial <= row.lastSerial) return;
      const wasAged = row.status !== 'valid';
      row.lastSerial = serial;
      row.lastChange = s.now;
      if (wasAged) {
        row.status = 'valid';
        // The pending deadline (if any) finds the refresh and re-arms from the 50 % mark.
        if (!row.armed) {
          row.warned = 0;
          age(row);
        }
      }
    };
    rows.forEach(age);

    // Sender.
    let serial = 0;
    let writing = false;
    const tick = () => {
      serial++;
      const sent = serial;
      if (!writing) {
        writing = true;
        write(hbPair, 0, sent, () => {
          writing = false;
        });
      }
      s.at(net.latency + random.between(0, net.jitter), () => refresh(rows[1], sent));
      s.at(hb.interval, tick);
    };
    s.at(Math.floor(random.between(0, hb.interval)), tick);

    // Receiver's polls: block and pair status answered by the local array.
    const poll = () => {
      const value = hbPair[1].get(0) ?? 0;
      s.at(0, () => refresh(rows[0], value));
      s.at(hb.pollInterval, poll);
    };
    s.at(Math.floor(random.between(0, hb.pollInterval)), poll);

    // The application: Poisson writes to a hot set of 16 blocks, each copied synchronously.
    const mean = 1000 / config.workload.writesPerSecond;
    let n = 0;
    let acked = 0;
    const arrive = () => {
      const seq = n++;
      write(dataPair, seq % 16, seq, () => {
        acked++;
      });
      s.at(Math.max(1, Math.round(random.exponential(mean))), arrive);
    };
    s.at(Math.max(1, Math.round(random.exponential(mean))), arrive);
    finals.push(() => {
      out.statuses.push(...rows.map((r) => r.status));
      out.serials.push(serial, acked);
    });
  }
  s.runUntil(simulatedMs);
  for (const f of finals) f();
  out.events = s.fired;
  return out;
}
