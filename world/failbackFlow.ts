/**
 * Wiring of the failback statechart (machines/failbackMachine.ts) to the world: the storage pair
 * commands (`swap` on the S-VOL side for the reverse resync, `resync` of suspended heartbeat
 * pairs, `takeover` from the production side for the planned switch back), the applications at
 * both sites and the fresh monitoring programs of the standby. It also accounts the writes the
 * switch back would lose (acknowledged at the standby, absent from the production volume).
 */
import type { applicationMachine } from '../machines/applicationMachine';
import { failbackMachine } from '../machines/failbackMachine';
import { STORAGE_IDS } from '../model/knownIds';
import type { PairState } from '../model/storageTypes';
import type { ClusterInternals, GroupRuntime } from './createCluster';
import { flowTimers, startFlow } from './heartbeatFlows';

/** The failback operator action. */
export interface FailbackFlow {
  /** Fail back every group the standby serves (or explain, for each group, why not). */
  failback(): void;
}

/** Create the failback wiring on the world `w`. */
export function createFailbackFlow(w: ClusterInternals): FailbackFlow {
  const timers = flowTimers(w);
  const { storage, config } = w;
  const appTimeout = config.failover.appStartTime * 3 + 1000;
  const sourceOf = (g: GroupRuntime) => w.activeOf(g, 'standby')?.id ?? g.ids.name;

  const productionProblem = (g: GroupRuntime): string => {
    if (!w.storageAt('production').isUp()) return `${STORAGE_IDS.production} is down`;
    const host = w.activeOf(g, 'production');
    if (!host || host.state !== 'up') return 'no member of the production host group is up';
    return '';
  };

  const failbackGroup = (g: GroupRuntime) => {
    if (g.flow) {
      w.alert(
        sourceOf(g),
        'failback-refused',
        `${g.ids.name}: failback refused: another change (${g.flow.kind}) is in progress`
      );
      return;
    }
    const view = storage.pairView(g.dataPair);
    const problem = productionProblem(g);
    /** Heartbeat pairs still to bring back to PAIR. */
    const pendingHeartbeat = new Set<string>();

    startFlow(
      w,
      g,
      'failback',
      failbackMachine,
      {
        group: g.ids.name,
        standbyServing: g.role.standby === 'serving',
        productionHealthy: problem === '',
        productionProblem: problem,
        pairState: view.state,
        primaryAtStandby: view.primary === g.ids.data.secondary,
        commandTimeout: timers.commandTimeout,
        copyTimeout: timers.copyTimeout,
        appTimeout,
        // The standby's lease runs out one lease (the heartbeat timeout) after its last renewal.
        quorumTimeout: config.heartbeat.timeout + config.heartbeat.interval + 1000
      },
      (actor, flow) => {
        actor.on('pair.reverseResync', () => {
          w.narrate(sourceOf(g), 'decision', `reverse resync of ${g.dataPair} (swap)`);
          w.storageAt('standby')
            .command(g.ids.data.secondary, 'swap')
            .subscribe((r) => {
              if (r.ok) {
                // Production's copy is being overwritten: the two sites no longer diverge.
                g.divergedAt = null;
                actor.send({ type: 'SWAP.ACCEPTED' });
              } else actor.send({ type: 'SWAP.REFUSED', detail: r.detail });
            });
        });
        actor.on('heartbeat.resync', () => {
          for (const pair of [g.hbPair, g.rhbPair]) {
            if (!pair) continue;
            const hv = storage.pairView(pair);
            if (hv.state === 'PAIR' || hv.state === 'SMPL') continue; // SMPL: not installed
            pendingHeartbeat.add(pair);
            if (hv.state === 'COPY') continue;
            storage
              .storageOf(hv.primary)
              .command(hv.primary, 'resync')
              .subscribe((r) => {
                if (!r.ok) actor.send({ type: 'HB.FAILED', detail: `${pair}: ${r.detail}` });
              });
          }
          if (pendingHeartbeat.size === 0) actor.send({ type: 'HB.READY' });
        });
        actor.on('standby.stopApp', () => {
          const host = w.activeOf(g, 'standby');
          // The failover is over: no more repeats of a fence production never acknowledged.
          host?.deliver('failover', { type: 'RESET' });
          const app = host?.get<typeof applicationMachine>('app');
          if (host && app && !app.getSnapshot().matches('stopped')) {
            host.deliver('app', { type: 'STOP', reason: 'failback: planned switch back' });
          } else actor.send({ type: 'APP.STOPPED' });
        });
        actor.on('pair.switchBack', () => {
          w.storageAt('production')
            .command(g.ids.data.primary, 'takeover')
            .subscribe((r) => {
              if (!r.ok) return actor.send({ type: 'TAKEOVER.REFUSED', detail: r.detail });
              let lost = 0;
              for (const writer of g.ids.standbyHosts) {
                lost += Math.max(
                  0,
                  storage.highWater(g.ids.data.secondary, writer) -
                    storage.highWater(g.ids.data.primary, writer)
                );
              }
              g.lostWrites += lost;
              w.narrate(
                STORAGE_IDS.production,
                'state',
                `${g.dataPair}: ${r.value} for the switch back; lost writes ${lost}`
              );
              actor.send({ type: 'TAKEOVER.DONE', kind: r.value, lostWrites: lost });
            });
        });
        actor.on('standby.startApp', () => {
          const host = w.activeOf(g, 'standby');
          if (host) w.startApp(g, host);
        });
        actor.on('quorum.handover', () => {
          const tb = g.tiebreaker;
          const free = () => tb?.getSnapshot().context.holder !== 'standby';
          if (!tb || free()) return actor.send({ type: 'QUORUM.READY' });
          w.narrate(sourceOf(g), 'decision', 'waits for the standby quorum lease to run out');
          const sub = tb.subscribe(() => {
            if (!free()) return;
            sub.unsubscribe();
            actor.send({ type: 'QUORUM.READY' });
          });
        });
        actor.on('production.startApp', () => {
          g.role.production = 'serving';
          g.role.standby = 'idle';
          const host = w.activeOf(g, 'production');
          if (!host) return;
          // Fresh programs: the sender continues the serial read back from the P-VOL.
          if (host.get('app')) host.deliver('app', { type: 'STOP', reason: 'failback restart' });
          for (const name of ['app', 'sender', 'receiver', 'decision'] as const) host.drop(name);
          w.activate(g, host);
        });
        actor.on('standby.monitor', () => {
          const host = w.activeOf(g, 'standby');
          g.role.standby = 'monitoring';
          g.takeover = null;
          g.divergedAt = null;
          if (!host) return;
          for (const name of ['app', 'sender', 'receiver', 'decision', 'failover'] as const) {
            host.drop(name);
          }
          w.narrate(host.id, 'state', 'back to monitoring production (fresh programs)');
          w.activate(g, host);
        });
        actor.on('alert', (e) => w.alert(sourceOf(g), e.kind, e.detail));
        actor.on('failback.done', () => {
          if (g.flow === flow) g.flow = null;
        });
        actor.send({ type: 'START' });
      },
      (pair: string, state: PairState) => {
        if (pair === g.dataPair) g.flow?.actor.send({ type: 'PAIR.STATE', state });
        else if (pendingHeartbeat.has(pair)) {
          if (state === 'PAIR') {
            pendingHeartbeat.delete(pair);
            if (pendingHeartbeat.size === 0) g.flow?.actor.send({ type: 'HB.READY' });
          } else if (state === 'PSUE' || state === 'PSUS') {
            g.flow?.actor.send({ type: 'HB.FAILED', detail: `${pair} went ${state}` });
          }
        }
      }
    );
  };

  return {
    failback() {
      const serving = w.groups.filter((g) => g.role.standby === 'serving');
      for (const g of w.groups) {
        if (serving.length === 0 || serving.includes(g)) failbackGroup(g);
        else w.narrate(g.ids.name, 'info', 'failback: production already serves this group');
      }
    }
  };
}
