/**
 * Invariant monitor: **data reaches a volume only the way physics allows** (SPEC §1.10, §3 "lost
 * writes"): no host write on a paired S-VOL; every update copy crossed the remote link while it
 * was up, in order (async: the S-VOL holds an in-order prefix of the P-VOL's writes); and the lost
 * writes counted at a takeover from the observed writes equal the report's figure — for every copy
 * mode and fence level. The rules and the ledger are in dataPhysics.ts. Only watches.
 */
import { assign, setup } from 'xstate';
import type { CopyMode } from '../model/storageTypes';
import { createLedger, observePhysics, type PhysicsLedger, type PhysicsRule } from './dataPhysics';
import { finding, remember } from './monitorSupport';
import type { MonitorContextBase, MonitorEvent } from './monitorEvents';

export interface DataPhysicsMonitorInput {
  group: string;
  /** The group's data volume at each site (`prod-data`, `standby-data`). */
  volumes: { production: string; standby: string };
  mode: CopyMode;
  /** The remote link as configured (latency, jitter, loss). */
  link?: { latency: number; jitter: number; loss: number };
  /**
   * The ledger, when the monitor hub keeps it and feeds it the volume writes itself (then only a
   * broken rule reaches the statechart, as `PHYSICS.BROKEN`); by default the monitor's own.
   */
  ledger?: PhysicsLedger;
}

export interface DataPhysicsMonitorContext extends MonitorContextBase {
  /** The checker's ledger of what each data volume holds (mutable; the hub may feed it). */
  ledger: PhysicsLedger;
  /** The rule the violation broke (null: none). */
  rule: PhysicsRule | null;
}

export const dataPhysicsMonitorMachine = setup({
  types: {
    input: {} as DataPhysicsMonitorInput,
    context: {} as DataPhysicsMonitorContext,
    events: {} as MonitorEvent
  },
  guards: {
    broken: ({ context }) => context.rule !== null
  },
  actions: {
    observe: assign(({ context, event }) => {
      if (event.type === 'HEALED' || event.type === 'END' || event.type === 'PHYSICS.BROKEN') {
        return {};
      }
      const violation = observePhysics(context.ledger, event);
      const noted = event.type !== 'VOLUME_WRITE' || violation !== null;
      const evidence = noted ? remember(context.evidence, event) : context.evidence;
      if (!violation) return noted ? { evidence } : {};
      return {
        evidence,
        rule: violation.rule,
        finding: finding(event.at, violation.summary, evidence)
      };
    }),
    /** A write the hub fed to the ledger broke a rule. */
    noteBroken: assign(({ context, event }) => {
      if (event.type !== 'PHYSICS.BROKEN') return {};
      const evidence = remember(context.evidence, event.write);
      return {
        evidence,
        rule: event.violation.rule,
        finding: finding(event.at, event.violation.summary, evidence)
      };
    })
  }
}).createMachine({
  id: 'dataPhysicsMonitor',
  context: ({ input }) => ({
    group: input.group,
    ledger:
      input.ledger ??
      createLedger({
        group: input.group,
        mode: input.mode,
        volumes: input.volumes,
        link: input.link
      }),
    rule: null,
    evidence: [],
    finding: null
  }),
  initial: 'watching',
  states: {
    watching: {
      always: { guard: 'broken', target: 'violated' },
      on: {
        VOLUME_WRITE: { actions: 'observe' },
        'PHYSICS.BROKEN': { actions: 'noteBroken' },
        PAIR: { actions: 'observe' },
        LINK: { actions: 'observe' },
        STORAGE: { actions: 'observe' },
        TAKEOVER: { actions: 'observe' },
        FAULT: { actions: 'observe' }
      }
    },
    /** The first violation is recorded. */
    violated: {}
  }
});
