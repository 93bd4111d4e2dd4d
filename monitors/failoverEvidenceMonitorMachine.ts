/**
 * Invariant monitor: **no failover without an invalid heartbeat** (SPEC §3).
 *
 * It keeps its own copy of every standby receiver's rows (FIG. 2), as the receiver statechart
 * reports them, and when a standby failure decision declares production failed it checks that
 * the declaring host's receiver had at least one path `invalid` at that instant — or that
 * production itself asked for the takeover (its application lost its data volume). A declaration
 * on warnings, on a suspended row or on nothing is a violation. Only watches.
 */
import { assign, setup } from 'xstate';
import type { PathKind, PathStatus } from '../model/statusTable';
import { finding, remember } from './monitorSupport';
import type { MonitorContextBase, MonitorEvent } from './monitorEvents';

export interface FailoverEvidenceMonitorInput {
  group: string;
}

export interface FailoverEvidenceMonitorContext extends MonitorContextBase {
  /** Row status of each standby host's receiver, as last reported. */
  rows: Record<string, Record<PathKind, PathStatus>>;
  /** Declarations checked so far. */
  declarations: number;
}

function rowsOf(context: FailoverEvidenceMonitorContext, host: string) {
  return context.rows[host] ?? { network: 'valid', mirror: 'valid' };
}

export const failoverEvidenceMonitorMachine = setup({
  types: {
    input: {} as FailoverEvidenceMonitorInput,
    context: {} as FailoverEvidenceMonitorContext,
    events: {} as MonitorEvent
  },
  guards: {
    /** The declaration rests on an invalid row of the declaring host, or on production asking. */
    restsOnEvidence: ({ context, event }) => {
      if (event.type !== 'DECLARED') return false;
      if (event.verdict === 'takeover-requested') return true;
      const rows = rowsOf(context, event.host);
      return rows.network === 'invalid' || rows.mirror === 'invalid';
    }
  },
  actions: {
    recordRow: assign(({ context, event }) => {
      if (event.type !== 'PATH') return {};
      const rows = rowsOf(context, event.host);
      return {
        rows: { ...context.rows, [event.host]: { ...rows, [event.path]: event.status } },
        evidence: event.status === 'warning' ? context.evidence : remember(context.evidence, event)
      };
    }),
    noteEvidence: assign({ evidence: ({ context, event }) => remember(context.evidence, event) }),
    countDeclaration: assign({
      declarations: ({ context }) => context.declarations + 1,
      evidence: ({ context, event }) => remember(context.evidence, event)
    }),
    recordViolation: assign(({ context, event }) => {
      if (event.type !== 'DECLARED') return {};
      const rows = rowsOf(context, event.host);
      const evidence = remember(context.evidence, event);
      return {
        declarations: context.declarations + 1,
        evidence,
        finding: finding(
          event.at,
          `${context.group}: ${event.host} declared production failed (${event.verdict}) with no invalid heartbeat (network ${rows.network}, mirror ${rows.mirror})`,
          evidence
        )
      };
    })
  }
}).createMachine({
  id: 'failoverEvidenceMonitor',
  context: ({ input }) => ({
    group: input.group,
    rows: {},
    declarations: 0,
    evidence: [],
    finding: null
  }),
  initial: 'watching',
  on: {
    PATH: { actions: 'recordRow' },
    FAULT: { actions: 'noteEvidence' }
  },
  states: {
    watching: {
      on: {
        DECLARED: [
          { guard: 'restsOnEvidence', actions: 'countDeclaration' },
          { target: 'violated', actions: 'recordViolation' }
        ]
      }
    },
    violated: {}
  }
});
