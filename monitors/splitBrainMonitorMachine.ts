/**
 * Invariant monitor: **never two writers on diverged data** (SPEC §3 "split brain"), however the
 * two writers arise — a swap-takeover whose old primary goes on writing, an SVOL-takeover, or no
 * takeover at all.
 *
 * It rebuilds the write history of each of the group's two data volumes from what landed on them
 * (`VOLUME_WRITE`: a host's write or an update copy; volumeHistories.ts). While one history is a
 * prefix of the other the data is one copy; at the first write where they disagree the copies
 * have **diverged**. From then on, writes acknowledged to the application (the hosts' own
 * `APP_WRITE_ACK` observations) at **both** volumes are two writers on diverged data: the monitor
 * enters `splitBrain` with the first write of the second site as its time. A full copy of the
 * data pair (COPY, then PAIR — a resync or a failback) makes the two copies one again. It reads no
 * tally of the arrays. Only watches: it never sends to the system.
 */
import { assign, setup } from 'xstate';
import type { SiteId } from '../model/storageTypes';
import { at, describeObservation, finding, remember } from './monitorSupport';
import type { MonitorContextBase, MonitorEvent } from './monitorEvents';
import { createHistories, reconverge, recordWrite, type VolumeHistories } from './volumeHistories';

export interface SplitBrainMonitorInput {
  group: string;
  /** The group's data volume at each site (`prod-data`, `standby-data`). */
  volumes: Record<SiteId, string>;
  /**
   * The histories, when the monitor hub keeps them and records every landing itself (then a
   * `VOLUME_WRITE` reaches the statechart only when it made them diverge); by default its own.
   */
  histories?: VolumeHistories;
}

export interface SplitBrainMonitorContext extends MonitorContextBase {
  volumes: Record<SiteId, string>;
  /** When the two copies diverged (null: still one copy). */
  divergedAt: number | null;
  /** The two volumes' histories beyond their common prefix (the monitor's own ledger). */
  histories: VolumeHistories;
  /** Writes acknowledged at each site since the divergence. */
  writes: Record<SiteId, number>;
  /** First write acknowledged at each site since the divergence. */
  firstWrite: Record<SiteId, string | null>;
  /** Writes acknowledged at production while diverged, over the whole run. */
  divergentWrites: number;
}

/** The site whose data volume `o` writes, if it is one of the group's. */
function siteOfWrite(context: SplitBrainMonitorContext, o: MonitorEvent): SiteId | null {
  if (o.type !== 'APP_WRITE_ACK') return null;
  if (o.volume === context.volumes.production) return 'production';
  if (o.volume === context.volumes.standby) return 'standby';
  return null;
}

const other = (site: SiteId): SiteId => (site === 'production' ? 'standby' : 'production');

export const splitBrainMonitorMachine = setup({
  types: {
    input: {} as SplitBrainMonitorInput,
    context: {} as SplitBrainMonitorContext,
    events: {} as MonitorEvent
  },
  guards: {
    /** The histories have diverged (set by `recordLanding`). */
    hasDiverged: ({ context }) => context.histories.divergedAt !== null,
    /** The data pair is being (or was) resynchronised: one copy again. */
    reconverges: ({ event }) =>
      event.type === 'PAIR' &&
      event.pair === 'data' &&
      (event.to === 'COPY' || event.to === 'PAIR'),
    /** A write at one of the group's data volumes. */
    isDataWrite: ({ context, event }) => siteOfWrite(context, event) !== null,
    /** A write at one site while the other site already wrote since the divergence. */
    completesSplitBrain: ({ context, event }) => {
      const site = siteOfWrite(context, event);
      return site !== null && context.writes[other(site)] > 0;
    }
  },
  actions: {
    noteEvidence: assign({ evidence: ({ context, event }) => remember(context.evidence, event) }),
    /**
     * A write landed on a data volume: extend that volume's history (the ledger is mutable; the
     * hub may have recorded it already). The write that made the histories diverge is evidence.
     */
    recordLanding: assign(({ context, event }) => {
      if (event.type !== 'VOLUME_WRITE') return {};
      recordWrite(context.histories, event.volume, event.writer, event.writeSeq, event.at);
      return context.histories.divergedAt !== null
        ? { evidence: remember(context.evidence, event) }
        : {};
    }),
    markDiverged: assign({
      divergedAt: ({ context, event }) => context.histories.divergedAt ?? event.at,
      writes: { production: 0, standby: 0 },
      firstWrite: { production: null, standby: null }
    }),
    markOneCopy: assign(({ context, event }) => {
      reconverge(context.histories);
      return { divergedAt: null, evidence: remember(context.evidence, event) };
    }),
    countWrite: assign(({ context, event }) => {
      const site = siteOfWrite(context, event)!;
      const first = context.firstWrite[site];
      return {
        writes: { ...context.writes, [site]: context.writes[site] + 1 },
        divergentWrites: context.divergentWrites + (site === 'production' ? 1 : 0),
        firstWrite: { ...context.firstWrite, [site]: first ?? describeObservation(event) },
        evidence: first === null ? remember(context.evidence, event) : context.evidence
      };
    }),
    recordSplitBrain: assign({
      finding: ({ context, event }) =>
        finding(
          event.at,
          `${context.group}: writes acknowledged at both sites after the copies diverged at ${at(context.divergedAt ?? event.at)} (production ${context.firstWrite.production ?? '…'}; standby ${context.firstWrite.standby ?? '…'})`,
          context.evidence
        )
    })
  }
}).createMachine({
  id: 'splitBrainMonitor',
  context: ({ input }) => ({
    group: input.group,
    volumes: input.volumes,
    divergedAt: null,
    histories:
      input.histories ?? createHistories([input.volumes.production, input.volumes.standby]),
    writes: { production: 0, standby: 0 },
    firstWrite: { production: null, standby: null },
    divergentWrites: 0,
    evidence: [],
    finding: null
  }),
  initial: 'oneCopy',
  states: {
    /** One history is a prefix of the other: one copy. */
    oneCopy: {
      always: { guard: 'hasDiverged', target: 'diverged', actions: 'markDiverged' },
      on: {
        VOLUME_WRITE: { actions: 'recordLanding' },
        PAIR: [{ guard: 'reconverges', actions: 'markOneCopy' }, { actions: 'noteEvidence' }],
        TAKEOVER: { actions: 'noteEvidence' },
        FAULT: { actions: 'noteEvidence' }
      }
    },
    /** The histories disagree: writes acknowledged at both sites would be split brain. */
    diverged: {
      on: {
        APP_WRITE_ACK: [
          {
            guard: 'completesSplitBrain',
            target: 'splitBrain',
            actions: ['countWrite', 'recordSplitBrain']
          },
          { guard: 'isDataWrite', actions: 'countWrite' }
        ],
        PAIR: { guard: 'reconverges', target: 'oneCopy', actions: 'markOneCopy' },
        FAULT: { actions: 'noteEvidence' }
      }
    },
    /** Violated; writes are still counted for the report. */
    splitBrain: {
      on: { APP_WRITE_ACK: { guard: 'isDataWrite', actions: 'countWrite' } }
    }
  }
});
