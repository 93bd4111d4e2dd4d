/**
 * Who is who in a trace: every actor id of the two-site world classified (host, program, storage,
 * volume, pair, link, network, host group, tiebreaker), placed at a site and, for statechart
 * actors, matched with its machine in `machines/`. Works from the ids alone, so a saved trace file
 * can be shown too; a live run confirms the machines from XState's inspection events.
 */

export type ActorKind =
  | 'host'
  | 'program'
  | 'group'
  | 'storage'
  | 'volume'
  | 'pair'
  | 'link'
  | 'network'
  | 'tiebreaker'
  | 'scenario'
  | 'other';

export type Site = 'production' | 'standby' | 'between';

/** One actor of a run. */
export interface ActorInfo {
  id: string;
  kind: ActorKind;
  site: Site;
  /** Statechart name in `machines/` (`receiver`), when the actor is a statechart. */
  machine?: string;
  /** The host of a program (`standby-1` for `standby-1/receiver`). */
  host?: string;
  /** Short label (`receiver` for `standby-1/receiver`). */
  label: string;
}

const PROGRAM_MACHINES: Record<string, string> = {
  sender: 'sender',
  receiver: 'receiver',
  decision: 'failureDecision',
  failover: 'failover',
  app: 'application',
  request: 'takeoverRequest'
};

/** Classify the actor `id` (`machines` lists the statechart names available). */
export function classifyActor(id: string, machines: readonly string[] = []): ActorInfo {
  const has = (m: string) => (machines.length === 0 || machines.includes(m) ? m : undefined);
  const siteOf = (text: string): Site =>
    /(^|[-/])prod/.test(text) ? 'production' : /(^|[-/])standby/.test(text) ? 'standby' : 'between';
  if (id === 'scenario') return { id, kind: 'scenario', site: 'between', label: id };
  const slash = id.lastIndexOf('/');
  if (slash > 0) {
    const owner = id.slice(0, slash);
    const name = id.slice(slash + 1);
    if (/-group$/.test(name)) {
      return { id, kind: 'group', site: siteOf(name), machine: has('hostGroup'), label: name };
    }
    const machine = PROGRAM_MACHINES[name] ?? (machines.includes(name) ? name : undefined);
    return {
      id,
      kind: 'program',
      site: siteOf(owner),
      machine: machine ? has(machine) : undefined,
      host: owner,
      label: name
    };
  }
  if (id === 'network')
    return { id, kind: 'network', site: 'between', machine: has('network'), label: id };
  if (/link$/.test(id))
    return { id, kind: 'link', site: 'between', machine: has('link'), label: id };
  if (/tiebreaker$/.test(id)) {
    return { id, kind: 'tiebreaker', site: 'between', machine: has('tiebreaker'), label: id };
  }
  if (/-storage$/.test(id)) {
    return { id, kind: 'storage', site: siteOf(id), machine: has('storage'), label: id };
  }
  if (/pair$/.test(id))
    return { id, kind: 'pair', site: 'between', machine: has('pair'), label: id };
  if (/^(.*-)?(prod|standby)-\d+$/.test(id)) {
    return { id, kind: 'host', site: siteOf(id), machine: has('host'), label: id };
  }
  if (/^(.*-)?(prod|standby)-[a-z]+$/.test(id))
    return { id, kind: 'volume', site: siteOf(id), label: id };
  return { id, kind: 'other', site: 'between', label: id };
}

/** Flatten an XState state value into one readable line: `on.watching(poll.waiting, mirror.valid)`. */
export function describeState(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value !== 'object') return String(value);
  const entries = Object.entries(value as Record<string, unknown>);
  const parts = entries.map(([k, v]) => {
    if (typeof v === 'string') return `${k}.${v}`;
    const inner = describeState(v);
    return inner.includes(',') ? `${k}(${inner})` : `${k}.${inner}`;
  });
  return parts.join(', ');
}
