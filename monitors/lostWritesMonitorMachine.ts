/**
 * Invariant monitor: **synchronous copy with fence level `data` loses no acknowledged write**
 * (SPEC §3 "lost writes", RPO 0).
 *
 * When the standby array takes the data pair over, every write acknowledged at the production
 * data volume and not applied at the standby data volume (the one taken over) is lost: the
 * takeover observation carries both high-water marks of the data stream, per writer. With
 * `zeroLoss` (sync copy, fence level data) any loss is a violation; otherwise the count is only
 * measured. Only watches.
 */
import { assign, setup } from 'xstate';
import type { SiteId } from '../model/storageTypes';
import { finding, remember } from './monitorSupport';
import type { WriteMarks } from '../model/observation';
import type { MonitorContextBase, MonitorEvent } from './monitorEvents';

export interface LostWritesMonitorInput {
  group: string;
  /** The group's data volume at each site (`prod-data`, `standby-data`). */
  volumes: Record<SiteId, string>;
  /** The configuration promises no loss (sync copy, fence level data). */
  zeroLoss: boolean;
}

export interface LostWritesMonitorContext extends MonitorContextBase {
  volumes: Record<SiteId, string>;
  zeroLoss: boolean;
  /** Writes lost at the takeover (null before one). */
  lost: number | null;
}

/** Writes acknowledged at production and missing at the standby copy, per writer. */
export function missingWrites(marks: WriteMarks): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [writer, seq] of Object.entries(marks.acknowledged)) {
    const gap = seq - (marks.copied[writer] ?? 0);
    if (gap > 0) out[writer] = gap;
  }
  return out;
}

const countOf = (missing: Record<string, number>) =>
  Object.values(missing).reduce((n, k) => n + k, 0);

const isTakeover = (event: MonitorEvent) =>
  event.type === 'TAKEOVER' &&
  (event.result === 'swap-takeover' || event.result === 'svol-takeover');

export const lostWritesMonitorMachine = setup({
  types: {
    input: {} as LostWritesMonitorInput,
    context: {} as LostWritesMonitorContext,
    events: {} as MonitorEvent
  },
  guards: {
    takeoverLosesPromisedWrites: ({ context, event }) =>
      isTakeover(event) &&
      context.zeroLoss &&
      event.type === 'TAKEOVER' &&
      countOf(missingWrites(event.writes)) > 0,
    isTakeover: ({ event }) => isTakeover(event)
  },
  actions: {
    noteEvidence: assign({ evidence: ({ context, event }) => remember(context.evidence, event) }),
    countLost: assign({
      lost: ({ event }) => (event.type === 'TAKEOVER' ? countOf(missingWrites(event.writes)) : 0),
      evidence: ({ context, event }) => remember(context.evidence, event)
    }),
    recordViolation: assign(({ context, event }) => {
      if (event.type !== 'TAKEOVER') return {};
      const missing = missingWrites(event.writes);
      const lost = countOf(missing);
      const detail = Object.keys(missing)
        .map(
          (w) =>
            `${w} acknowledged up to #${event.writes.acknowledged[w]}, copied up to #${event.writes.copied[w] ?? 0}`
        )
        .join('; ');
      const evidence = remember(context.evidence, event);
      return {
        lost,
        evidence,
        finding: finding(
          event.at,
          `${context.group}: ${lost} write(s) acknowledged at ${context.volumes.production} are missing from ${context.volumes.standby} at the takeover (${detail})`,
          evidence
        )
      };
    })
  }
}).createMachine({
  id: 'lostWritesMonitor',
  context: ({ input }) => ({
    group: input.group,
    volumes: input.volumes,
    zeroLoss: input.zeroLoss,
    lost: null,
    evidence: [],
    finding: null
  }),
  initial: 'replicating',
  states: {
    /** Production writes, the standby copies. */
    replicating: {
      on: {
        PAIR: { actions: 'noteEvidence' },
        FAULT: { actions: 'noteEvidence' },
        TAKEOVER: [
          { guard: 'takeoverLosesPromisedWrites', target: 'violated', actions: 'recordViolation' },
          { guard: 'isTakeover', target: 'takenOver', actions: 'countLost' },
          { actions: 'noteEvidence' }
        ]
      }
    },
    /** The standby took the data over; `lost` is the count. */
    takenOver: {},
    /** Acknowledged writes were lost although the configuration promised none. */
    violated: {}
  }
});
