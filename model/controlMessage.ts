/**
 * The host-to-host protocol: every message one host sends another over the network, as one
 * discriminated union on `kind`. Every message names its application group; lifecycle messages
 * carry the flow id of the statechart that sent them so a late answer to an older flow is
 * ignored. Nothing else crosses between hosts: what one site knows of the other it learns from
 * these messages (or, as data, from the mirrored heartbeat volume).
 *
 * Group-local messages (the local heartbeats of one host group's members) are {@link LocalBeat}:
 * they never leave the site.
 */

/** Heartbeats and the failover protocol (SPEC §1.6, §1.8, §1.9). */
export type FailoverMessage =
  /** A heartbeat message (FIG. 3) sent over the network; `reverse`: standby → production. */
  | { kind: 'hb'; group: string; data: string; reverse: boolean }
  /** The standby asks production to fence itself (stop the application and the heartbeat). */
  | { kind: 'fence'; group: string }
  /** Production has fenced itself. */
  | { kind: 'fence-ack'; group: string }
  /** The standby's failover did not happen: production may resume what it was fenced from. */
  | { kind: 'unfence'; group: string }
  /** Production's application failed: it asks the standby to take over. */
  | { kind: 'takeover-request'; group: string; reason: string }
  | { kind: 'takeover-ack'; group: string }
  /** A self-fenced production hears the standby again and asks to serve again. */
  | { kind: 'rejoin-request'; group: string }
  | { kind: 'rejoin-ok'; group: string }
  | { kind: 'rejoin-denied'; group: string };

/** FIG. 4 install, FIG. 5 de-install, FIG. 8 checking method (SPEC §1.4, §1.5, §1.7). */
export type LifecycleMessage =
  /** Production activated the mirror: the standby registers its S-VOL and watches it. */
  | { kind: 'hb-activate'; group: string; flow: string }
  | { kind: 'hb-activate-ack'; group: string; flow: string }
  /** Production de-installs the mirror: the standby stops watching it first. */
  | { kind: 'hb-deactivate'; group: string; flow: string }
  | { kind: 'hb-deactivate-ack'; group: string; flow: string }
  /** The standby refuses: a change of its own is in progress, or it watches the mirror alone. */
  | { kind: 'hb-deactivate-refused'; group: string; flow: string; reason: string }
  /** An install rolled back: the standby unregisters the S-VOL it may have registered. */
  | { kind: 'hb-cancel'; group: string; flow: string }
  /** The standby's method change asks production's sender to write these paths. */
  | {
      kind: 'hb-paths';
      group: string;
      flow: string;
      step: PathStep;
      mirror: boolean;
      network: boolean;
    }
  | { kind: 'hb-paths-ack'; group: string; flow: string; step: PathStep };

/** The steps of the method-change handshake (FIG. 8) that move production's sender. */
export type PathStep = 'widen' | 'narrow' | 'restore';

/** Failback (SPEC §1.8): the standby's half asks, production's half answers. */
export type FailbackMessage =
  /** Is production healthy enough to take the application back? */
  | { kind: 'failback-probe'; group: string; flow: string }
  | { kind: 'failback-ready'; group: string; flow: string }
  | { kind: 'failback-not-ready'; group: string; flow: string; problem: string }
  /** Resynchronise the forward heartbeat pair (its P-VOL is production's). */
  | { kind: 'hb-resync'; group: string; flow: string }
  /** The standby stopped its application: take the data volume back and start the application. */
  | { kind: 'switch-back'; group: string; flow: string }
  | { kind: 'switch-back-done'; group: string; flow: string; takeover: string }
  /** `restart`: production did not take the volume, so the standby runs the application again. */
  | { kind: 'switch-back-refused'; group: string; flow: string; detail: string; restart: boolean };

/** Every message between hosts. */
export type ControlMessage = FailoverMessage | LifecycleMessage | FailbackMessage;

/** The kinds of {@link ControlMessage}. */
export type ControlKind = ControlMessage['kind'];

/** The message of kind `K`. */
export type ControlOf<K extends ControlKind> = Extract<ControlMessage, { kind: K }>;

/** A local heartbeat between the members of one host group at one site (SPEC §1.1). */
export interface LocalBeat {
  from: string;
  /** The member the sender believes is the group's active member. */
  active: string | null;
}
