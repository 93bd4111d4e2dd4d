/**
 * Helpers of the lifecycle tests (install, de-install, checking method, failback): run a
 * scenario keeping the world, and read both sites' heartbeat status tables as the programs hold
 * them.
 */
import type { Actor } from 'xstate';
import type { failureDecisionMachine } from '../../machines/failureDecisionMachine';
import type { receiverMachine } from '../../machines/receiverMachine';
import type { senderMachine } from '../../machines/senderMachine';
import type { Alert, AlertKind, RunReport } from '../../model/scenario';
import type { Cluster, GroupRuntime } from '../../world/createCluster';

/** What the programs of both sites hold for one group's heartbeat. */
export interface TablesView {
  /** Heartbeat pair state. */
  pair: string;
  production: { registered: boolean; senderMirror: boolean; senderNetwork: boolean };
  standby: {
    registered: boolean;
    receiverMirror: boolean;
    receiverNetwork: boolean;
    mirrorStatus: string;
    decisionMethod: string;
  };
}

/** Both tables of group `name` (default the first group). */
export function tables(cluster: Cluster, name = 'app'): TablesView {
  const g = cluster.group(name);
  const active = (site: 'production' | 'standby') => {
    const id = g.membership[site].getSnapshot().context.active;
    return id ? cluster.hosts.get(id) : undefined;
  };
  const sender = active('production')?.get<typeof senderMachine>('sender') as
    Actor<typeof senderMachine> | undefined;
  const receiver = active('standby')?.get<typeof receiverMachine>('receiver') as
    Actor<typeof receiverMachine> | undefined;
  const decision = active('standby')?.get<typeof failureDecisionMachine>('decision') as
    Actor<typeof failureDecisionMachine> | undefined;
  const s = sender?.getSnapshot().context;
  const r = receiver?.getSnapshot().context;
  return {
    pair: cluster.storage.pairView(g.hbPair).state,
    production: {
      registered: g.table.production.registered,
      senderMirror: s?.mirror.enabled ?? false,
      senderNetwork: s?.network.enabled ?? false
    },
    standby: {
      registered: g.table.standby.registered,
      receiverMirror: r?.mirror.enabled ?? false,
      receiverNetwork: r?.network.enabled ?? false,
      mirrorStatus: r?.mirror.status ?? 'absent',
      decisionMethod: decision?.getSnapshot().context.method ?? 'absent'
    }
  };
}

/** The steady state of method `both` with the mirror installed. */
export const INSTALLED: TablesView = {
  pair: 'PAIR',
  production: { registered: true, senderMirror: true, senderNetwork: true },
  standby: {
    registered: true,
    receiverMirror: true,
    receiverNetwork: true,
    mirrorStatus: 'valid',
    decisionMethod: 'both'
  }
};

/** Method `both` with the mirror de-installed: the network alone. */
export const UNINSTALLED: TablesView = {
  pair: 'SMPL',
  production: { registered: false, senderMirror: false, senderNetwork: true },
  standby: {
    registered: false,
    receiverMirror: false,
    receiverNetwork: true,
    mirrorStatus: 'suspended',
    decisionMethod: 'network'
  }
};

/** Alerts of `kind`. */
export function alertsOf(report: RunReport | { alerts: Alert[] }, kind: AlertKind): Alert[] {
  return report.alerts.filter((a) => a.kind === kind);
}

/** Kinds of every alert. */
export function kindsOf(report: { alerts: Alert[] }): Set<string> {
  return new Set(report.alerts.map((a) => a.kind));
}

/** The group's runtime. */
export function groupOf(cluster: Cluster, name = 'app'): GroupRuntime {
  return cluster.group(name);
}
