/**
 * An observer of the run's outcome per application group: when the failure was declared and the
 * failover completed (from the alerts), and how many acknowledged writes each takeover lost
 * (from the storage side's high-water marks, an observer-only view). It decides nothing.
 */
import type { Cluster } from './createCluster';

/** What the outcome observer measured for one group. */
export interface GroupOutcome {
  declaredAt: number | null;
  completedAt: number | null;
  lostWrites: number;
}

/** Watch `cluster`; read the figures at the end of the run. */
export function observeOutcome(cluster: Cluster): Map<string, GroupOutcome> {
  const out = new Map<string, GroupOutcome>();
  for (const g of cluster.groups) {
    out.set(g.ids.name, { declaredAt: null, completedAt: null, lostWrites: 0 });
  }
  const groupOfSource = (source: string) => cluster.hosts.get(source)?.group;
  cluster.alert$.subscribe((a) => {
    const name = groupOfSource(a.source);
    const o = name ? out.get(name) : undefined;
    if (!o) return;
    if (a.kind === 'failure-declared' && o.declaredAt === null) o.declaredAt = a.atMs;
    if (a.kind === 'failover-completed' && o.completedAt === null) o.completedAt = a.atMs;
  });
  const takeovers = new Map<string, number>();
  cluster.storage.events$.subscribe((e) => {
    if (e.kind !== 'takeover' || e.result === 'refused' || e.result === 'nop-takeover') return;
    const g = cluster.groups.find((x) => x.dataPair === e.pair);
    if (!g) return;
    const n = takeovers.get(g.ids.name) ?? 0;
    takeovers.set(g.ids.name, n + 1);
    // The first takeover is the failover (production's writes at stake), later ones switch back.
    const [from, to, writers] =
      n % 2 === 0
        ? [g.ids.data.primary, g.ids.data.secondary, g.ids.productionHosts]
        : [g.ids.data.secondary, g.ids.data.primary, g.ids.standbyHosts];
    let lost = 0;
    for (const w of writers) {
      lost += Math.max(0, cluster.storage.highWater(from, w) - cluster.storage.highWater(to, w));
    }
    out.get(g.ids.name)!.lostWrites += lost;
  });
  return out;
}
