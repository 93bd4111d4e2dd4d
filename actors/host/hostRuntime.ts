/**
 * The program container of one simulated host: the host statechart (up / hung / crashed, clock
 * offset) and the programs it runs, each an XState actor on the simulation clock. Everything
 * reaching a program goes through {@link HostRuntime.deliver}, so a hung host really runs
 * nothing: its programs are frozen and what reaches them is queued until it resumes; a crashed
 * host loses its programs and everything sent to it.
 *
 * @example
 * ```ts
 * const host = new HostRuntime(sim, { id: 'prod-1', site: 'production', group: 'app' });
 * host.ensure('app', { group: 'app', site: 'production', startTime: 1000, restartDelay: 2000 }, wire);
 * host.deliver('app', { type: 'START' });
 * host.hang(); // the application is frozen; deliveries queue until resume()
 * ```
 */
import type { Simulation } from '../../sim';
import { hostMachine } from '../../machines/hostMachine';
import type { SiteId } from '../../model/storageTypes';
import type { Actor } from 'xstate';
import {
  PROGRAMS,
  type ProgramActor,
  type ProgramEvent,
  type ProgramInput,
  type ProgramName
} from './programs';

export type HostState = 'up' | 'hung' | 'crashed';

export interface HostOptions {
  id: string;
  site: SiteId;
  group: string;
}

type ProgramTable = { [K in ProgramName]?: ProgramActor<K> };

/** Runtime of one simulated host. */
export class HostRuntime {
  readonly id: string;
  readonly site: SiteId;
  readonly group: string;
  readonly machine: Actor<typeof hostMachine>;
  private programs: ProgramTable = {};
  private queue: Array<() => void> = [];
  /** When the current or last hang began (simulated ms). */
  private hungAt = 0;
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

  /** Has this host crashed (and restarted) since the run began? */
  get restarted(): boolean {
    return this.machine.getSnapshot().context.crashes > 0;
  }

  /** The program in slot `name`, if this host runs it. */
  get<K extends ProgramName>(name: K): ProgramActor<K> | undefined {
    return this.programs[name];
  }

  /**
   * The program in slot `name`, created (and traced as `<host>/<name>`) on first use. `wire`
   * subscribes the program's emitted events; it runs once per program instance.
   */
  ensure<K extends ProgramName>(
    name: K,
    input: ProgramInput<K>,
    wire: (actor: ProgramActor<K>) => void
  ): ProgramActor<K> {
    const existing = this.programs[name];
    if (existing) return existing;
    const actor = this.sim.spawn(PROGRAMS[name], { id: `${this.id}/${name}`, input });
    (this.programs as { [P in K]?: ProgramActor<P> })[name] = actor;
    wire(actor);
    return actor;
  }

  /** Send an event to one program: queued while hung, dropped while crashed or absent. */
  deliver<K extends ProgramName>(name: K, event: ProgramEvent<K>): void {
    const state = this.state;
    if (state === 'crashed') return;
    if (state === 'hung') {
      this.queue.push(() => this.programs[name]?.send(event));
      return;
    }
    this.programs[name]?.send(event);
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
    const programs = this.programs;
    this.programs = {};
    for (const name of Object.keys(programs) as ProgramName[]) {
      const program = programs[name];
      if (program) this.sim.stopActor(program);
    }
    for (const l of this.crashListeners) l();
  }

  recover(): void {
    this.machine.send({ type: 'RECOVER' });
  }

  hang(): void {
    if (this.state !== 'up') return;
    this.machine.send({ type: 'HANG' });
    this.hungAt = this.sim.clock.now();
    this.signal('FREEZE');
  }

  resume(): void {
    if (this.state !== 'hung') return;
    this.machine.send({ type: 'RESUME' });
    this.signal('RESUME', this.sim.clock.now() - this.hungAt);
    // What arrived during the hang is processed now, in arrival order.
    const pending = this.queue;
    this.queue = [];
    for (const fn of pending) {
      if ((this.state as HostState) !== 'up') break;
      fn();
    }
  }

  /** Freeze or resume the timers of every program that has any (a hang stops them all). */
  private signal(type: 'FREEZE' | 'RESUME', pausedFor = 0): void {
    const p = this.programs;
    p.sender?.send({ type });
    p.receiver?.send({ type });
    p.decision?.send({ type });
    // Production's self-fence watch judges by how long the host was paused.
    p.selfFence?.send(type === 'RESUME' ? { type, pausedFor } : { type });
    p.failover?.send({ type });
    p.app?.send({ type });
    p.request?.send({ type });
  }

  skew(offset: number): void {
    this.machine.send({ type: 'SKEW', offset });
    this.programs.sender?.send({ type: 'SKEW', offset });
    this.programs.receiver?.send({ type: 'SKEW', offset });
  }

  /** Stop and forget one program. */
  drop(name: ProgramName): void {
    const actor = this.programs[name];
    if (!actor) return;
    this.sim.stopActor(actor);
    delete this.programs[name];
  }
}
