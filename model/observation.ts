/**
 * What observers see of a run: one typed stream of observations (`Observable<Observation>`), the
 * whole input of the invariant monitors, of the outcome accounting (failure onset, detection,
 * failover time, unavailability, lost and divergent writes) and of the report.
 *
 * Observers only watch: nothing that decides may read an observation (SPEC §1.1a). Each
 * observation below says who publishes it: the hosts publish theirs ({@link HostObservation}:
 * their own state, their application and its writes, the standby's rows, verdicts, declaration
 * and failover) through their `observe` port; `world/observeCluster.ts` merges them with what the
 * arrays, the link, the network, the alerts and the fault injector publish, into one stream.
 *
 * Every observation carries its simulated time `at` (ms). Observations about one application
 * group carry `group` (the group's name, `app`, `app2`…); site-wide ones (an array, a fault) do
 * not, and concern every group.
 */
import type { Verdict } from './verdict';
import type { Alert, FaultEntry } from './scenario';
import type { PathKind, PathStatus } from './statusTable';
import type { PairState, SiteId, TakeoverKind } from './storageTypes';

/** What a host is doing: running, hung (frozen, will resume) or crashed. */
export type HostCondition = 'up' | 'hung' | 'crashed';

/**
 * High-water marks of the data stream at a takeover, per writer (host id → highest write sequence
 * present): at the data volume the takeover took the primary role from (`acknowledged`: every
 * write there was acknowledged to the application) and at the volume it gave the role to
 * (`copied`). What the first holds and the second lacks is lost.
 */
export interface WriteMarks {
  acknowledged: Readonly<Record<string, number>>;
  copied: Readonly<Record<string, number>>;
}

/** One observation of the world. */
export type Observation =
  /** A host changed state (published by the host). */
  | { type: 'HOST'; at: number; group: string; host: string; site: SiteId; state: HostCondition }
  /** A site's storage subsystem failed or came back (published by the array). */
  | { type: 'STORAGE'; at: number; site: SiteId; up: boolean }
  /** The remote-copy link changed state (published by the link). */
  | { type: 'LINK'; at: number; state: 'up' | 'degraded' | 'down' }
  /** The network changed state: quality and partition (published by the network). */
  | { type: 'NETWORK'; at: number; mode: 'up' | 'degraded'; partition: string }
  /**
   * The group's application started or stopped running on a host (published by the host's
   * application program). Running includes `blocked` (up, its writes refused).
   */
  | { type: 'APP'; at: number; group: string; host: string; site: SiteId; running: boolean }
  /**
   * One application write was acknowledged to the application (published by the host that wrote
   * it, when the array's answer reaches it): the users' view of availability.
   */
  | {
      type: 'APP_WRITE_ACK';
      at: number;
      group: string;
      site: SiteId;
      /** The data volume written. */
      volume: string;
      /** The host that wrote (its application). */
      writer: string;
      writeSeq: number;
    }
  /** One application write failed (refused by the array, or unanswered within the I/O timeout). */
  | {
      type: 'APP_WRITE_FAILED';
      at: number;
      group: string;
      site: SiteId;
      volume: string;
      writer: string;
      error: string;
    }
  /**
   * Production's heartbeat sender sent one heartbeat (FIG. 3, FIG. 6; published by the host): the
   * write to the heartbeat P-VOL issued, or the packet handed to the network. `run` counts the
   * sender programs this host started (after a crash or a role change a new one continues from
   * the serial its P-VOL holds, or from 1 when it cannot read it).
   */
  | {
      type: 'HEARTBEAT_SENT';
      at: number;
      group: string;
      host: string;
      path: PathKind;
      serial: number;
      run: number;
    }
  /** A standby receiver's row changed status (FIG. 2/7; published by the receiver). */
  | { type: 'PATH'; at: number; group: string; host: string; path: PathKind; status: PathStatus }
  /** A standby failure decision changed verdict, not counting the declaration itself. */
  | { type: 'VERDICT'; at: number; group: string; host: string; verdict: Verdict }
  /**
   * A standby failure decision declared production failed: the failover starts (published by the
   * decision; after the PATH observations of the rows it rested on).
   */
  | {
      type: 'DECLARED';
      at: number;
      group: string;
      host: string;
      verdict: Verdict;
      reason: string;
    }
  /** The failover completed: the application runs on the standby group (published by the failover). */
  | { type: 'FAILOVER_COMPLETED'; at: number; group: string; host: string; takeover: string }
  /** The failover was refused or gave up (published by the failover). */
  | { type: 'FAILOVER_REFUSED'; at: number; group: string; host: string; detail: string }
  /** An alert was raised; `group` null when it concerns every group (published with the alert). */
  | { type: 'ALERT'; at: number; group: string | null; alert: Alert }
  /**
   * An array carried out (or refused) a takeover of the group's data pair, with the high-water
   * marks of the data stream at that instant (published by the array that carried it out).
   */
  | {
      type: 'TAKEOVER';
      at: number;
      group: string;
      result: TakeoverKind | 'refused';
      detail: string;
      /** The data volume that gave up the primary role, and the one that took it (null: refused or nop). */
      from: string | null;
      to: string | null;
      writes: WriteMarks;
    }
  /** One of the group's pairs changed state (published by the array). */
  | {
      type: 'PAIR';
      at: number;
      group: string;
      pair: 'data' | 'heartbeat';
      from: PairState;
      to: PairState;
      /** The pair's P-VOL after the change (a swap changes it); absent when not known. */
      primary?: string;
    }
  /**
   * A write landed on one of the group's data volumes (published by the array holding it): a
   * host's write acknowledged there (`origin: 'host'`), or an update copy of a P-VOL write that
   * arrived over the remote link and was applied at the S-VOL (`origin: 'copy'`). `writeSeq` is
   * the array's sequence number of the write, per writer; a copy carries the P-VOL's number.
   * Observers only: the data-physics checker and the two-writers monitor rebuild each volume's
   * history from these, independently of the arrays' own tallies.
   */
  | {
      type: 'VOLUME_WRITE';
      at: number;
      group: string;
      volume: string;
      block: number;
      writer: string;
      writeSeq: number;
      origin: 'host' | 'copy';
    }
  /**
   * A timeline entry was carried out (`apply`) or reverted after its `for` (`revert`); published
   * by the fault injector once the entry took effect.
   */
  | {
      type: 'FAULT';
      at: number;
      fault: FaultEntry;
      phase: 'apply' | 'revert';
      /** An operator action or a repair (recover, heal, restore, set-method, …), not a fault. */
      operator: boolean;
    }
  /**
   * Every timeline entry is over (the last one and its revert have run): from here the world
   * should be whole again (published by the fault injector).
   */
  | { type: 'TIMELINE_OVER'; at: number };

/** The type of an observation. */
export type ObservationType = Observation['type'];

/** The observations a host publishes itself, of itself and its own programs. */
export type HostObservation = Extract<
  Observation,
  {
    type:
      | 'HOST'
      | 'APP'
      | 'APP_WRITE_ACK'
      | 'APP_WRITE_FAILED'
      | 'HEARTBEAT_SENT'
      | 'PATH'
      | 'VERDICT'
      | 'DECLARED'
      | 'FAILOVER_COMPLETED'
      | 'FAILOVER_REFUSED';
  }
>;

/** What is still broken in the world right now (for the check that it is whole again). */
export interface WorldHealth {
  /** Hosts that are not up, with their state. */
  hostsDown: readonly { host: string; state: HostCondition }[];
  /** Sites whose storage subsystem is failed. */
  arraysDown: readonly SiteId[];
  link: 'up' | 'degraded' | 'down';
  network: { mode: 'up' | 'degraded'; partition: string };
  /** Volumes with injected I/O errors in force. */
  ioErrors: readonly string[];
}

/**
 * The observers' read-only god's-eye probe: what an observer may ask of the world at an instant,
 * beyond the stream. Nothing that decides may use it.
 */
export interface WorldProbe {
  /** Simulated time, ms. */
  now(): number;
  /** Health of the world, for the check that it is whole again after the timeline. */
  health(): WorldHealth;
}
