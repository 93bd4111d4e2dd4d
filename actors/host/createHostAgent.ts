/**
 * One simulated host as an actor with ports (SPEC §1.1a): its programs (machines/) wired to what
 * reaches it — its network inbox, its own site's array, its clock, its group's local heartbeats,
 * the faults and operator actions aimed at it — and to what it may do: send messages, do I/O and
 * pair commands on its own array, raise alerts, narrate. It holds no reference to the cluster,
 * another host or the other site; every decision is one of its statecharts.
 *
 * Program slots (actors/host/programs.ts): `members` (local membership, several hosts per
 * group), `role` (serving / monitoring / idle, and why), `table` (FIG. 2), `sender`, `receiver`,
 * `decision`, `selfFence`, `failover`, `app`, `request`, and one slot per lifecycle flow half.
 * Messages addressed to the host are routed to the programs by one table ({@link ROUTES}).
 *
 * @example
 * ```ts
 * const host = createHostAgent(identity, ports, { config, timers: deriveTimers(config) });
 * host.start();
 * host.crash(); // its programs are lost; its peers find out by their own timeouts
 * ```
 */
import {
  Subject,
  combineLatest,
  map,
  of,
  take,
  timeout,
  timer,
  type Observable,
  type Subscription
} from 'rxjs';
import { methodOf, pathsOf } from '../../machines/checkingMethodMachine';
import type { CheckingMethod } from '../../model/config';
import type { ControlKind, ControlMessage, ControlOf } from '../../model/controlMessage';
import type { AlertKind } from '../../model/scenario';
import type { PathKind } from '../../model/statusTable';
import { decodeHeartbeat } from '../../model/heartbeatMessage';
import type { IoResult, PairState, PairView } from '../../model/storageTypes';
import type { StorageApi } from '../../model/ports';
import { holdLatest } from '../../streams/holdLatest';
import { pollEvery } from '../../streams/pollEvery';
import { poissonArrivals } from '../../streams/poissonArrivals';
import { emittedBy } from '../../sim/emittedBy';
import type { HostIdentity, HostPorts, HostSettings } from './hostPorts';
import { HostRuntime, type HostState } from './hostRuntime';
import type { ProgramActor, ProgramName } from './programs';

/** The application writes to a hot set of blocks of its data volume (bounds volume memory). */
const DATA_BLOCKS = 16;

/** A host as the world sees it: its faults and operator actions, and read-only state for views. */
export interface HostAgent {
  readonly id: string;
  readonly site: HostIdentity['site'];
  readonly group: string;
  readonly state: HostState;
  /** The program in slot `name`, if this host runs it (observers and tests only). */
  get<K extends ProgramName>(name: K): ProgramActor<K> | undefined;
  /** Start in steady state (the run's beginning). */
  start(): void;
  crash(): void;
  recover(): void;
  hang(): void;
  resume(): void;
  skew(offset: number): void;
  /** Operator: install the heartbeat mirror (FIG. 4; production's active member carries it out). */
  install(): void;
  /** Operator: de-install the heartbeat mirror (FIG. 5; production's active member). */
  uninstall(): void;
  /** Operator: change the checking method (FIG. 8; the standby's active member). */
  setMethod(method: CheckingMethod): void;
  /** Operator: fail back (the standby's active member, while it serves). */
  failback(): void;
  /** Is this host its group's active member (it runs the group's programs)? */
  isActive(): boolean;
}

/** The answer to one heartbeat write, as the sender may hear it. */
type WriteAnswer =
  { type: 'WRITE.OK'; serial: number } | { type: 'WRITE.FAILED'; serial: number; error: string };
/** A heartbeat S-VOL read on its way to the receiver: the block read at `at`, or the failure. */
type ReadAnswer =
  | { type: 'READ.DONE'; data: unknown; pairState: PairState | null; at: number }
  | { type: 'READ.FAILED'; error: string; pairState: PairState | null };
/** Whose a data volume is, from its pair status as this site's array reports it. */
function ownsData(view: PairView): boolean {
  // Ours and writable: the P-VOL not swapped away, an S-VOL we took over, or no pair.
  return (
    view.state === 'SMPL' || (view.role === 'P' ? view.state !== 'SSWS' : view.state === 'SSWS')
  );
}

/** Create the host actor `identity` on its ports (nothing runs until {@link HostAgent.start}). */
export function createHostAgent(
  identity: HostIdentity,
  ports: HostPorts,
  settings: HostSettings
): HostAgent {
  const { sim, storage } = ports;
  const { config, timers } = settings;
  const hb = config.heartbeat;
  const { id, site, group } = identity;
  const atProduction = site === 'production';
  const host = new HostRuntime(sim, { id, site, group });
  const phases = sim.random.fork(`${id}/phase`);
  const writesRandom = sim.random.fork(`${id}/writes`);
  const selfFencing = hb.bidirectional && config.failover.onSiteIsolation === 'automatic';
  /** This host's own disk: its status table survives a crash (the device address entry). */
  const disk = { registered: true, ...pathsOf(hb.method) };
  let flowCount = 0;
  let active = false;

  const narrate = (kind: 'state' | 'decision' | 'info', text: string) =>
    ports.narrate(id, kind, text);
  const now = () => sim.now();
  // This host's own state, as observers see it (they decide nothing).
  let lastState: HostState = host.state;
  host.machine.subscribe(() => {
    const state = host.state;
    if (state === lastState) return;
    lastState = state;
    ports.observe({ type: 'HOST', at: now(), group, host: id, site, state });
  });
  // A hung host does nothing that leaves it: what its programs' timers would send, alert or ask
  // of its array while it hangs goes out when it resumes (and never if it crashes meanwhile).
  const send = (to: string, message: ControlMessage) =>
    host.whenRunning(() => ports.send(to, message));
  const alert = (kind: AlertKind, detail: string) =>
    host.whenRunning(() => ports.alert(id, kind, detail));
  const toRemote = (message: ControlMessage) => {
    for (const peer of identity.remote) send(peer, message);
  };
  const nextFlow = (kind: string) => `${id}/${kind}-${++flowCount}`;
  /** Answer within `ioTimeout` or not at all (a failed array answers nothing). */
  const ask = <T>(io: Observable<IoResult<T>>, on: (r: IoResult<T> | null) => void) =>
    host.whenRunning(() => askNow(io, on));
  const askNow = <T>(io: Observable<IoResult<T>>, on: (r: IoResult<T> | null) => void) => {
    let done = false;
    const watchdog = timer(hb.ioTimeout, sim.clock).subscribe(() => {
      if (done) return;
      done = true;
      host.whenRunning(() => on(null));
    });
    io.subscribe((r) => {
      if (done) return;
      done = true;
      watchdog.unsubscribe();
      host.whenRunning(() => on(r));
    });
  };
  const pairStatus = (volume: string, on: (r: IoResult<PairView> | null) => void) =>
    ask<PairView>(storage.pairStatus(volume), on);
  const command = (
    volume: string,
    cmd: Parameters<StorageApi['command']>[1],
    on: (r: IoResult<string> | null) => void
  ) => ask<string>(storage.command(volume, cmd), on);

  /**
   * Poll the own array for the state of `volumes`' pairs every `pairPollInterval` while `until`
   * has not been met; `each` gets every answer that changed. Returns the stop handle.
   */
  const pollPairs = (
    volumes: readonly string[],
    each: (states: ReadonlyMap<string, PairState>) => boolean
  ): Subscription => {
    const states = new Map<string, PairState>();
    const sub = timer(0, timers.pairPollInterval, sim.clock).subscribe(() => {
      if (host.state !== 'up') return;
      for (const v of volumes) {
        pairStatus(v, (r) => {
          if (!r || !r.ok || states.get(v) === r.value.state) return;
          states.set(v, r.value.state);
          if (states.size === volumes.length && each(states)) sub.unsubscribe();
        });
      }
    });
    return sub;
  };

  // ---- heartbeat programs ---------------------------------------------------------------

  /** Start a program's periodic work at a phase drawn from the seed (nothing is periodic in step). */
  const startAtPhase = (period: number, start: () => void) => {
    const phase = Math.floor(phases.between(0, period));
    if (phase === 0) start();
    else sim.clock.setTimeout(() => host.whenRunning(start), phase);
  };

  /** Sender programs started on this host (observers tell one run's serials from the next). */
  let senderRuns = 0;
  /** The forward sender at production, the reverse sender at the standby. */
  const ensureSender = () => {
    const pair = atProduction ? identity.forward : identity.reverse;
    if (!pair) return;
    const sender = host.ensure(
      'sender',
      {
        identifier: pair.identifier,
        mirrorDevice: pair.pvol,
        networkPeer: `${group}/${atProduction ? 'standby' : 'production'}`,
        mirror: atProduction ? disk.registered && disk.mirror : true,
        network: atProduction ? disk.network : true,
        clockOffset: host.clockOffset,
        interval: hb.interval,
        ioTimeout: hb.ioTimeout
      },
      (actor) => {
        const on = emittedBy(actor);
        const run = ++senderRuns;
        const sent = (path: PathKind, serial: number) => {
          if (atProduction) {
            ports.observe({
              type: 'HEARTBEAT_SENT',
              at: now(),
              group,
              host: id,
              path,
              serial,
              run
            });
          }
        };
        on('hb.readBack', () =>
          storage.read(pair.pvol, 0).subscribe((r) => {
            const msg = r.ok ? decodeHeartbeat(r.value?.data) : null;
            host.deliver('sender', {
              type: 'READBACK.DONE',
              serial: msg && msg.identifier === pair.identifier ? msg.serial : null
            });
          })
        );
        // One heartbeat write at a time, failed when unanswered after ioTimeout. A success while
        // the mirror row is valid decides nothing: the trace shows it (a stream-level line), the
        // chart does not hear it.
        let outstanding = false;
        on('hb.write', (e) => {
          if (outstanding) {
            host.deliver('sender', { type: 'WRITE.OVERRUN', serial: e.serial });
            return;
          }
          sent('mirror', e.serial);
          outstanding = true;
          storage
            .write(pair.pvol, 0, e.data, id)
            .pipe(
              take(1),
              map((r): WriteAnswer =>
                r.ok
                  ? { type: 'WRITE.OK', serial: e.serial }
                  : { type: 'WRITE.FAILED', serial: e.serial, error: `${r.error}: ${r.detail}` }
              ),
              timeout({
                first: e.ioTimeout,
                with: () =>
                  of<WriteAnswer>({
                    type: 'WRITE.FAILED',
                    serial: e.serial,
                    error: 'write unanswered (I/O timeout)'
                  }),
                scheduler: sim.clock
              })
            )
            .subscribe((answer) => {
              outstanding = false;
              // The statechart says whether the answer changes anything (a success after failures).
              if (answer.type === 'WRITE.OK' && !actor.getSnapshot().can(answer)) {
                sim.record(actor.id, 'WRITE.OK', { serial: answer.serial });
                return;
              }
              host.deliver('sender', answer);
            });
        });
        on('hb.send', (e) => {
          sent('network', e.serial);
          toRemote({ kind: 'hb', group, data: e.data, reverse: !atProduction });
        });
        // A new sender has not failed yet: the self-fence watch forgets an old sender's failures.
        if (atProduction) host.deliver('selfFence', { type: 'OWN.WRITES', failing: false });
        on('alert', (e) => {
          alert(e.kind, e.detail);
          // Production's self-fence watch: does the standby still hear this host's heartbeat?
          if (atProduction) {
            host.deliver('selfFence', {
              type: 'OWN.WRITES',
              failing: e.kind === 'heartbeat-write-failed'
            });
          }
        });
      }
    );
    startAtPhase(hb.interval, () => sender.send({ type: 'START' }));
  };

  /**
   * Network heartbeats on their way to the receiver (null: pass on whatever is held now). A new
   * serial on a network path that is valid, with nothing else new about it, only restarts that
   * path's timeout: it waits (only the latest) until just before the path would age, so the
   * receiver's statechart takes one instead of one per second; it carries its arrival time.
   * Anything else reaching the receiver by another route first lets the held one through.
   */
  let heartbeats: Subject<{ data: unknown; at: number } | null> | null = null;
  /**
   * Answers of the heartbeat S-VOL poll on their way to the receiver (null: pass on whatever is
   * held now). An unchanged block with an unchanged pair state is dropped; a new serial on a valid
   * mirror path, with nothing else new, waits like a network refresh.
   */
  let readAnswers: Subject<ReadAnswer | null> | null = null;
  const flushHeartbeats = () => {
    heartbeats?.next(null);
    readAnswers?.next(null);
  };

  /** The forward receiver at the standby, the reverse receiver at production. */
  const ensureReceiver = () => {
    const pair = atProduction ? identity.reverse : identity.forward;
    if (!pair) return;
    const forward = !atProduction;
    const receiver = host.ensure(
      'receiver',
      {
        identifier: pair.identifier,
        mirrorDevice: pair.svol,
        networkPeer: `${group}/${atProduction ? 'standby' : 'production'}`,
        mirror: forward ? disk.registered && disk.mirror : true,
        network: forward ? disk.network : true,
        timeout: hb.timeout,
        pollInterval: hb.pollInterval,
        ioTimeout: hb.ioTimeout,
        clockOffset: host.clockOffset
      },
      (actor) => {
        const on = emittedBy(actor);
        const known = () => {
          if (host.state !== 'up' || host.get('receiver') !== actor) return null;
          return actor.getSnapshot();
        };
        /**
         * A heartbeat on `path` that only restarts that valid path's timeout: its own identifier,
         * a serial past `after` (the row's last one by default), no reason on the row, no change of
         * skew. It may wait until just before the path would age ({@link dueBeforeAging}).
         */
        const onlyRefreshes = (path: PathKind, data: unknown, at: number, after?: number) => {
          const snap = known();
          if (!snap) return false;
          const valid =
            path === 'mirror' ? snap.hasTag('mirror-valid') : snap.hasTag('network-valid');
          if (!valid) return false;
          const { identifier, clockOffset, skewAlert, skewed } = snap.context;
          const row = snap.context[path];
          if (!row.enabled || row.lastSerial === null || row.reason !== undefined) return false;
          const msg = decodeHeartbeat(data);
          if (!msg || msg.identifier !== identifier) return false;
          if (!(msg.serial > (after ?? row.lastSerial))) return false;
          const skew = msg.time - (at + clockOffset);
          return Math.abs(skew) > skewAlert === skewed;
        };
        /** Just before `path`'s first warning, counted from its last new serial. */
        const dueBeforeAging = (path: PathKind) => () => {
          const { timeout, [path]: row } = actor.getSnapshot().context;
          return (row.lastChange ?? now()) + timeout * 0.5 - 1;
        };
        const netRefreshOnly = (hb: { data: unknown; at: number } | null, held: typeof hb) => {
          if (hb === null) return false;
          const after = held ? (decodeHeartbeat(held.data)?.serial ?? Infinity) : undefined;
          if (!onlyRefreshes('network', hb.data, hb.at, after)) return false;
          // Held: the trace still shows its arrival (a stream-level line, no state).
          sim.record(actor.id, 'NET.HEARTBEAT', { data: hb.data });
          return true;
        };
        const arrivals = new Subject<{ data: unknown; at: number } | null>();
        heartbeats = arrivals;
        arrivals
          .pipe(
            holdLatest({
              holdable: netRefreshOnly,
              dueBy: dueBeforeAging('network'),
              scheduler: sim.clock
            })
          )
          .subscribe((hb) => {
            if (hb === null || host.get('receiver') !== actor) return;
            host.deliver(
              'receiver',
              hb.at === now()
                ? { type: 'NET.HEARTBEAT', data: hb.data }
                : { type: 'NET.HEARTBEAT', data: hb.data, at: hb.at }
            );
          });
        actor.subscribe({ complete: () => arrivals.complete() });
        // The poll of the heartbeat S-VOL: the block and the pair status (pairvolchk), answered
        // together once both are in, every poll interval while the receiver watches.
        const readOnce = () =>
          combineLatest([storage.read(pair.svol, 0), storage.pairStatus(pair.svol)]).pipe(
            map(([block, status]): ReadAnswer => {
              const pairState = status.ok ? status.value.state : null;
              return block.ok
                ? { type: 'READ.DONE', data: block.value?.data ?? null, pairState, at: now() }
                : { type: 'READ.FAILED', error: `${block.error}: ${block.detail}`, pairState };
            })
          );
        /**
         * The read would change nothing: the receiver statechart itself says it takes no
         * transition for it (no baseline to take, no new serial, nothing foreign, the same pair
         * state), or it is the very block of the read already waiting (which keeps the instant
         * its serial was first seen). It is not sent — only noted in the trace.
         */
        const unchanged = (r: ReadAnswer | null, held: ReadAnswer | null | undefined) => {
          if (r === null || r.type !== 'READ.DONE') return false;
          const snap = known();
          if (!snap) return false;
          if (!snap.can(r)) return noted(r);
          const same =
            held !== null &&
            held !== undefined &&
            held.type === 'READ.DONE' &&
            held.data === r.data &&
            held.pairState === r.pairState;
          return same && noted(r);
        };
        /** A read the chart does not take (now): the trace still shows it, as a stream-level line. */
        const noted = (r: ReadAnswer & { type: 'READ.DONE' }) => {
          sim.record(actor.id, 'READ.DONE', { data: r.data, pairState: r.pairState });
          return true;
        };
        /** A new serial that only restarts a valid mirror path's timeout (same pair state). */
        const mirrorRefreshOnly = (r: ReadAnswer | null) => {
          if (r === null || r.type !== 'READ.DONE') return false;
          const c = known()?.context;
          if (!c || r.pairState !== c.pairState || c.mirrorBaselinePending) return false;
          return onlyRefreshes('mirror', r.data, r.at) && noted(r);
        };
        const answers = new Subject<ReadAnswer | null>();
        readAnswers = answers;
        answers
          .pipe(
            holdLatest({
              droppable: unchanged,
              holdable: mirrorRefreshOnly,
              dueBy: dueBeforeAging('mirror'),
              scheduler: sim.clock
            })
          )
          .subscribe((r) => {
            if (r === null || host.get('receiver') !== actor) return;
            heartbeats?.next(null);
            if (r.type === 'READ.FAILED') host.deliver('receiver', r);
            else
              host.deliver(
                'receiver',
                r.at === now() ? { type: 'READ.DONE', data: r.data, pairState: r.pairState } : r
              );
          });
        let polling: Subscription | undefined;
        on('hb.poll', (e) => {
          polling?.unsubscribe();
          polling = undefined;
          if (!e.active) return;
          polling = pollEvery<ReadAnswer>({
            interval: e.interval,
            ioTimeout: e.ioTimeout,
            read: readOnce,
            timedOut: () => ({
              type: 'READ.FAILED',
              error: `no answer within ${e.ioTimeout} ms`,
              pairState: null
            }),
            scheduler: sim.clock
          }).subscribe((r) => answers.next(r));
        });
        actor.subscribe({
          complete: () => {
            polling?.unsubscribe();
            answers.complete();
          }
        });
        on('path.status', (e) => {
          const status = { type: 'PATH.STATUS' as const, path: e.path, status: e.status };
          if (forward) {
            // Published before the decision hears it: a declaration follows the rows it rests on.
            ports.observe({
              type: 'PATH',
              at: now(),
              group,
              host: id,
              path: e.path,
              status: e.status
            });
            host.deliver('decision', status);
            host.deliver('method', status);
          } else host.deliver('selfFence', status);
        });
        on('pair.state', (e) => {
          if (forward) {
            host.deliver('decision', { type: 'PAIR.STATE', state: e.state });
            host.deliver('table', { type: 'PAIR.STATE', state: e.state });
          } else host.deliver('selfFence', { type: 'PAIR.STATE', state: e.state });
        });
        on('alert', (e) => {
          if (forward) alert(e.kind, e.detail);
          // Production watching the standby: losses are alerts, the warnings only narrated.
          else if (e.kind === 'heartbeat-warning') narrate('info', `reverse ${e.detail}`);
          else alert(e.kind, `reverse heartbeat: ${e.detail}`);
        });
      }
    );
    startAtPhase(hb.pollInterval, () => receiver.send({ type: 'START' }));
  };

  // ---- the standby's decision and failover ----------------------------------------------

  const ensureDecision = () =>
    host.ensure(
      'decision',
      {
        method: methodOf({ mirror: disk.registered && disk.mirror, network: disk.network }),
        onSiteIsolation: config.failover.onSiteIsolation,
        selfFenceWait: timers.selfFenceWait,
        tiebreakerRetry: hb.timeout,
        group
      },
      (actor) => {
        const on = emittedBy(actor);
        let lastVerdict = actor.getSnapshot().context.verdict;
        actor.subscribe((snap) => {
          // A frozen decision (hung host) keeps its verdict; the declaration is its own observation.
          if (snap.value === 'frozen' || snap.matches({ on: 'declared' })) return;
          if (snap.context.verdict === lastVerdict) return;
          lastVerdict = snap.context.verdict;
          ports.observe({ type: 'VERDICT', at: now(), group, host: id, verdict: lastVerdict });
        });
        on('failure.declared', (e) => {
          lastVerdict = e.verdict;
          ports.observe({
            type: 'DECLARED',
            at: now(),
            group,
            host: id,
            verdict: e.verdict,
            reason: e.reason
          });
          narrate('decision', `failure declared: ${e.reason}`);
          host.deliver('role', { type: 'DECLARED' });
          host.deliver('failover', { type: 'DECLARED', reason: e.reason });
        });
        on('tiebreaker.request', () => {
          if (!ports.quorum) return;
          narrate('decision', 'asks the tiebreaker for the takeover');
          const answer = ports.quorum.request('standby');
          host.deliver(
            'decision',
            answer.granted
              ? { type: 'TIEBREAKER.GRANTED' }
              : { type: 'TIEBREAKER.DENIED', holder: answer.holder }
          );
        });
        on('alert', (e) => alert(e.kind, e.detail));
      }
    );

  const ensureFailover = () =>
    host.ensure(
      'failover',
      {
        group,
        dataVolume: identity.dataVolume,
        confirmWait: config.failover.confirmWait,
        fenceTimeout: config.failover.fenceTimeout,
        takeoverTimeout: timers.takeoverTimeout,
        startTimeout: timers.startTimeout,
        retryDelay: timers.retryDelay
      },
      (actor) => {
        const on = emittedBy(actor);
        const fence = () => toRemote({ kind: 'fence', group });
        on('fence.request', () => {
          narrate('decision', 'asks production to fence itself (stop application and heartbeat)');
          fence();
        });
        // Repeats of an unacknowledged fence: the timer may fire while this host hangs.
        on('fence.retry', () => host.whenRunning(fence));
        on('storage.takeover', (e) => {
          narrate('decision', `takeover of ${e.volume} requested from its array`);
          storage
            .command(e.volume, 'takeover')
            .subscribe((r) =>
              host.deliver(
                'failover',
                r.ok
                  ? { type: 'TAKEOVER.DONE', kind: r.value }
                  : { type: 'TAKEOVER.REFUSED', detail: r.detail }
              )
            );
        });
        on('app.start', () => host.deliver('role', { type: 'TAKE.OVER' }));
        on('failover.completed', (e) => {
          ports.observe({
            type: 'FAILOVER_COMPLETED',
            at: now(),
            group,
            host: id,
            takeover: e.takeover
          });
          narrate('decision', `failover completed (${e.takeover})`);
          host.drop('receiver');
        });
        on('failover.refused', (e) => {
          ports.observe({ type: 'FAILOVER_REFUSED', at: now(), group, host: id, detail: e.detail });
          narrate('decision', `failover refused: ${e.detail}`);
          if (e.release) {
            // Production stopped for a takeover that did not happen: let it serve again.
            narrate('decision', 'releases production from the fence');
            host.whenRunning(() => toRemote({ kind: 'unfence', group }));
          }
        });
        on('failover.retry', () => {
          host.deliver('decision', { type: 'RESET' });
          host.deliver('role', { type: 'FAILOVER.RETRY' });
        });
        on('alert', (e) => alert(e.kind, e.detail));
      }
    );

  // ---- production's watch over the standby and takeover request -------------------------

  const ensureSelfFence = () =>
    host.ensure(
      'selfFence',
      {
        group,
        selfFenceAfter: hb.selfFenceAfter,
        rejoinRetry: hb.interval,
        pauseTolerance: timers.pauseTolerance
      },
      (actor) => {
        const on = emittedBy(actor);
        const serving = () => host.get('role')?.getSnapshot().matches('serving') === true;
        on('alert', (e) => {
          if (serving()) alert(e.kind, e.detail);
        });
        on('self.fence', (e) => host.deliver('role', { type: 'SELF.FENCE', reason: e.reason }));
        on('rejoin.request', () => toRemote({ kind: 'rejoin-request', group }));
        on('self.unfence', () => host.deliver('role', { type: 'SELF.UNFENCE' }));
      }
    );

  const ensureRequest = () =>
    host.ensure('request', { group, retryInterval: hb.interval }, (actor) => {
      const on = emittedBy(actor);
      on('request.send', (e) => toRemote({ kind: 'takeover-request', group, reason: e.reason }));
      // Until the standby has heard the request, the failed application does not restart: the
      // standby may be taking over without a way to tell production (fence level never).
      let held = false;
      actor.subscribe((snap) => {
        const hold = snap.matches('requesting') || snap.matches('frozen');
        if (hold === held) return;
        held = hold;
        host.deliver('app', { type: hold ? 'HOLD' : 'RELEASE' });
      });
    });

  // ---- the application and its writes --------------------------------------------------

  let writes: Subscription | null = null;
  let renewals: Subscription | null = null;
  const stopWriting = () => {
    writes?.unsubscribe();
    writes = null;
  };
  const stopRenewing = () => {
    renewals?.unsubscribe();
    renewals = null;
  };
  /** Whether this host's application runs (as last published). */
  let appRunning = false;
  host.onCrash(() => {
    stopWriting();
    stopRenewing();
    // The crash took the application with it (its program is gone, not stopped).
    if (appRunning) {
      appRunning = false;
      ports.observe({ type: 'APP', at: now(), group, host: id, site, running: false });
    }
  });
  const startWriting = () => {
    if (writes) return;
    // Writes not yet answered or given up on, oldest first; answered ones leave from the front
    // (a flag per write rather than a map entry: this runs ten times a second per group).
    const outstanding: { issuedAt: number; settled: boolean }[] = [];
    // The application hears a write's outcome only when it can change something: a success
    // while it is blocked, a failure unless it is blocked by the very same error already.
    const report = (r: { ok: true } | { ok: false; error: string }) => {
      const app = host.get('app');
      if (!app) return;
      const snap = app.getSnapshot();
      const blocked = snap.hasTag('blocked');
      if (r.ok) {
        if (blocked) host.deliver('app', { type: 'WRITE.OK' });
      } else if (!blocked || snap.context.lastError !== r.error) {
        host.deliver('app', { type: 'WRITE.FAILED', error: r.error });
      }
    };
    // Lazy I/O watchdog, checked on each write: a write older than ioTimeout still unanswered
    // means the array is silent. No timer per write on the hot path.
    const expireUnanswered = (now: number) => {
      while (outstanding.length > 0) {
        const oldest = outstanding[0];
        if (!oldest.settled && now - oldest.issuedAt < hb.ioTimeout) break;
        outstanding.shift();
        if (oldest.settled) continue;
        oldest.settled = true;
        ports.observe({
          type: 'APP_WRITE_FAILED',
          at: now,
          group,
          site,
          volume: identity.dataVolume,
          writer: id,
          error: 'timeout'
        });
        report({ ok: false, error: 'timeout' });
      }
    };
    writes = poissonArrivals(config.workload.writesPerSecond, writesRandom, sim.clock).subscribe(
      (seq) => {
        if (host.state !== 'up') return;
        const now = sim.now();
        if (outstanding.length > 0) expireUnanswered(now);
        const write = { issuedAt: now, settled: false };
        outstanding.push(write);
        storage.write(identity.dataVolume, seq % DATA_BLOCKS, { n: seq }, id).subscribe((r) => {
          const at = sim.now();
          const volume = identity.dataVolume;
          // The users' view: every answer that reaches the application, even a late one.
          ports.observe(
            r.ok
              ? { type: 'APP_WRITE_ACK', at, group, site, volume, writer: id, writeSeq: seq + 1 }
              : { type: 'APP_WRITE_FAILED', at, group, site, volume, writer: id, error: r.error }
          );
          // Answered after the watchdog gave up on it: already reported.
          if (write.settled) return;
          write.settled = true;
          while (outstanding.length > 0 && outstanding[0].settled) outstanding.shift();
          report(r);
        });
      }
    );
  };

  /** Before (re)starting the application, check whose the data volume is (pairvolchk). */
  const checkStillOurs = () =>
    pairStatus(identity.dataVolume, (r) => {
      if (!r || !r.ok || ownsData(r.value)) return;
      host.deliver('role', {
        type: 'STAND.DOWN',
        detail: `${identity.dataVolume} was taken over by the other site (${r.value.state}, role ${r.value.role})`
      });
    });

  const ensureApp = () =>
    host.ensure(
      'app',
      {
        group,
        site,
        startTime: config.failover.appStartTime,
        restartDelay: hb.ioTimeout
      },
      (actor) => {
        const on = emittedBy(actor);
        let wasStarting = false;
        actor.subscribe((snap) => {
          const up = snap.matches('running');
          if (up !== appRunning) {
            appRunning = up;
            ports.observe({ type: 'APP', at: now(), group, host: id, site, running: up });
          }
          const starting = snap.matches('starting');
          if (starting && !wasStarting) checkStillOurs();
          wasStarting = starting;
          const running = snap.matches('running');
          if (running) startWriting();
          else stopWriting();
          if (running && ports.quorum && !renewals) {
            const quorum = ports.quorum;
            renewals = timer(0, hb.interval, sim.clock).subscribe(() => {
              if (host.state !== 'up') return;
              const answer = quorum.renew(site);
              if (!answer.granted && atProduction) {
                host.deliver('role', { type: 'LEASE.LOST', holder: answer.holder });
              }
            });
          } else if (!running) stopRenewing();
        });
        on('app.running', () => {
          narrate('state', `application running at ${site}`);
          host.deliver('request', { type: 'CANCEL' });
          host.deliver('failover', { type: 'APP.RUNNING' });
          host.deliver('failbackReturn', { type: 'APP.RUNNING' });
        });
        on('app.failed', (e) => {
          narrate('state', `application failed: ${e.detail}`);
          host.deliver('role', { type: 'APP.FAILED', detail: e.detail });
        });
        on('app.stopped', (e) => {
          narrate('state', `application stopped: ${e.reason}`);
          // Stopped by itself (its volume no longer writable): the site stands down. Stopped by
          // the role, this reaches a role that no longer serves and changes nothing.
          host.deliver('role', { type: 'APP.STOPPED', reason: e.reason });
          // Stopped (fenced, stood down, switched back): nothing left to ask the standby for.
          host.deliver('request', { type: 'CANCEL' });
          host.deliver('failback', { type: 'APP.STOPPED' });
        });
        on('alert', (e) => alert(e.kind, e.detail));
      }
    );

  // ---- the role -------------------------------------------------------------------------

  const serve = () => {
    if (atProduction) {
      ensureSender();
      if (identity.reverse) {
        // Second configuration: production watches the standby too, afresh each time it serves.
        host.drop('selfFence');
        if (selfFencing) ensureSelfFence().send({ type: 'START' });
        ensureReceiver();
      }
    }
    ensureApp().send({ type: 'START' });
  };

  const monitor = () => {
    ensureDecision().send({ type: 'START' });
    ensureFailover();
    ensureReceiver();
    if (identity.reverse) ensureSender();
  };

  const stopServing = (reason: string, keepWatch: boolean) => {
    if (host.get('app')) host.deliver('app', { type: 'STOP', reason });
    if (atProduction) host.drop('sender');
    // Fenced or stood down by the standby's doing: no self-fence watch (nor rejoin) meanwhile.
    if (!keepWatch) host.drop('selfFence');
    host.deliver('request', { type: 'CANCEL' });
  };

  const ensureRole = () =>
    host.ensure(
      'role',
      { group, site, restarted: host.restarted, probeRetry: hb.pollInterval },
      (actor) => {
        const on = emittedBy(actor);
        on('role.probe', () =>
          pairStatus(identity.dataVolume, (r) =>
            host.deliver('role', {
              type: 'PROBE.ANSWER',
              owner: !r || !r.ok ? 'unknown' : ownsData(r.value) ? 'this-site' : 'other-site',
              ...(r && r.ok && !ownsData(r.value)
                ? {
                    detail: `${identity.dataVolume} belongs to the other site (${r.value.state}, role ${r.value.role})`
                  }
                : {})
            })
          )
        );
        on('role.serve', () => serve());
        on('role.monitor', () => monitor());
        on('role.stop', (e) => stopServing(e.reason, e.keepWatch));
        on('fence.ack', (e) => send(e.to, { kind: 'fence-ack', group }));
        on('unfence.send', () => toRemote({ kind: 'unfence', group }));
        on('fence.reassert', () => ensureFailover().send({ type: 'REASSERT' }));
        on('takeover.request', (e) => ensureRequest().send({ type: 'REQUEST', reason: e.reason }));
        on('rejoin.answer', (e) =>
          send(e.to, { kind: e.ok ? 'rejoin-ok' : 'rejoin-denied', group })
        );
        on('note', (e) => narrate('decision', e.text));
        on('alert', (e) => alert(e.kind, e.detail));
      }
    );

  const ensureTable = () =>
    host.ensure(
      'table',
      {
        site,
        volume: atProduction ? identity.forward.pvol : identity.forward.svol,
        registered: disk.registered,
        mirror: disk.mirror,
        network: disk.network
      },
      (actor) => {
        const on = emittedBy(actor);
        on('table.changed', (e) => {
          const snap = actor.getSnapshot().context;
          disk.registered = snap.registered;
          disk.mirror = snap.mirror;
          disk.network = snap.network;
          if (atProduction) {
            host.deliver('sender', { type: 'SET.PATHS', mirror: e.mirror, network: e.network });
          } else {
            flushHeartbeats();
            host.deliver('receiver', { type: 'SET.PATHS', mirror: e.mirror, network: e.network });
            host.deliver('decision', { type: 'SET.METHOD', method: methodOf(e) });
          }
        });
        on('activate.ack', (e) => send(e.to, { kind: 'hb-activate-ack', group, flow: e.flow }));
        on('deactivate.ack', (e) => send(e.to, { kind: 'hb-deactivate-ack', group, flow: e.flow }));
        on('deactivate.refused', (e) =>
          send(e.to, { kind: 'hb-deactivate-refused', group, flow: e.flow, reason: e.reason })
        );
        on('paths.ack', (e) =>
          send(e.to, { kind: 'hb-paths-ack', group, flow: e.flow, step: e.step })
        );
        on('note', (e) => narrate('state', e.text));
      }
    );

  // ---- lifecycle flows (each site's half) ------------------------------------------------

  /** The flow id of the lifecycle flow running in `slot` (messages echo it). */
  const flowIds: Partial<Record<ProgramName, string>> = {};
  const forFlow = (slot: ProgramName, flow: string) => flowIds[slot] === flow;
  const endFlow = (slot: ProgramName, polls: Subscription[] = []) => {
    for (const p of polls) p.unsubscribe();
    delete flowIds[slot];
    // Dropped after the event that ended it has been handled.
    sim.clock.setTimeout(() => {
      if (!flowIds[slot]) host.drop(slot);
    }, 0);
  };
  const role = () => host.get('role')?.getSnapshot();
  const busy = (): string | null => {
    for (const slot of ['install', 'uninstall', 'method', 'failback', 'failbackReturn'] as const) {
      if (flowIds[slot]) return `another change (${slot}) is in progress`;
    }
    return null;
  };
  const notNormal =
    'this site is not in its normal role (production serving, standby monitoring): fail back first';
  const deletePair = (
    volume: string,
    reply: (e: { type: 'DELETE.DONE' } | { type: 'DELETE.FAILED'; detail: string }) => void
  ) =>
    command(volume, 'delete', (r) =>
      reply(
        r && r.ok
          ? { type: 'DELETE.DONE' }
          : { type: 'DELETE.FAILED', detail: r && !r.ok ? r.detail : 'no answer' }
      )
    );

  const install = () => {
    const why = busy() ?? (role()?.matches('serving') ? null : notNormal);
    if (why) return alert('install-failed', `${group}: install refused: ${why}`);
    const flow = nextFlow('install');
    flowIds.install = flow;
    const polls: Subscription[] = [];
    const pvol = identity.forward.pvol;
    const actor = host.ensure(
      'install',
      {
        group,
        pvol,
        svol: identity.forward.svol,
        attempts: timers.attempts,
        ackTimeout: timers.ackTimeout,
        commandTimeout: timers.commandTimeout,
        copyTimeout: timers.copyTimeout
      },
      (a) => {
        const on = emittedBy(a);
        on('pair.create', (e) =>
          command(e.volume, 'create', (r) => {
            if (!r || !r.ok) {
              return host.deliver('install', {
                type: 'CREATE.REFUSED',
                detail: r && !r.ok ? r.detail : 'no answer'
              });
            }
            host.deliver('install', { type: 'CREATE.ACCEPTED' });
            polls.push(
              pollPairs([pvol], (states) => {
                const state = states.get(pvol)!;
                host.deliver('install', { type: 'PAIR.STATE', state });
                return state !== 'COPY';
              })
            );
          })
        );
        on('pvol.register', () => host.deliver('table', { type: 'REGISTER' }));
        on('pvol.unregister', () => host.deliver('table', { type: 'UNREGISTER' }));
        on('activation.send', () => toRemote({ kind: 'hb-activate', group, flow }));
        on('activation.cancel', () => toRemote({ kind: 'hb-cancel', group, flow }));
        on('pair.delete', (e) => deletePair(e.volume, (ev) => host.deliver('install', ev)));
        on('alert', (e) => alert(e.kind, e.detail));
        on('install.done', () => endFlow('install', polls));
      }
    );
    actor.send({ type: 'START' });
  };

  const uninstall = () => {
    const why = busy() ?? (role()?.matches('serving') ? null : notNormal);
    if (why) return alert('uninstall-aborted', `${group}: de-install refused: ${why}`);
    const flow = nextFlow('uninstall');
    flowIds.uninstall = flow;
    const actor = host.ensure(
      'uninstall',
      {
        group,
        pvol: identity.forward.pvol,
        installed: disk.registered,
        mirrorOnly: methodOf({ mirror: disk.mirror, network: disk.network }) === 'mirror',
        attempts: timers.attempts,
        ackTimeout: timers.ackTimeout,
        commandTimeout: timers.commandTimeout
      },
      (a) => {
        const on = emittedBy(a);
        on('deactivation.send', () => toRemote({ kind: 'hb-deactivate', group, flow }));
        on('activation.send', () => toRemote({ kind: 'hb-activate', group, flow }));
        on('pvol.unregister', () => host.deliver('table', { type: 'UNREGISTER' }));
        on('pvol.register', () => host.deliver('table', { type: 'REGISTER' }));
        on('pair.delete', (e) => deletePair(e.volume, (ev) => host.deliver('uninstall', ev)));
        on('alert', (e) => alert(e.kind, e.detail));
        on('uninstall.done', () => endFlow('uninstall'));
      }
    );
    actor.send({ type: 'START' });
  };

  const setMethod = (method: CheckingMethod) => {
    const from = methodOf({ mirror: disk.mirror, network: disk.network });
    const why = busy() ?? (role()?.matches('monitoring') ? null : notNormal);
    if (why) return alert('method-refused', `${group}: ${from} → ${method} refused: ${why}`);
    const flow = nextFlow('method');
    flowIds.method = flow;
    const actor = host.ensure(
      'method',
      {
        group,
        from,
        to: method,
        mirrorInstalled: disk.registered,
        attempts: timers.attempts,
        ackTimeout: timers.ackTimeout,
        proveTime: hb.timeout
      },
      (a) => {
        const on = emittedBy(a);
        on('standby.setPaths', (e) =>
          host.deliver('table', { type: 'SET.PATHS', mirror: e.mirror, network: e.network })
        );
        on('sender.setPaths', (e) =>
          toRemote({
            kind: 'hb-paths',
            group,
            flow,
            step: e.step,
            mirror: e.mirror,
            network: e.network
          })
        );
        on('alert', (e) => alert(e.kind, e.detail));
        on('method.done', (e) => {
          if (e.ok && e.reason) narrate('info', e.reason);
          endFlow('method');
        });
      }
    );
    actor.send({ type: 'START' });
  };

  const failback = () => {
    const why = busy();
    if (why) return alert('failback-refused', `${group}: failback refused: ${why}`);
    const standbyServing = role()?.matches('serving') === true;
    const flow = nextFlow('failback');
    flowIds.failback = flow;
    const polls: Subscription[] = [];
    pairStatus(identity.dataVolume, (r) => {
      if (flowIds.failback !== flow) return;
      if (!r || !r.ok) {
        delete flowIds.failback;
        return alert(
          'failback-refused',
          `${group}: failback refused: the standby array does not answer`
        );
      }
      const view = r.value;
      const actor = host.ensure(
        'failback',
        {
          group,
          standbyServing,
          pairState: view.state,
          primaryAtStandby: view.role === 'P',
          commandTimeout: timers.commandTimeout,
          copyTimeout: timers.copyTimeout,
          appTimeout: timers.startTimeout,
          probeTimeout: timers.ackTimeout * timers.attempts,
          switchTimeout: timers.commandTimeout + timers.quorumTimeout + timers.startTimeout
        },
        (a) => {
          const on = emittedBy(a);
          on('production.probe', () => toRemote({ kind: 'failback-probe', group, flow }));
          on('pair.reverseResync', () => {
            narrate('decision', `reverse resync of ${identity.dataVolume} (swap)`);
            command(identity.dataVolume, 'swap', (c) => {
              if (!c || !c.ok) {
                return host.deliver('failback', {
                  type: 'SWAP.REFUSED',
                  detail: c && !c.ok ? c.detail : 'no answer'
                });
              }
              host.deliver('failback', { type: 'SWAP.ACCEPTED' });
              polls.push(
                pollPairs([identity.dataVolume], (states) => {
                  const state = states.get(identity.dataVolume)!;
                  host.deliver('failback', { type: 'PAIR.STATE', state });
                  return state !== 'COPY';
                })
              );
            });
          });
          on('heartbeat.resync', () => {
            // Production resyncs the pair whose P-VOL it holds; this site the reverse one.
            toRemote({ kind: 'hb-resync', group, flow });
            const watched = [identity.forward.svol];
            if (identity.reverse) {
              watched.push(identity.reverse.pvol);
              command(identity.reverse.pvol, 'resync', () => undefined);
            }
            polls.push(
              pollPairs(watched, (states) => {
                const ready = [...states.values()].every((s) => s === 'PAIR' || s === 'SMPL');
                if (ready) host.deliver('failback', { type: 'HB.READY' });
                return ready;
              })
            );
          });
          on('standby.stopApp', () => {
            // The failover is over: no more repeats of a fence production never acknowledged.
            host.deliver('failover', { type: 'RESET' });
            const app = host.get('app');
            host.deliver('role', { type: 'HAND.OVER' });
            if (!app || app.getSnapshot().matches('stopped')) {
              host.deliver('failback', { type: 'APP.STOPPED' });
            }
          });
          on('pair.switchBack', () => toRemote({ kind: 'switch-back', group, flow }));
          on('standby.startApp', () => host.deliver('role', { type: 'HAND.BACK' }));
          on('standby.monitor', () => {
            for (const name of ['app', 'sender', 'receiver', 'decision', 'failover'] as const) {
              host.drop(name);
            }
            narrate('state', 'back to monitoring production (fresh programs)');
            host.deliver('role', { type: 'MONITOR' });
          });
          on('alert', (e) => alert(e.kind, e.detail));
          on('failback.done', () => endFlow('failback', polls));
        }
      );
      actor.send({ type: 'START' });
    });
  };

  /** Production's half of the failback: answer the probe, resync, switch back. */
  const answerProbe = (m: ControlOf<'failback-probe'>, from: string) =>
    pairStatus(identity.dataVolume, (r) =>
      send(
        from,
        r && r.ok
          ? { kind: 'failback-ready', group, flow: m.flow }
          : {
              kind: 'failback-not-ready',
              group,
              flow: m.flow,
              problem: r && !r.ok ? `its array: ${r.detail}` : 'its array does not answer'
            }
      )
    );

  const switchBack = (m: ControlOf<'switch-back'>, from: string) => {
    if (flowIds.failbackReturn) return;
    flowIds.failbackReturn = m.flow;
    const actor = host.ensure(
      'failbackReturn',
      {
        group,
        dataVolume: identity.dataVolume,
        quorum: ports.quorum !== null,
        commandTimeout: timers.commandTimeout,
        quorumTimeout: timers.quorumTimeout,
        quorumRetry: hb.interval,
        appTimeout: timers.startTimeout
      },
      (a) => {
        const on = emittedBy(a);
        on('storage.takeover', (e) =>
          command(e.volume, 'takeover', (r) =>
            host.deliver(
              'failbackReturn',
              r && r.ok
                ? { type: 'TAKEOVER.DONE', kind: r.value }
                : { type: 'TAKEOVER.REFUSED', detail: r && !r.ok ? r.detail : 'no answer' }
            )
          )
        );
        on('quorum.request', () => {
          if (ports.quorum?.request('production').granted) {
            host.deliver('failbackReturn', { type: 'QUORUM.GRANTED' });
          } else narrate('decision', 'waits for the standby quorum lease to run out');
        });
        on('production.serve', () => {
          // Fresh programs: the sender continues the serial read back from the P-VOL.
          if (host.get('app')) host.deliver('app', { type: 'STOP', reason: 'failback restart' });
          for (const name of ['app', 'sender', 'receiver', 'selfFence'] as const) host.drop(name);
          host.deliver('role', { type: 'SERVE' });
        });
        on('switch.done', (e) => {
          send(e.to, { kind: 'switch-back-done', group, flow: e.flow, takeover: e.takeover });
          endFlow('failbackReturn');
        });
        on('switch.refused', (e) => {
          send(e.to, {
            kind: 'switch-back-refused',
            group,
            flow: e.flow,
            detail: e.detail,
            restart: e.restart
          });
          endFlow('failbackReturn');
        });
      }
    );
    actor.send({ type: 'SWITCH.BACK', from, flow: m.flow });
  };

  // ---- the inbox: which program each message is for --------------------------------------

  /** One route per message kind: the program it is delivered to (only a running program gets it). */
  const ROUTES: { [K in ControlKind]: (m: ControlOf<K>, from: string) => void } = {
    hb: (m) => {
      // Forward heartbeats are for the standby's receiver, reverse ones for production's.
      if (m.reverse === atProduction) heartbeats?.next({ data: m.data, at: now() });
    },
    fence: (_m, from) => {
      // A fence still in flight when a switch back began is stale.
      if (flowIds.failbackReturn) return;
      host.deliver('role', { type: 'FENCE', from });
    },
    'fence-ack': (_m, from) => host.deliver('failover', { type: 'FENCE.ACK', from }),
    unfence: (_m, from) => host.deliver('role', { type: 'UNFENCE', from }),
    'takeover-request': (m, from) => {
      // Only a host that watches production (its decision runs) acknowledges: a request it
      // cannot act on must be repeated.
      if (!host.get('decision')) return;
      host.deliver('decision', { type: 'TAKEOVER.REQUESTED', reason: m.reason });
      send(from, { kind: 'takeover-ack', group });
    },
    'takeover-ack': () => host.deliver('request', { type: 'ACK' }),
    'rejoin-request': (_m, from) => host.deliver('role', { type: 'REJOIN.REQUEST', from }),
    'rejoin-ok': () => host.deliver('selfFence', { type: 'REJOIN.OK' }),
    'rejoin-denied': () => host.deliver('selfFence', { type: 'REJOIN.DENIED' }),
    'hb-activate': (m, from) => host.deliver('table', { type: 'ACTIVATE', from, flow: m.flow }),
    'hb-deactivate': (m, from) =>
      host.deliver('table', { type: 'DEACTIVATE', from, flow: m.flow, busy: busy() ?? undefined }),
    'hb-cancel': () => host.deliver('table', { type: 'CANCEL' }),
    'hb-paths': (m, from) =>
      host.deliver('table', {
        type: 'SET.PATHS',
        mirror: m.mirror,
        network: m.network,
        ack: { to: from, flow: m.flow, step: m.step }
      }),
    'hb-activate-ack': (m) => {
      if (forFlow('install', m.flow)) host.deliver('install', { type: 'ACTIVATION.ACK' });
      if (forFlow('uninstall', m.flow)) host.deliver('uninstall', { type: 'ACTIVATION.ACK' });
    },
    'hb-deactivate-ack': (m) => {
      if (forFlow('uninstall', m.flow)) host.deliver('uninstall', { type: 'DEACTIVATION.ACK' });
    },
    'hb-deactivate-refused': (m) => {
      if (forFlow('uninstall', m.flow)) {
        host.deliver('uninstall', { type: 'DEACTIVATION.REFUSED', reason: m.reason });
      }
    },
    'hb-paths-ack': (m) => {
      if (forFlow('method', m.flow)) {
        host.deliver('method', { type: 'SENDER.ACK', step: m.step });
      }
    },
    'failback-probe': (m, from) => {
      if (host.get('role')) answerProbe(m, from);
    },
    'failback-ready': (m) => {
      if (forFlow('failback', m.flow)) host.deliver('failback', { type: 'PROBE.READY' });
    },
    'failback-not-ready': (m) => {
      if (forFlow('failback', m.flow)) {
        host.deliver('failback', { type: 'PROBE.NOT_READY', problem: m.problem });
      }
    },
    'hb-resync': () => {
      if (host.get('role')) command(identity.forward.pvol, 'resync', () => undefined);
    },
    'switch-back': (m, from) => {
      if (host.get('role')) switchBack(m, from);
    },
    'switch-back-done': (m) => {
      if (forFlow('failback', m.flow))
        host.deliver('failback', { type: 'SWITCHED', takeover: m.takeover });
    },
    'switch-back-refused': (m) => {
      if (forFlow('failback', m.flow)) {
        host.deliver('failback', { type: 'SWITCH.REFUSED', detail: m.detail, restart: m.restart });
      }
    }
  };
  const route = <K extends ControlKind>(m: ControlOf<K>, from: string) =>
    (ROUTES[m.kind] as (m: ControlOf<K>, from: string) => void)(m, from);

  ports.inbox$.subscribe((packet) =>
    host.whenRunning(() => {
      if (packet.payload.group === group) route(packet.payload, packet.from);
    })
  );

  // ---- automatic resync (remoteCopy.autoResync) -----------------------------------------

  /** The volumes of this group held at this site, whichever role each has now. */
  const siteVolumes = [
    identity.dataVolume,
    atProduction ? identity.forward.pvol : identity.forward.svol,
    ...(identity.reverse ? [atProduction ? identity.reverse.svol : identity.reverse.pvol] : [])
  ];
  const ensureAutoResync = () =>
    host.ensure(
      'autoResync',
      { group, checkInterval: timers.pairPollInterval, answerTimeout: hb.ioTimeout },
      (actor) => {
        const on = emittedBy(actor);
        on('pairs.query', () => {
          const suspended: string[] = [];
          let answers = 0;
          for (const volume of siteVolumes) {
            pairStatus(volume, (r) => {
              if (r && r.ok && r.value.role === 'P' && r.value.state === 'PSUE') {
                suspended.push(volume);
              }
              if (++answers === siteVolumes.length) {
                host.deliver('autoResync', { type: 'PAIRS.ANSWER', suspended });
              }
            });
          }
        });
        on('resync.request', ({ volume }) =>
          command(volume, 'resync', (r) =>
            host.deliver(
              'autoResync',
              r && r.ok
                ? { type: 'RESYNC.ACCEPTED', volume }
                : { type: 'RESYNC.REFUSED', volume, detail: r && !r.ok ? r.detail : 'no answer' }
            )
          )
        );
        on('note', (e) => narrate('decision', e.text));
      }
    );

  // ---- local membership ----------------------------------------------------------------

  const solo = identity.members.length <= 1;
  const becomeActive = () => {
    active = true;
    ensureTable();
    ensureRole().send({ type: 'START' });
    if (config.remoteCopy.autoResync) ensureAutoResync().send({ type: 'START' });
  };
  const dropAll = () => {
    for (const name of [
      'role',
      'table',
      'sender',
      'receiver',
      'decision',
      'selfFence',
      'failover',
      'app',
      'request',
      'install',
      'uninstall',
      'method',
      'failback',
      'failbackReturn',
      'autoResync'
    ] as const) {
      host.drop(name);
    }
    stopWriting();
    stopRenewing();
  };
  const peerTimers = new Map<string, Subscription>();
  const heard = new Map<string, string | null>();
  const startMembership = () => {
    heard.clear();
    host
      .ensure(
        'members',
        {
          self: id,
          group,
          site,
          members: [...identity.members],
          restarted: host.restarted,
          promoteDelay: timers.localPromoteDelay,
          joinWait: timers.localBeatTimeout
        },
        (actor) => {
          const on = emittedBy(actor);
          on('member.promote', () => becomeActive());
          on('member.follow', () => {
            if (active) {
              active = false;
              dropAll();
            }
          });
          on('member.fence', (e) => {
            narrate('decision', `fences silent member ${e.host} before the local takeover`);
            host.whenRunning(() => ports.powerFence(e.host));
          });
          on('alert', (e) =>
            host.whenRunning(() => ports.alert(`${group}/${site}`, e.kind, e.detail))
          );
        }
      )
      .send({ type: 'START' });
  };
  if (!solo) {
    ports.localBeats$.subscribe((beat) =>
      host.whenRunning(() => {
        if (beat.from === id) return;
        const before = heard.get(beat.from);
        heard.set(beat.from, beat.active);
        if (before === undefined || before !== beat.active) {
          host.deliver('members', { type: 'PEER.HEARD', peer: beat.from, active: beat.active });
        }
        peerTimers.get(beat.from)?.unsubscribe();
        peerTimers.set(
          beat.from,
          timer(timers.localBeatTimeout, sim.clock).subscribe(() =>
            host.whenRunning(() => {
              heard.delete(beat.from);
              host.deliver('members', { type: 'PEER.SILENT', peer: beat.from });
            })
          )
        );
      })
    );
    timer(0, timers.localBeatInterval, sim.clock).subscribe(() => {
      if (host.state !== 'up') return;
      const view = host.get('members')?.getSnapshot().context.active ?? null;
      ports.beat({ from: id, active: view });
    });
  }

  const boot = () => {
    if (solo) becomeActive();
    else startMembership();
  };

  return {
    id,
    site,
    group,
    get state() {
      return host.state;
    },
    get: (name) => host.get(name),
    start: boot,
    crash() {
      if (host.state === 'crashed') return;
      active = false;
      for (const key of Object.keys(flowIds) as ProgramName[]) delete flowIds[key];
      for (const t of peerTimers.values()) t.unsubscribe();
      peerTimers.clear();
      host.crash();
    },
    recover() {
      if (host.state !== 'crashed') return;
      host.recover();
      boot();
    },
    hang: () => {
      flushHeartbeats();
      host.hang();
    },
    resume: () => host.resume(),
    skew: (offset) => {
      flushHeartbeats();
      host.skew(offset);
    },
    install: () => host.whenRunning(() => active && atProduction && install()),
    uninstall: () => host.whenRunning(() => active && atProduction && uninstall()),
    setMethod: (method) => host.whenRunning(() => active && !atProduction && setMethod(method)),
    failback: () => host.whenRunning(() => active && !atProduction && failback()),
    isActive: () => active && host.state !== 'crashed'
  };
}
