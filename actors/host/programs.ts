/**
 * The programs a host can run, one statechart kind per slot. A program is spawned as
 * `<host>/<slot>` (its stable trace id) on first use and lost when the host crashes.
 */
import type { Actor, EventFromLogic, InputFrom } from 'xstate';
import { applicationMachine } from '../../machines/applicationMachine';
import { autoResyncMachine } from '../../machines/autoResyncMachine';
import { checkingMethodMachine } from '../../machines/checkingMethodMachine';
import { failbackMachine } from '../../machines/failbackMachine';
import { failbackReturnMachine } from '../../machines/failbackReturnMachine';
import { failoverMachine } from '../../machines/failoverMachine';
import { failureDecisionMachine } from '../../machines/failureDecisionMachine';
import { installMachine } from '../../machines/installMachine';
import { membershipMachine } from '../../machines/membershipMachine';
import { receiverMachine } from '../../machines/receiverMachine';
import { roleMachine } from '../../machines/roleMachine';
import { selfFenceMachine } from '../../machines/selfFenceMachine';
import { senderMachine } from '../../machines/senderMachine';
import { statusTableMachine } from '../../machines/statusTableMachine';
import { takeoverRequestMachine } from '../../machines/takeoverRequestMachine';
import { uninstallMachine } from '../../machines/uninstallMachine';

/** The statechart of every program slot. */
export const PROGRAMS = {
  /** This member's view of its host group's membership (local heartbeats). */
  members: membershipMachine,
  /** The site's role for the application group, as this host knows it. */
  role: roleMachine,
  /** FIG. 2 status table of this site. */
  table: statusTableMachine,
  /** FIG. 6 heartbeat sender (forward at production, reverse at the standby). */
  sender: senderMachine,
  /** FIG. 7 heartbeat receiver (forward at the standby, reverse at production). */
  receiver: receiverMachine,
  /** The standby's failure decision (SPEC §1.8). */
  decision: failureDecisionMachine,
  /** Production's self-fencing watch over the standby (bidirectional heartbeats). */
  selfFence: selfFenceMachine,
  /** The standby's failover. */
  failover: failoverMachine,
  /** The application. */
  app: applicationMachine,
  /** Production's repeated takeover request. */
  request: takeoverRequestMachine,
  /** FIG. 4 install, production's half. */
  install: installMachine,
  /** FIG. 5 de-install, production's half. */
  uninstall: uninstallMachine,
  /** FIG. 8 checking-method change, the standby's half. */
  method: checkingMethodMachine,
  /** Failback, the standby's half. */
  failback: failbackMachine,
  /** Failback, production's half. */
  failbackReturn: failbackReturnMachine,
  /** Cluster software resyncing this site's suspended P-VOLs (`remoteCopy.autoResync`). */
  autoResync: autoResyncMachine
};

/** The statechart kind of each program slot. */
export type ProgramLogics = typeof PROGRAMS;

/** A program slot. */
export type ProgramName = keyof ProgramLogics;

/** The actor of slot `K`. */
export type ProgramActor<K extends ProgramName> = Actor<ProgramLogics[K]>;

/** An event of slot `K`'s statechart. */
export type ProgramEvent<K extends ProgramName> = EventFromLogic<ProgramLogics[K]>;

/** The input of slot `K`'s statechart. */
export type ProgramInput<K extends ProgramName> = InputFrom<ProgramLogics[K]>;
