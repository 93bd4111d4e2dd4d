/**
 * Wiring of the heartbeat lifecycle statecharts to the world: install (FIG. 4,
 * machines/installMachine.ts), de-install (FIG. 5, machines/uninstallMachine.ts) and the live
 * change of the checking method (FIG. 8, machines/checkingMethodMachine.ts). The statecharts
 * decide; this module carries out what they emit — storage pair commands, status-table changes,
 * control messages over the network — and answers them with events. One flow at a time per
 * application group.
 *
 * Control messages (network payloads, each with `group` and the flow's `flow` number):
 * `hb-activate` / `hb-activate-ack` (the standby registers its S-VOL and watches it),
 * `hb-deactivate` / `hb-deactivate-ack` (it stops watching), `hb-cancel` (an install rolled back),
 * `hb-paths` / `hb-paths-ack` (production's sender switches its paths).
 */
import type { Actor, AnyActorLogic } from 'xstate';
import type { HostRuntime } from '../actors/createHost';
import { checkingMethodMachine, methodOf } from '../machines/checkingMethodMachine';
import { installMachine } from '../machines/installMachine';
import { uninstallMachine } from '../machines/uninstallMachine';
import type { CheckingMethod } from '../model/config';
import type { AlertKind } from '../model/scenario';
import type { PairState, SiteId } from '../model/storageTypes';
import type { ClusterInternals, GroupRuntime } from './createCluster';

/** A lifecycle flow in progress for one application group. */
export interface FlowRuntime {
  kind: 'install' | 'uninstall' | 'method' | 'failback';
  /** Sequence number of the flow (echoed by control messages). */
  id: number;
  /** The flow's statechart actor. */
  actor: { send(event: { type: string; [key: string]: unknown }): void };
  /** A pair of the group changed state. */
  onPairState(pair: string, state: PairState): void;
}

/** The heartbeat lifecycle of the world: operator actions and the control-message handler. */
export interface HeartbeatFlows {
  install(group?: string): void;
  uninstall(group?: string): void;
  setMethod(method: CheckingMethod): void;
  /** A control message reached `host` (any kind the cluster itself does not handle). */
  onPacket(g: GroupRuntime, host: HostRuntime, payload: Record<string, unknown>): void;
}

/** Timers of the flows, derived from the configuration. */
export function flowTimers(w: Pick<ClusterInternals, 'config'>) {
  const { heartbeat: hb, network, remoteCopy } = w.config;
  const roundTrip = 2 * (network.latency + network.jitter);
  const commandTimeout = hb.ioTimeout + 4 * (remoteCopy.latency + remoteCopy.jitter) + 1000;
  return {
    attempts: 3,
    /** A round trip plus one heartbeat interval. */
    ackTimeout: hb.interval + roundTrip,
    commandTimeout,
    copyTimeout: 4 * remoteCopy.initialCopyTime + commandTimeout
  };
}

/** Spawn a flow actor with a stable trace id and register it as `g`'s flow. */
export function startFlow<T extends AnyActorLogic>(
  w: ClusterInternals,
  g: GroupRuntime,
  kind: FlowRuntime['kind'],
  logic: T,
  input: unknown,
  wire: (actor: Actor<T>, flow: FlowRuntime) => void,
  onPairState: FlowRuntime['onPairState'] = () => undefined
): FlowRuntime {
  const id = w.nextFlowId();
  const actor = w.sim.spawn(logic, {
    id: `${g.ids.name}/${kind}-${id}`,
    input
  } as never) as Actor<T>;
  const flow: FlowRuntime = {
    kind,
    id,
    actor: actor as unknown as FlowRuntime['actor'],
    onPairState
  };
  g.flow = flow;
  wire(actor, flow);
  return flow;
}

/** Create the heartbeat lifecycle wiring on the world `w`. */
export function createHeartbeatFlows(w: ClusterInternals): HeartbeatFlows {
  const timers = flowTimers(w);
  const prod = () => w.storageAt('production');
  /** Delete the heartbeat pair (FIG. 4 rollback, FIG. 5 last step) and report to the flow. */
  const deletePair = (
    volume: string,
    reply: (e: { type: 'DELETE.DONE' } | { type: 'DELETE.FAILED'; detail: string }) => void
  ) =>
    prod()
      .command(volume, 'delete')
      .subscribe((r) =>
        reply(r.ok ? { type: 'DELETE.DONE' } : { type: 'DELETE.FAILED', detail: r.detail })
      );
  const sourceOf = (g: GroupRuntime, site: SiteId) => w.activeOf(g, site)?.id ?? g.ids.name;
  const selected = (group?: string) =>
    group ? w.groups.filter((g) => g.ids.name === group) : w.groups;
  const installed = (g: GroupRuntime) =>
    g.table.production.registered && g.table.standby.registered;

  /** Why `g` cannot start a flow now, or null. */
  const blocker = (g: GroupRuntime): string | null => {
    if (g.flow) return `another change (${g.flow.kind}) is in progress`;
    if (g.role.production !== 'serving' || g.role.standby !== 'monitoring') {
      return 'the groups are not in their normal roles (production serving, standby monitoring): fail back first';
    }
    return null;
  };

  const refuse = (g: GroupRuntime, site: SiteId, kind: AlertKind, why: string) =>
    w.alert(sourceOf(g, site), kind, `${g.ids.name}: ${why}`);

  const endFlow = (g: GroupRuntime, flow: FlowRuntime) => {
    if (g.flow === flow) g.flow = null;
  };

  // ---- install (FIG. 4) ------------------------------------------------------------------

  const install = (g: GroupRuntime) => {
    const why = blocker(g);
    if (why) return refuse(g, 'production', 'install-failed', `install refused: ${why}`);
    const pvol = g.ids.heartbeat.primary;
    startFlow(
      w,
      g,
      'install',
      installMachine,
      {
        group: g.ids.name,
        pvol,
        svol: g.ids.heartbeat.secondary,
        attempts: timers.attempts,
        ackTimeout: timers.ackTimeout,
        commandTimeout: timers.commandTimeout,
        copyTimeout: timers.copyTimeout
      },
      (actor, flow) => {
        actor.on('pair.create', (e) =>
          prod()
            .command(e.volume, 'create')
            .subscribe((r) =>
              actor.send(
                r.ok ? { type: 'CREATE.ACCEPTED' } : { type: 'CREATE.REFUSED', detail: r.detail }
              )
            )
        );
        actor.on('pvol.register', () => w.registerMirror(g, 'production', true));
        actor.on('pvol.unregister', () => w.registerMirror(g, 'production', false));
        actor.on('activation.send', (e) => {
          if (!w.sendControl(g, 'production', { kind: 'hb-activate', flow: flow.id })) {
            w.narrate(g.ids.name, 'info', `activation ${e.attempt}: no active member to send it`);
          }
        });
        actor.on('activation.cancel', () =>
          w.sendControl(g, 'production', { kind: 'hb-cancel', flow: flow.id })
        );
        actor.on('pair.delete', (e) => deletePair(e.volume, (ev) => actor.send(ev)));
        actor.on('alert', (e) => w.alert(sourceOf(g, 'production'), e.kind, e.detail));
        actor.on('install.done', () => endFlow(g, flow));
        actor.send({ type: 'START' });
      },
      (pair, state) => {
        if (pair === g.hbPair) g.flow?.actor.send({ type: 'PAIR.STATE', state });
      }
    );
  };

  // ---- de-install (FIG. 5) ---------------------------------------------------------------

  const uninstall = (g: GroupRuntime) => {
    const why = blocker(g);
    if (why) return refuse(g, 'production', 'uninstall-aborted', `de-install refused: ${why}`);
    startFlow(
      w,
      g,
      'uninstall',
      uninstallMachine,
      {
        group: g.ids.name,
        pvol: g.ids.heartbeat.primary,
        installed: installed(g),
        mirrorOnly: g.method === 'mirror',
        attempts: timers.attempts,
        ackTimeout: timers.ackTimeout,
        commandTimeout: timers.commandTimeout
      },
      (actor, flow) => {
        actor.on('deactivation.send', (e) => {
          if (!w.sendControl(g, 'production', { kind: 'hb-deactivate', flow: flow.id })) {
            w.narrate(g.ids.name, 'info', `deactivation ${e.attempt}: no active member to send it`);
          }
        });
        actor.on('pvol.unregister', () => w.registerMirror(g, 'production', false));
        actor.on('pvol.register', () => w.registerMirror(g, 'production', true));
        actor.on('activation.send', () =>
          w.sendControl(g, 'production', { kind: 'hb-activate', flow: flow.id })
        );
        actor.on('pair.delete', (e) => deletePair(e.volume, (ev) => actor.send(ev)));
        actor.on('alert', (e) => w.alert(sourceOf(g, 'production'), e.kind, e.detail));
        actor.on('uninstall.done', () => endFlow(g, flow));
        actor.send({ type: 'START' });
      }
    );
  };

  // ---- checking method (FIG. 8) ----------------------------------------------------------

  const setMethod = (g: GroupRuntime, method: CheckingMethod) => {
    const why = blocker(g);
    if (why) {
      return refuse(g, 'standby', 'method-refused', `${g.method} → ${method} refused: ${why}`);
    }
    startFlow(
      w,
      g,
      'method',
      checkingMethodMachine,
      {
        group: g.ids.name,
        from: g.method,
        to: method,
        mirrorInstalled: installed(g),
        attempts: timers.attempts,
        ackTimeout: timers.ackTimeout,
        proveTime: w.config.heartbeat.timeout
      },
      (actor, flow) => {
        actor.on('standby.setPaths', (e) => {
          const t = g.table.standby;
          t.mirror = e.mirror && t.registered;
          t.network = e.network;
          w.narrate(
            sourceOf(g, 'standby'),
            'state',
            `watches ${describePaths(t)}; failure decision by method ${methodOf(t)}`
          );
          w.applyTable(g, 'standby');
        });
        actor.on('sender.setPaths', (e) => {
          w.sendControl(g, 'standby', {
            kind: 'hb-paths',
            flow: flow.id,
            step: e.step,
            mirror: e.mirror,
            network: e.network
          });
        });
        actor.on('alert', (e) => w.alert(sourceOf(g, 'standby'), e.kind, e.detail));
        actor.on('method.done', (e) => {
          if (e.ok) g.method = e.method;
          if (e.ok && e.reason) w.narrate(g.ids.name, 'info', e.reason);
          endFlow(g, flow);
        });
        actor.send({ type: 'START' });
      }
    );
  };

  // ---- control messages ------------------------------------------------------------------

  const reply = (host: HostRuntime, g: GroupRuntime, payload: Record<string, unknown>) => {
    const to = w.activeOf(g, host.site === 'production' ? 'standby' : 'production');
    if (to) w.network.send(host.id, to.id, { ...payload, group: g.ids.name });
  };
  const forFlow = (g: GroupRuntime, payload: Record<string, unknown>) =>
    g.flow && g.flow.id === payload.flow ? g.flow : null;

  const onPacket = (g: GroupRuntime, host: HostRuntime, payload: Record<string, unknown>) => {
    switch (payload.kind) {
      // At the standby.
      case 'hb-activate':
        if (!g.table.standby.registered) w.registerMirror(g, 'standby', true);
        reply(host, g, { kind: 'hb-activate-ack', flow: payload.flow });
        break;
      case 'hb-deactivate':
        if (g.table.standby.registered) w.registerMirror(g, 'standby', false);
        reply(host, g, { kind: 'hb-deactivate-ack', flow: payload.flow });
        break;
      case 'hb-cancel':
        if (g.table.standby.registered) w.registerMirror(g, 'standby', false);
        break;
      // At production.
      case 'hb-paths': {
        const t = g.table.production;
        t.mirror = payload.mirror === true && t.registered;
        t.network = payload.network === true;
        w.narrate(host.id, 'state', `heartbeat sender writes ${describePaths(t)}`);
        w.applyTable(g, 'production');
        reply(host, g, { kind: 'hb-paths-ack', flow: payload.flow, step: payload.step });
        break;
      }
      // Acknowledgements, to the flow that asked.
      case 'hb-activate-ack':
        forFlow(g, payload)?.actor.send({ type: 'ACTIVATION.ACK' });
        break;
      case 'hb-deactivate-ack':
        forFlow(g, payload)?.actor.send({ type: 'DEACTIVATION.ACK' });
        break;
      case 'hb-paths-ack':
        forFlow(g, payload)?.actor.send({ type: 'SENDER.ACK', step: payload.step });
        break;
    }
  };

  return {
    install: (group) => selected(group).forEach(install),
    uninstall: (group) => selected(group).forEach(uninstall),
    setMethod: (method) => w.groups.forEach((g) => setMethod(g, method)),
    onPacket
  };
}

function describePaths(t: { mirror: boolean; network: boolean }): string {
  const paths = [t.mirror ? 'mirror' : '', t.network ? 'network' : ''].filter(Boolean);
  return paths.length ? paths.join(' + ') : 'no path';
}
