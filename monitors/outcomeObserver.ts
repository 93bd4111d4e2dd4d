/**
 * The outcome accounting of one application group (SPEC §3), an observer fed by the observation
 * stream like the monitors; it only watches. What it measures:
 *
 * - **failure onset**: the instant production stopped being able to serve — no production host up
 *   with the application running on a working (up) production array — after it had served. If
 *   production can serve again before any declaration (a short hang, a local takeover), that
 *   failure is over and a later one has its own onset. The onset reported is the one in force when
 *   the failure was first declared; without a declaration, the first onset of the run.
 * - **declaration**: the first `DECLARED` of the group; **detection** = declaration − onset.
 *   A declaration while production could serve (a false failover) answers no failure: onset,
 *   detection and failover time are then null.
 * - **failover time**: the first instant after the declaration at which the application runs on a
 *   standby host, − onset. **Completed** is when the standby's failover said so (its last step).
 * - **unavailability**: the total time during which no site acknowledges the application's writes
 *   (the users' view). The group is *unavailable* from the first instant, after it first served,
 *   at which either no site can serve (no host up with the application running on an up array, at
 *   either site) or an application write fails; it is available again at the next application
 *   write acknowledged to a host that is up with the application running on an up array. An
 *   outage still open at the end of the run counts up to the end. The start of the run (the
 *   application starting at production) is not counted.
 * - **lost writes** (RPO): at every takeover that moves the data pair's primary role, the writes
 *   present at the volume given up (each acknowledged there) and missing at the volume taken over
 *   — the failover's takeover and a failback's switch back alike.
 */
import type { GroupIds } from '../model/knownIds';
import type { HostCondition, Observation } from '../model/observation';
import type { SiteId } from '../model/storageTypes';

/** What the outcome observer measured for one group (times in simulated ms). */
export interface GroupFigures {
  declaredAtMs: number | null;
  completedAtMs: number | null;
  refusedAtMs: number | null;
  failureOnsetMs: number | null;
  detectionMs: number | null;
  failoverMs: number | null;
  unavailableMs: number;
  lostWrites: number;
}

/** The outcome observer of one group. */
export interface OutcomeObserver {
  observe(o: Observation): void;
  /** The figures at `endMs` (an outage still open counts up to it). */
  figures(endMs: number): GroupFigures;
}

/** Create the outcome observer of group `ids`. */
export function createOutcomeObserver(ids: GroupIds): OutcomeObserver {
  const siteOf = new Map<string, SiteId>([
    ...ids.productionHosts.map((h): [string, SiteId] => [h, 'production']),
    ...ids.standbyHosts.map((h): [string, SiteId] => [h, 'standby'])
  ]);
  const hosts = new Map<string, HostCondition>();
  const running = new Map<string, boolean>();
  const arrayUp: Record<SiteId, boolean> = { production: true, standby: true };
  let served = false;
  let onsetAt: number | null = null;
  let firstOnsetAt: number | null = null;
  let declaredAt: number | null = null;
  let declaredOnset: number | null = null;
  let failedOverAt: number | null = null;
  let completedAt: number | null = null;
  let refusedAt: number | null = null;
  let outageSince: number | null = null;
  let unavailable = 0;
  let lostWrites = 0;

  const hostServes = (host: string) => {
    const site = siteOf.get(host);
    return (
      site !== undefined &&
      arrayUp[site] &&
      (hosts.get(host) ?? 'up') === 'up' &&
      running.get(host) === true
    );
  };
  const siteServes = (site: SiteId) =>
    (site === 'production' ? ids.productionHosts : ids.standbyHosts).some(hostServes);

  /** After a change of hosts, applications or arrays: onset and outage. */
  const reassess = (at: number) => {
    const production = siteServes('production');
    if (production) {
      served = true;
      if (declaredAt === null) onsetAt = null;
    } else if (served && onsetAt === null && declaredAt === null) {
      onsetAt = at;
      if (firstOnsetAt === null) firstOnsetAt = at;
    }
    if (served && outageSince === null && !production && !siteServes('standby')) outageSince = at;
  };

  return {
    observe(o) {
      switch (o.type) {
        case 'HOST':
          if (!siteOf.has(o.host)) return;
          hosts.set(o.host, o.state);
          reassess(o.at);
          return;
        case 'APP':
          if (!siteOf.has(o.host)) return;
          running.set(o.host, o.running);
          if (
            o.running &&
            o.site === 'standby' &&
            declaredAt !== null &&
            failedOverAt === null &&
            hostServes(o.host)
          ) {
            failedOverAt = o.at;
          }
          reassess(o.at);
          return;
        case 'STORAGE':
          arrayUp[o.site] = o.up;
          reassess(o.at);
          return;
        case 'APP_WRITE_ACK':
          if (outageSince !== null && hostServes(o.writer)) {
            unavailable += o.at - outageSince;
            outageSince = null;
          }
          return;
        case 'APP_WRITE_FAILED':
          if (served && outageSince === null) outageSince = o.at;
          return;
        case 'DECLARED':
          if (declaredAt !== null) return;
          declaredAt = o.at;
          declaredOnset = siteServes('production') ? null : onsetAt;
          return;
        case 'FAILOVER_COMPLETED':
          if (completedAt === null) completedAt = o.at;
          return;
        case 'FAILOVER_REFUSED':
          if (refusedAt === null) refusedAt = o.at;
          return;
        case 'TAKEOVER': {
          if (o.from === null || o.to === null) return;
          for (const [writer, seq] of Object.entries(o.writes.acknowledged)) {
            lostWrites += Math.max(0, seq - (o.writes.copied[writer] ?? 0));
          }
          return;
        }
        default:
          return;
      }
    },

    figures(endMs) {
      const onset = declaredAt !== null ? declaredOnset : firstOnsetAt;
      const since = (t: number | null) => (t === null || onset === null ? null : t - onset);
      return {
        declaredAtMs: declaredAt,
        completedAtMs: completedAt,
        refusedAtMs: refusedAt,
        failureOnsetMs: onset,
        detectionMs: declaredAt === null ? null : since(declaredAt),
        failoverMs: declaredAt === null ? null : since(failedOverAt),
        unavailableMs: unavailable + (outageSince === null ? 0 : Math.max(0, endMs - outageSince)),
        lostWrites
      };
    }
  };
}
