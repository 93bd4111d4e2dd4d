/**
 * Invariant monitor: **never two writers on diverged data** (SPEC §3 "split brain").
 *
 * The two data volumes of a group stay one copy while their pair mirrors them. They diverge when
 * the standby copy becomes writable on its own — an SVOL-takeover (the production array did not
 * answer) or any move of the data pair to SSWS. From then on, writes acknowledged at **both**
 * sites are two writers on diverged data: the monitor enters `splitBrain` with the first write of
 * the second site as its time. A swap-takeover makes the old P-VOL the read-only S-VOL, so it never
 * diverges; a resynchronisation of the data pair (COPY, then PAIR — a failback) makes the two
 * copies one again. Only watches: it never sends to the system.
 */
import { assign, setup } from 'xstate';
import type { SiteId } from '../model/storageTypes';
import { at, describeObservation, finding, remember } from './monitorSupport';
import type { MonitorContextBase, MonitorEvent } from './monitorEvents';

export interface SplitBrainMonitorInput {
  group: string;
  /** The group's data volume at each site (`prod-data`, `standby-data`). */
  volumes: Record<SiteId, string>;
}

export interface SplitBrainMonitorContext extends MonitorContextBase {
  volumes: Record<SiteId, string>;
  /** When the two copies diverged (null: still one copy). */
  divergedAt: number | null;
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
    /** The standby copy became writable on its own. */
    divergesData: ({ event }) =>
      (event.type === 'TAKEOVER' && event.result === 'svol-takeover') ||
      (event.type === 'PAIR' && event.pair === 'data' && event.to === 'SSWS'),
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
    markDiverged: assign({
      divergedAt: ({ event }) => event.at,
      writes: { production: 0, standby: 0 },
      firstWrite: { production: null, standby: null },
      evidence: ({ context, event }) => remember(context.evidence, event)
    }),
    markOneCopy: assign({
      divergedAt: null,
      evidence: ({ context, event }) => remember(context.evidence, event)
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
    writes: { production: 0, standby: 0 },
    firstWrite: { production: null, standby: null },
    divergentWrites: 0,
    evidence: [],
    finding: null
  }),
  initial: 'oneCopy',
  states: {
    /** The data pair mirrors (or a swap made the old P-VOL read-only): one copy. */
    oneCopy: {
      on: {
        TAKEOVER: [
          { guard: 'divergesData', target: 'diverged', actions: 'markDiverged' },
          { actions: 'noteEvidence' }
        ],
        PAIR: [
          { guard: 'divergesData', target: 'diverged', actions: 'markDiverged' },
          { actions: 'noteEvidence' }
        ],
        FAULT: { actions: 'noteEvidence' }
      }
    },
    /** The standby copy is writable on its own: writes at both sites would be split brain. */
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
