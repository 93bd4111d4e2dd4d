/**
 * Test harness: one host built alone on a real simulation, against fake ports — an inbox the test
 * pushes messages into, a `send` that records what the host sends (simulated time, to, message),
 * a fake array of its own site whose answers the test scripts (or silences), no local heartbeats.
 * Nothing else reaches the host: every test drives it purely by messages and port answers.
 */
import { delay, interval, NEVER, of, Subject, type Observable } from 'rxjs';
import { createHostAgent, type HostAgent } from '../../../actors/host/createHostAgent';
import type { HostIdentity, HostPorts, QuorumPort } from '../../../actors/host/hostPorts';
import { resolveConfig, type ClusterConfig, type ConfigOverrides } from '../../../model/config';
import type {
  ControlKind,
  ControlMessage,
  ControlOf,
  LocalBeat
} from '../../../model/controlMessage';
import { encodeHeartbeat } from '../../../model/heartbeatMessage';
import type {
  BlockRecord,
  IoResult,
  PairCommand,
  PairState,
  PairView,
  SiteId
} from '../../../model/storageTypes';
import type { Packet, StorageApi } from '../../../model/ports';
import type { HostObservation } from '../../../model/observation';
import { deriveTimers, type DerivedTimers } from '../../../model/timers';
import { createSimulation, type Simulation } from '../../../sim';

/** An answer of the fake array, or none at all (a silent array). */
export type Answer<T> = IoResult<T> | 'silent';

/** What the test scripts the fake array to answer. */
export interface ArrayScript {
  pairStatus(volume: string): Answer<PairView>;
  read(volume: string, block: number): Answer<BlockRecord | undefined>;
  write(volume: string, block: number, data: unknown): Answer<undefined>;
  command(volume: string, cmd: PairCommand): Answer<string>;
}

/** One I/O or command the host issued to its array. */
export interface ArrayCall {
  at: number;
  op: 'pairStatus' | 'read' | 'write' | 'command';
  volume: string;
  block?: number;
  data?: unknown;
  cmd?: PairCommand;
}

/** A pair as the array reports it from `volume`. */
export function pairView(volume: string, state: PairState, role: 'P' | 'S'): PairView {
  return {
    pair: `${volume}-pair`,
    state,
    primary: role === 'P' ? volume : `${volume}-peer`,
    secondary: role === 'S' ? volume : `${volume}-peer`,
    role,
    mode: 'sync',
    fenceLevel: 'data',
    journalUsed: 0
  };
}

export const ok = <T>(value: T): IoResult<T> => ({ ok: true, value });
export const refused = (detail: string): IoResult<never> => ({
  ok: false,
  error: 'refused',
  detail
});

/**
 * A fake array of one site: by default it stores what is written and reads it back, reports
 * every pair PAIR with the volume's role at this site, and carries out every command. Every
 * answer comes 1 ms later on the simulation clock; a `'silent'` answer never comes. Replace the
 * script's functions to change what it answers.
 */
export function fakeArray(sim: Simulation, site: SiteId) {
  const blocks = new Map<string, BlockRecord>();
  const calls: ArrayCall[] = [];
  const role: 'P' | 'S' = site === 'production' ? 'P' : 'S';
  const script: ArrayScript = {
    pairStatus: (volume) => ok(pairView(volume, 'PAIR', role)),
    read: (volume, block) => ok(blocks.get(`${volume}#${block}`)),
    write: (volume, block, data) => {
      blocks.set(`${volume}#${block}`, { data, writer: 'host', at: sim.now(), writeSeq: 0 });
      return ok(undefined);
    },
    command: () => ok('done')
  };
  const answer = <T>(a: Answer<T>): Observable<IoResult<T>> =>
    a === 'silent' ? NEVER : of(a).pipe(delay(1, sim.clock));
  const api: StorageApi = {
    id: `${site}-storage`,
    site,
    isUp: () => true,
    pairStatus(volume) {
      calls.push({ at: sim.now(), op: 'pairStatus', volume });
      return answer(script.pairStatus(volume));
    },
    read(volume, block) {
      calls.push({ at: sim.now(), op: 'read', volume, block });
      return answer(script.read(volume, block));
    },
    write(volume, block, data) {
      calls.push({ at: sim.now(), op: 'write', volume, block, data });
      return answer(script.write(volume, block, data));
    },
    command(volume, cmd) {
      calls.push({ at: sim.now(), op: 'command', volume, cmd });
      return answer(script.command(volume, cmd));
    }
  };
  const of_ = (op: ArrayCall['op'], volume: string) =>
    calls.filter((c) => c.op === op && c.volume === volume);
  return { api, script, calls, of: of_ };
}

/** One message the host sent. */
export interface SentMessage {
  at: number;
  to: string;
  message: ControlMessage;
}

export const HB_ID = 'app/hb-pair';
export const RHB_ID = 'app/rhb-pair';

/**
 * Production's identity: `id` of a host group of `members` (one member by default), with the
 * reverse heartbeat pair when `bidirectional`.
 */
export function productionIdentity(
  bidirectional = false,
  id = 'prod-1',
  members: readonly string[] = [id]
): HostIdentity {
  return {
    id,
    site: 'production',
    group: 'app',
    members,
    remote: ['standby-1'],
    dataVolume: 'prod-data',
    forward: { pvol: 'prod-hb', svol: 'standby-hb', identifier: HB_ID },
    reverse: bidirectional ? { pvol: 'standby-rhb', svol: 'prod-rhb', identifier: RHB_ID } : null
  };
}

/** The standby's identity (one member, two production members to fence). */
export function standbyIdentity(): HostIdentity {
  return {
    id: 'standby-1',
    site: 'standby',
    group: 'app',
    members: ['standby-1'],
    remote: ['prod-1', 'prod-2'],
    dataVolume: 'standby-data',
    forward: { pvol: 'prod-hb', svol: 'standby-hb', identifier: HB_ID },
    reverse: null
  };
}

export interface FakeHost {
  sim: Simulation;
  host: HostAgent;
  array: ReturnType<typeof fakeArray>;
  config: ClusterConfig;
  timers: DerivedTimers;
  sent: SentMessage[];
  alerts: Array<{ at: number; kind: string; detail: string }>;
  /** The local heartbeats this host sent to its group's other members. */
  beats: Array<LocalBeat & { at: number }>;
  /** The members this host power-fenced. */
  fenced: Array<{ at: number; host: string }>;
  /** What the host published for observers. */
  observed: HostObservation[];
  /** Push a message from `from` into the host's inbox, now. */
  deliver(from: string, message: ControlMessage): void;
  /** The messages of kind `kind` the host sent. */
  sentOf<K extends ControlKind>(kind: K): Array<{ at: number; to: string; message: ControlOf<K> }>;
  /** The host's role statechart's state (`'serving'`, `{ idle: 'fenced' }`…). */
  role(): unknown;
}

/** Build `identity` alone on fake ports (not started). */
export function fakeHost(
  identity: HostIdentity,
  options: {
    seed?: number;
    config?: ConfigOverrides;
    quorum?: QuorumPort;
    /** The local heartbeats of the group's other members (none by default). */
    localBeats?: Observable<LocalBeat>;
  } = {}
): FakeHost {
  const sim = createSimulation({ seed: options.seed ?? 1, trace: 'off' });
  const inbox = new Subject<Packet<ControlMessage>>();
  const sent: SentMessage[] = [];
  const alerts: FakeHost['alerts'] = [];
  const beats: FakeHost['beats'] = [];
  const fenced: FakeHost['fenced'] = [];
  const observed: HostObservation[] = [];
  const array = fakeArray(sim, identity.site);
  const ports: HostPorts = {
    sim,
    inbox$: inbox.asObservable(),
    send: (to, message) => sent.push({ at: sim.now(), to, message }),
    storage: array.api,
    localBeats$: options.localBeats ?? NEVER,
    beat: (beat) => beats.push({ at: sim.now(), ...beat }),
    quorum: options.quorum ?? null,
    powerFence: (host) => fenced.push({ at: sim.now(), host }),
    alert: (_source, kind, detail) => alerts.push({ at: sim.now(), kind, detail }),
    narrate: () => undefined,
    observe: (o) => observed.push(o)
  };
  const config = resolveConfig(options.config);
  const timers = deriveTimers(config);
  const host = createHostAgent(identity, ports, { config, timers });
  return {
    sim,
    host,
    array,
    config,
    timers,
    sent,
    alerts,
    beats,
    fenced,
    observed,
    deliver: (from, message) =>
      inbox.next({ from, to: identity.id, sentAt: sim.now(), payload: message }),
    sentOf: <K extends ControlKind>(kind: K) =>
      sent.flatMap((s) =>
        s.message.kind === kind ? [{ at: s.at, to: s.to, message: s.message as ControlOf<K> }] : []
      ),
    role: () => host.get('role')?.getSnapshot().value
  };
}

/**
 * A live peer's heartbeat, as it arrives over the network and is read from the mirror: every
 * `interval` a new serial on the network (while `network()`), and a block whose serial advances
 * with time on the mirrored volume `svol` (while `mirror()`; frozen at its last value after).
 */
export function livePeer(
  run: FakeHost,
  opts: {
    from: string;
    svol: string;
    identifier: string;
    reverse: boolean;
    network: () => boolean;
    mirror: () => boolean;
  }
) {
  const { sim, array } = run;
  let serial = 0;
  let mirrored = 0;
  interval(run.config.heartbeat.interval, sim.clock).subscribe(() => {
    serial += 1;
    if (opts.mirror()) mirrored = serial;
    if (opts.network()) {
      run.deliver(opts.from, {
        kind: 'hb',
        group: 'app',
        reverse: opts.reverse,
        data: encodeHeartbeat({ serial, time: sim.now(), identifier: opts.identifier })
      });
    }
  });
  const read = array.script.read;
  array.script.read = (volume, block) =>
    volume === opts.svol
      ? ok<BlockRecord | undefined>({
          data: encodeHeartbeat({ serial: mirrored, time: sim.now(), identifier: opts.identifier }),
          writer: opts.from,
          at: sim.now(),
          writeSeq: mirrored
        })
      : read(volume, block);
}
