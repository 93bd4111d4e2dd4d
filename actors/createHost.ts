/**
 * A host actor: the host statechart (up / hung / crashed, clock offset) plus the programs it runs
 * (heartbeat sender or receiver, failure decision, failover, application), each an XState actor on
 * the simulation clock. Everything reaching a program goes through {@link HostRuntime.deliver}, so
 * a hung host really runs nothing: its programs are frozen and what reaches them is queued until
 * it resumes; a crashed host loses its programs and everything sent to it.
 */
import type { AnyActorLogic, Actor, EventFromLogic } from 'xstate';
import type { Simulation } from '../sim';
import { hostMachine } from '../machines/hostMachine';
import type { SiteId } from '../model/storageTypes';

export type ProgramName = 'sender' | 'receiver' | 'decision' | 'failover' | 'app' | 'request';
export type HostState = 'up' | 'hung' | 'crashed';

export interface HostOptions {
  id: string;
  site: SiteId;
  group: string;
}

/** Runtime of one simulated host. */
export class HostRuntime {
  readonly id: string;
  readonly site: SiteId;
  readonly group: string;
  readonly machine: Actor<typeof hostMachine>;
  private readonly programs = new Map<ProgramName, Actor<AnyActorLogic>>();
  private queue: Array<() => void> = [];
  private readonly crashListeners: Array<() => void> = [];

  constructor(
    private readonly sim: Simulation,
    options: HostOptions
  ) {
    this.id = options.id;
    this.site = options.site;
    this.group = options.group;
    this.machine = sim.spawn(hostMachine, {
      id: options.id,
      input: { site: options.site, group: options.group }
    });
  }

  /** `up`, `hung` or `crashed`. */
  get state(): HostState {
    const v = this.machine.getSnapshot().value;
    return v === 'up' ? 'up' : v === 'hung' ? 'hung' : 'crashed';
  }

  get clockOffset(): number {
    return this.machine.getSnapshot().context.clockOffset;
  }

  /** The program `name`, if this host runs it. */
  get<T extends AnyActorLogic>(name: ProgramName): Actor<T> | undefined {
    return this.programs.get(name) as Actor<T> | undefined;
  }

  /**
   * The program `name`, created with `create` (and traced as `<host>/<name>`) on first use.
   * `wire` subscribes the program's emitted events; it runs once per program instance.
   */
  ensure<T extends AnyActorLogic>(
    name: ProgramName,
    logic: T,
    input: unknown,
    wire: (actor: Actor<T>) => void
  ): Actor<T> {
    const existing = this.programs.get(name);
    if (existing) return existing as Actor<T>;
    const actor = this.sim.spawn(logic, { id: `${this.id}/${name}`, input } as never) as Actor<T>;
    this.programs.set(name, actor as Actor<AnyActorLogic>);
    wire(actor);
    return actor;
  }

  /** Send an event to one program: queued while hung, dropped while crashed or absent. */
  deliver<T extends AnyActorLogic>(name: ProgramName, event: EventFromLogic<T>): void {
    const state = this.state;
    if (state === 'crashed') return;
    if (state === 'hung') {
      this.queue.push(() => this.programs.get(name)?.send(event as never));
      return;
    }
    this.programs.get(name)?.send(event as never);
  }

  /** Run `fn` now if the host is up, later (on resume) if it is hung, never if crashed. */
  whenRunning(fn: () => void): void {
    const state = this.state;
    if (state === 'up') fn();
    else if (state === 'hung') this.queue.push(fn);
  }

  onCrash(listener: () => void): void {
    this.crashListeners.push(listener);
  }

  crash(): void {
    if (this.state === 'crashed') return;
    this.machine.send({ type: 'CRASH' });
    this.queue = [];
    // A crash loses the programs' memory: they are recreated on restart.
    for (const actor of this.programs.values()) actor.stop();
    this.programs.clear();
    for (const l of this.crashListeners) l();
  }

  recover(): void {
    this.machine.send({ type: 'RECOVER' });
  }

  hang(): void {
    if (this.state !== 'up') return;
    this.machine.send({ type: 'HANG' });
    for (const actor of this.programs.values()) actor.send({ type: 'FREEZE' } as never);
  }

  resume(): void {
    if (this.state !== 'hung') return;
    this.machine.send({ type: 'RESUME' });
    for (const actor of this.programs.values()) actor.send({ type: 'RESUME' } as never);
    // What arrived during the hang is processed now, in arrival order.
    const pending = this.queue;
    this.queue = [];
    for (const fn of pending) {
      if ((this.state as HostState) !== 'up') break;
      fn();
    }
  }

  skew(offset: number): void {
    this.machine.send({ type: 'SKEW', offset });
    for (const name of ['sender', 'receiver'] as const) {
      this.programs.get(name)?.send({ type: 'SKEW', offset } as never);
    }
  }

  /** Stop and forget one program. */
  drop(name: ProgramName): void {
    const actor = this.programs.get(name);
    if (!actor) return;
    actor.stop();
    this.programs.delete(name);
  }
}
