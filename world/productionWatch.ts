/**
 * Liveness bookkeeping for the invariant "a real production failure leads to failover or an
 * operator alert within timeout + pollInterval + copy lag + takeover time" (SPEC §3): it records
 * when each group's production side stops being able to serve (no member up, or its array down)
 * and checks, at the end, that the standby reacted within the bound.
 */
import type { Cluster } from './createCluster';

export interface MissedDetection {
  group: string;
  downAt: number;
  bound: number;
}

export interface ProductionWatch {
  readonly bound: number;
  /** Re-evaluate production health now (after every fault, repair and takeover). */
  update(): void;
  missedDetections(): MissedDetection[];
}

const REACTIONS = new Set(['failure-declared', 'operator-decision-required', 'takeover-requested']);

export function createProductionWatch(cluster: Cluster): ProductionWatch {
  const { config } = cluster;
  const hb = config.heartbeat;
  const copyLag =
    2 * (config.remoteCopy.latency + config.remoteCopy.jitter) + 2 * config.storage.serviceTime;
  const local = cluster.topology.hostsPerGroup > 1 ? config.hosts.localTakeover : 0;
  const bound =
    hb.timeout +
    hb.pollInterval +
    copyLag +
    hb.ioTimeout +
    local +
    config.network.latency +
    config.network.jitter;
  const downSince = new Map<string, number>();
  const intervals: Array<{ group: string; from: number; to: number | null }> = [];

  const isDown = (name: string) => {
    const g = cluster.group(name);
    if (g.role.production !== 'serving') return false;
    if (!cluster.storageAt('production').isUp()) return true;
    return !g.ids.productionHosts.some((id) => cluster.hosts.get(id)?.state === 'up');
  };

  const watch: ProductionWatch = {
    bound,
    update() {
      const now = cluster.sim.now();
      for (const g of cluster.groups) {
        const name = g.ids.name;
        const down = isDown(name);
        if (down && !downSince.has(name)) {
          downSince.set(name, now);
          intervals.push({ group: name, from: now, to: null });
        } else if (!down && downSince.has(name)) {
          downSince.delete(name);
          const open = intervals.find((i) => i.group === name && i.to === null);
          if (open) open.to = now;
        }
      }
    },
    missedDetections() {
      const end = cluster.sim.now();
      const missed: MissedDetection[] = [];
      for (const i of intervals) {
        const to = i.to ?? end;
        if (to - i.from <= bound) continue;
        const reacted = cluster.alerts.some(
          (a) => REACTIONS.has(a.kind) && a.atMs >= i.from && a.atMs <= i.from + bound
        );
        const g = cluster.group(i.group);
        const earlier = g.declaredAt !== null && g.declaredAt <= i.from + bound;
        if (!reacted && !earlier) missed.push({ group: i.group, downAt: i.from, bound });
      }
      return missed;
    }
  };
  // Host and array state changes (crash, hang, resume, fencing) re-evaluate production health.
  for (const host of cluster.hosts.values()) host.machine.subscribe(() => watch.update());
  cluster.storage.events$.subscribe((e) => {
    if (e.kind === 'storage-state') watch.update();
  });
  return watch;
}
