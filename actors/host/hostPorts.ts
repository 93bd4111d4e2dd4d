/**
 * The ports of one host (SPEC §1.1a): everything a host knows reaches it through these, and
 * everything it does leaves through them. A host holds no reference to the cluster, to another
 * host, to the other site or to any record shared by both sites; it can be built and tested alone
 * against fake ports (test/actors/host/).
 */
import type { Observable } from 'rxjs';
import type { ClusterConfig } from '../../model/config';
import type { ControlMessage, LocalBeat } from '../../model/controlMessage';
import type { NarrativeEntry } from '../../model/run';
import type { HostObservation } from '../../model/observation';
import type { AlertKind } from '../../model/scenario';
import type { SiteId } from '../../model/storageTypes';
import type { Packet, StorageApi } from '../../model/ports';
import type { DerivedTimers } from '../../model/timers';
import type { Simulation } from '../../sim';

/** A heartbeat pair as a host's configuration names it. */
export interface HeartbeatPairIds {
  /** P-VOL (written by the sender). */
  pvol: string;
  /** S-VOL (read by the receiver). */
  svol: string;
  /** The identifier its messages carry (FIG. 3). */
  identifier: string;
}

/** What a host's configuration says about itself and its application group. */
export interface HostIdentity {
  id: string;
  site: SiteId;
  /** The application group. */
  group: string;
  /** The members of this host group at this site, in rank order (this host included). */
  members: readonly string[];
  /** The members of the application group's host group at the other site (message peers). */
  remote: readonly string[];
  /** This site's data volume. */
  dataVolume: string;
  /** The forward heartbeat pair (production → standby). */
  forward: HeartbeatPairIds;
  /** The reverse heartbeat pair (standby → production), bidirectional heartbeats only. */
  reverse: HeartbeatPairIds | null;
}

/** The answer of the third-site tiebreaker. */
export type QuorumAnswer = { granted: true } | { granted: false; holder: string };

/** The third-site tiebreaker, as a host reaches it. */
export interface QuorumPort {
  /** Renew this site's lease (while its application runs). */
  renew(site: SiteId): QuorumAnswer;
  /** Ask for the lease (to take over, or to take the application back). */
  request(site: SiteId): QuorumAnswer;
}

/** Every port of one host. */
export interface HostPorts {
  /** The host's clock, random stream and trace (the simulation it runs in). */
  sim: Simulation;
  /** Network messages addressed to this host. */
  inbox$: Observable<Packet<ControlMessage>>;
  /** Send a message over the network. */
  send(to: string, message: ControlMessage): void;
  /** This site's storage subsystem. */
  storage: StorageApi;
  /** The local heartbeats of this host group's other members. */
  localBeats$: Observable<LocalBeat>;
  /** Send a local heartbeat to the other members of this host group. */
  beat(beat: LocalBeat): void;
  /** The third-site tiebreaker, when isolation is decided by one. */
  quorum: QuorumPort | null;
  /** The host group's power-fencing device: switch off `host` (a member of this group). */
  powerFence(host: string): void;
  /** Raise an alert. */
  alert(source: string, kind: AlertKind, detail: string): void;
  /** Add a line to the narrated timeline. */
  narrate(source: string, kind: NarrativeEntry['kind'], text: string): void;
  /** Publish an observation of this host for the observers (they decide nothing). */
  observe(observation: HostObservation): void;
}

/** The configuration a host runs with. */
export interface HostSettings {
  config: ClusterConfig;
  timers: DerivedTimers;
}
