/**
 * Helpers of the lifecycle tests (install, de-install, checking method, failback): run a
 * scenario keeping the world, and read both sites' heartbeat status tables as the programs hold
 * them.
 */
import type { Alert, AlertKind, RunReport } from '../../model/scenario';
import type { Cluster, GroupInfo } from '../../world/createCluster';

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
  const active = (site: 'production' | 'standby') =>
    cluster.hostsAt(site, name).find((h) => h.isActive());
  const sender = active('production')?.get('sender');
  const receiver = active('standby')?.get('receiver');
  const decision = active('standby')?.get('decision');
  const s = sender?.getSnapshot().context;
  const r = receiver?.getSnapshot().context;
  // Each site's own status table (FIG. 2), as that site's active member holds it.
  const table = (site: 'production' | 'standby') =>
    active(site)?.get('table')?.getSnapshot().context.registered ?? false;
  return {
    pair: cluster.storage.pairView(g.hbPair).state,
    production: {
      registered: table('production'),
      senderMirror: s?.mirror.enabled ?? false,
      senderNetwork: s?.network.enabled ?? false
    },
    standby: {
      registered: table('standby'),
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

/** The group's identity. */
export function groupOf(cluster: Cluster, name = 'app'): GroupInfo {
  return cluster.group(name);
}

/** What each site's active member believes its role is (`serving`, `monitoring`, `idle`…). */
export function roles(cluster: Cluster, name = 'app'): Record<'production' | 'standby', string> {
  const roleAt = (site: 'production' | 'standby') => {
    const value = cluster
      .hostsAt(site, name)
      .find((h) => h.isActive())
      ?.get('role')
      ?.getSnapshot().value;
    return typeof value === 'string' ? value : value ? Object.keys(value)[0]! : 'none';
  };
  return { production: roleAt('production'), standby: roleAt('standby') };
}
