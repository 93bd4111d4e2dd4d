/**
 * What every actor of the run is at one instant, folded from trace lines: its state value, the
 * event that led there, whether it was stopped (a `xstate.stop` line), its input (from
 * `xstate.init`), and what the topology needs beyond single actors — each remote-copy pair's
 * volumes and current direction (the volume whose `pair-status` says role `P` is the P-VOL; after
 * a swap-takeover that is the former S-VOL) and when each data volume last acknowledged a write.
 * Generic over ids: everything comes from the trace, nothing is a closed list of actors.
 */
import type { TraceLine } from '../../sim/createTrace';

/** Type of the line that records an actor's stop (the kernel's `STOP_EVENT`). */
export const STOPPED = 'xstate.stop';

export interface ActorState {
  state: unknown;
  /** The last event type the actor handled. */
  type: string;
  t: number;
  /** Stopped by whoever stopped it (a crash, a program dropped): shown greyed out. */
  stopped: boolean;
  /** Its `xstate.init` input, when the trace recorded one. */
  input?: Record<string, unknown>;
}

export interface PairState {
  id: string;
  /** The P-VOL now (the data flows from it). */
  primary: string;
  /** The S-VOL now. */
  secondary: string;
  /** The pair statechart's state value. */
  state: unknown;
  /** True once the direction is the reverse of the one the pair was created with. */
  swapped: boolean;
}

export interface WorldState {
  actors: Map<string, ActorState>;
  pairs: Map<string, PairState>;
  /** Volume id → simulated time of its last acknowledged application write. */
  lastWriteAck: Map<string, number>;
  /** Volume id → the pair state and role it last reported. */
  volumes: Map<string, { state: string; role: string }>;
}

export function createWorldState(): WorldState {
  return { actors: new Map(), pairs: new Map(), lastWriteAck: new Map(), volumes: new Map() };
}

/** Fold one trace line into `world` (lines in trace order). */
export function applyToWorld(world: WorldState, line: TraceLine): void {
  const payload = (line.payload ?? {}) as Record<string, unknown>;
  let a = world.actors.get(line.actor);
  if (line.type === 'xstate.init') {
    const input = payload.input;
    a = {
      state: line.state,
      type: line.type,
      t: line.t,
      stopped: false,
      input: input && typeof input === 'object' ? (input as Record<string, unknown>) : undefined
    };
    world.actors.set(line.actor, a);
    if (a.input && typeof a.input.primary === 'string' && typeof a.input.secondary === 'string') {
      world.pairs.set(line.actor, {
        id: line.actor,
        primary: a.input.primary,
        secondary: a.input.secondary,
        state: line.state,
        swapped: false
      });
    }
    return;
  }
  if (!a) {
    a = { state: line.state, type: line.type, t: line.t, stopped: false };
    world.actors.set(line.actor, a);
  }
  a.type = line.type;
  a.t = line.t;
  if (line.type === STOPPED) {
    a.stopped = true;
    a.state = line.state ?? 'stopped';
    return;
  }
  a.stopped = false;
  if (line.state !== undefined) a.state = line.state;
  const pair = world.pairs.get(line.actor);
  if (pair && line.state !== undefined) pair.state = line.state;
  if (line.type === 'write-acked') world.lastWriteAck.set(line.actor, line.t);
  if (line.type === 'pair-status' && typeof payload.role === 'string') {
    world.volumes.set(line.actor, { state: String(payload.state ?? ''), role: payload.role });
    for (const p of world.pairs.values()) {
      if (p.primary !== line.actor && p.secondary !== line.actor) continue;
      const other = p.primary === line.actor ? p.secondary : p.primary;
      const isPrimary = payload.role === 'P';
      const isSecondary = payload.role === 'S';
      if ((isPrimary && p.primary !== line.actor) || (isSecondary && p.secondary !== line.actor)) {
        p.primary = isPrimary ? line.actor : other;
        p.secondary = isPrimary ? other : line.actor;
        p.swapped = !p.swapped;
      }
    }
  }
}

/** The top-level name of a state value (`{ PAIR: 'mirroring' }` → `PAIR`). */
export function topState(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') return Object.keys(value as object)[0] ?? '';
  return '';
}

/** True when the application actor's state says it runs (`running`, `running.healthy`…). */
export function isRunning(a: ActorState | undefined): boolean {
  return !!a && !a.stopped && topState(a.state) === 'running';
}

/** True when a host's state says it is down (crashed) — its programs are not running. */
export function isDown(a: ActorState | undefined): boolean {
  return !!a && (a.stopped || /crash|down|failed|disaster/.test(topState(a.state)));
}
