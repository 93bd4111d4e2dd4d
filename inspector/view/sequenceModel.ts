/**
 * Messages between actors, for the sequence (Lamport) diagram, gathered from trace lines: network
 * packets between hosts (delivered or dropped, named after what the receiver did with them), the
 * heartbeat written to the P-VOL, copied over the remote link to the S-VOL and acknowledged, and
 * the standby's reads of the S-VOL. Faults and alerts become notes on the lifelines.
 */
import { decodeHeartbeat } from '../../model/heartbeatMessage';
import type { TraceLine } from '../../sim/createTrace';
import { classifyActor } from './actors';
import { topState } from './worldState';

export interface SeqMessage {
  from: string;
  to: string;
  sentAt: number;
  /** Arrival time; null when the message was lost. */
  recvAt: number | null;
  label: string;
  kind: 'network' | 'write' | 'copy' | 'ack' | 'read' | 'storage';
  /** What it is, for filtering: the control message's own `kind` (`fence`, `takeover-request`…), `heartbeat`, `write`… */
  topic: string;
  /** Simulated time of the trace line that completed it (messages come in this order). */
  at: number;
}

export interface SeqNote {
  t: number;
  /** Lifeline id, or `*` for every lifeline. */
  on: string;
  text: string;
  kind: 'fault' | 'alert' | 'storage';
  /** A note across two lifelines (a pair between the two subsystems). */
  across?: [string, string];
}

export interface SequenceModel {
  messages: SeqMessage[];
  notes: SeqNote[];
  /** Lifelines seen so far (hosts and storage subsystems). */
  lifelines: Set<string>;
  /** Internal: when each host last started a heartbeat write. */
  writeStarts: Map<string, number>;
  /** Internal: copy arrival per heartbeat (writer/seq). */
  copies: Map<string, number>;
  /** Internal: last S-VOL read request per storage. */
  reads: Map<string, number>;
  /** Internal: packets waiting for a label from what the receiver did. */
  unlabelled: SeqMessage[];
  /** Internal: last pair state and P-VOL seen per pair, and who last ran a failover. */
  pairs: Map<string, { state: string; primary: string; secondary: string }>;
  lastFailover: { host: string; t: number } | null;
  /** Every topic seen (for the filter). */
  topics: Set<string>;
}

export function createSequenceModel(): SequenceModel {
  return {
    messages: [],
    notes: [],
    lifelines: new Set(),
    writeStarts: new Map(),
    copies: new Map(),
    reads: new Map(),
    unlabelled: [],
    pairs: new Map(),
    lastFailover: null,
    topics: new Set()
  };
}

/** The storage subsystem holding volume `volume` (`prod-hb` → `prod-storage`). */
export function storageOfVolume(volume: string): string {
  return classifyActor(volume).site === 'standby' ? 'standby-storage' : 'prod-storage';
}

/** Add one trace line to `model` (lines in trace order). */
export function addToSequence(model: SequenceModel, line: TraceLine): void {
  const payload = (line.payload ?? {}) as Record<string, unknown>;
  const info = classifyActor(line.actor);

  // A packet is named after what its receiver did with it at that instant.
  if (model.unlabelled.length > 0 && info.kind === 'program') {
    const i = model.unlabelled.findIndex((m) => m.to === info.host && m.recvAt === line.t);
    if (i >= 0) {
      const m = model.unlabelled[i];
      const msg = decodeHeartbeat(payload.data);
      m.label = msg ? `hb #${msg.serial}` : line.type;
      m.topic = msg ? 'heartbeat' : line.type;
      model.topics.add(m.topic);
      model.unlabelled.splice(i, 1);
    }
  }
  if (model.unlabelled.length > 50) model.unlabelled.splice(0, model.unlabelled.length - 50);

  if (
    line.actor === 'network' &&
    (line.type === 'packet-delivered' || line.type === 'packet-dropped')
  ) {
    const from = String(payload.from);
    const to = String(payload.to);
    const delivered = line.type === 'packet-delivered';
    // A heartbeat's serial is in its data, which the receiver decodes: labelled from there.
    const named = messageKind(payload);
    const heartbeat = named === 'hb';
    const kind = heartbeat ? undefined : named;
    const serial = findNumber(payload, 'serial');
    const m: SeqMessage = {
      from,
      to,
      sentAt: typeof payload.sentAt === 'number' ? payload.sentAt : line.t,
      recvAt: delivered ? line.t : null,
      label: kind
        ? `${kind}${serial !== undefined ? ` #${serial}` : ''}${delivered ? '' : ' (lost)'}`
        : heartbeat
          ? `hb${delivered ? '' : ' (lost)'}`
          : delivered
            ? 'packet'
            : 'lost',
      kind: 'network',
      topic: heartbeat ? 'heartbeat' : (kind ?? 'packet'),
      at: line.t
    };
    model.lifelines.add(from).add(to);
    push(model, m);
    if (delivered && !kind) model.unlabelled.push(m);
    return;
  }

  if (info.kind === 'program' && info.label === 'sender' && info.host) {
    // A heartbeat goes out on each beat of the sender's clock (and at once on a resume).
    if (isBeat(line)) model.writeStarts.set(info.host, line.t);
    if (line.type === 'WRITE.OK' || line.type === 'WRITE.FAILED') {
      const started = model.writeStarts.get(info.host) ?? line.t;
      model.writeStarts.delete(info.host);
      const storage = info.site === 'standby' ? 'standby-storage' : 'prod-storage';
      const remote = storage === 'prod-storage' ? 'standby-storage' : 'prod-storage';
      const serial = typeof payload.serial === 'number' ? payload.serial : '?';
      const copiedAt = model.copies.get(info.host);
      model.copies.delete(info.host);
      model.lifelines.add(info.host).add(storage);
      push(model, {
        from: info.host,
        to: storage,
        sentAt: started,
        recvAt: started,
        label: `write hb #${serial}`,
        kind: 'write',
        topic: 'heartbeat write',
        at: line.t
      });
      if (copiedAt !== undefined) {
        model.lifelines.add(remote);
        push(model, {
          from: storage,
          to: remote,
          sentAt: started,
          recvAt: copiedAt,
          label: `copy #${serial}`,
          kind: 'copy',
          topic: 'heartbeat write',
          at: line.t
        });
      }
      push(model, {
        from: storage,
        to: info.host,
        sentAt: copiedAt ?? line.t,
        recvAt: line.t,
        label: line.type === 'WRITE.OK' ? `ack #${serial}` : 'write failed',
        kind: 'ack',
        topic: 'heartbeat write',
        at: line.t
      });
    }
    return;
  }

  if (info.kind === 'volume' && /hb$/.test(line.actor)) {
    if (line.type === 'copy-applied' && typeof payload.writer === 'string') {
      model.copies.set(payload.writer, line.t);
    } else if (line.type === 'read') {
      model.reads.set(storageOfVolume(line.actor), line.t);
    }
    return;
  }

  if (
    info.kind === 'program' &&
    info.label === 'receiver' &&
    info.host &&
    (line.type === 'READ.DONE' || line.type === 'READ.FAILED')
  ) {
    // A read handed on later carries when it was read; its stream-level line showed it then.
    if (typeof payload.at === 'number') return;
    const storage = info.site === 'production' ? 'prod-storage' : 'standby-storage';
    const asked = model.reads.get(storage) ?? line.t;
    const msg = decodeHeartbeat(payload.data);
    model.lifelines.add(info.host).add(storage);
    push(model, {
      from: storage,
      to: info.host,
      sentAt: asked,
      recvAt: line.t,
      label:
        line.type === 'READ.FAILED'
          ? 'read failed'
          : msg
            ? `serial #${msg.serial}`
            : 'no heartbeat',
      kind: 'read',
      topic: 'heartbeat read',
      at: line.t
    });
    return;
  }

  // Failover steps and the storage takeover they ask for.
  if (info.kind === 'program' && info.label === 'failover' && info.host) {
    model.lastFailover = { host: info.host, t: line.t };
    if (line.type === 'TAKEOVER.DONE' || line.type === 'TAKEOVER.FAILED') {
      const storage = info.site === 'production' ? 'prod-storage' : 'standby-storage';
      const what = typeof payload.kind === 'string' ? payload.kind : line.type.toLowerCase();
      model.lifelines.add(info.host).add(storage);
      push(model, {
        from: storage,
        to: info.host,
        sentAt: line.t,
        recvAt: line.t,
        label: what,
        kind: 'storage',
        topic: 'takeover',
        at: line.t
      });
    }
    return;
  }

  // Remote-copy pairs: takeovers asked of the array, state changes, direction swaps.
  if (info.kind === 'pair') {
    const input = (payload.input ?? {}) as Record<string, unknown>;
    const state = topState(line.state);
    if (line.type === 'xstate.init') {
      model.pairs.set(line.actor, {
        state,
        primary: String(input.primary ?? ''),
        secondary: String(input.secondary ?? '')
      });
      return;
    }
    const p = model.pairs.get(line.actor) ?? { state: '', primary: '', secondary: '' };
    model.pairs.set(line.actor, p);
    const storages: [string, string] = ['prod-storage', 'standby-storage'];
    if (line.type === 'TAKEOVER' || /TAKEOVER/.test(line.type)) {
      const asker = model.lastFailover;
      const storage = storageOfVolume(p.secondary || 'standby');
      if (asker) {
        model.lifelines.add(asker.host).add(storage);
        push(model, {
          from: asker.host,
          to: storage,
          sentAt: Math.min(asker.t, line.t),
          recvAt: line.t,
          label: `takeover ${line.actor}`,
          kind: 'storage',
          topic: 'takeover',
          at: line.t
        });
      }
    }
    if (state && state !== p.state) {
      model.lifelines.add(storages[0]).add(storages[1]);
      model.notes.push({
        t: line.t,
        on: storages[0],
        across: storages,
        text: `${line.actor}: ${p.state || '?'} → ${describeValue(line.state)}`,
        kind: 'storage'
      });
      p.state = state;
    }
    return;
  }
  if (info.kind === 'volume' && line.type === 'pair-status' && payload.role === 'P') {
    for (const [id, p] of model.pairs) {
      if (p.secondary !== line.actor) continue;
      p.secondary = p.primary;
      p.primary = line.actor;
      model.notes.push({
        t: line.t,
        on: 'prod-storage',
        across: ['prod-storage', 'standby-storage'],
        text: `${id} swapped: ${p.primary} is the P-VOL → ${p.secondary}`,
        kind: 'storage'
      });
    }
    return;
  }

  if (line.actor === 'scenario' && (line.type === 'fault' || line.type === 'revert')) {
    const target = payload.target === undefined ? '*' : String(payload.target);
    const text = `${line.type === 'revert' ? 'end of ' : ''}${String(payload.action)}${payload.target ? ` ${String(payload.target)}` : ''}`;
    model.notes.push({ t: line.t, on: target, text, kind: 'fault' });
    return;
  }
  if (line.type === 'alert') {
    const kind = String(payload.kind ?? 'alert');
    if (kind === 'heartbeat-warning') return;
    const host = line.actor.split('/')[0];
    model.notes.push({ t: line.t, on: host, text: kind, kind: 'alert' });
    model.topics.add('alert');
  }
}

function push(model: SequenceModel, m: SeqMessage): void {
  model.messages.push(m);
  model.topics.add(m.topic);
}

/**
 * A control message's kind, read generically from its payload: a `kind` (or `type`) string on the
 * payload or on the message it carries (`payload.message.kind`, `payload.payload.kind`…), so new
 * message kinds show up without a list to keep in step.
 */
export function messageKind(payload: Record<string, unknown>): string | undefined {
  const seen = new Set<unknown>();
  const visit = (v: unknown, depth: number): string | undefined => {
    if (!v || typeof v !== 'object' || seen.has(v) || depth > 3) return undefined;
    seen.add(v);
    const o = v as Record<string, unknown>;
    if (typeof o.kind === 'string') return o.kind;
    if (depth > 0 && typeof o.type === 'string') return o.type;
    for (const [k, child] of Object.entries(o)) {
      if (k === 'from' || k === 'to') continue;
      const found = visit(child, depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  return visit(payload, 0);
}

function findNumber(payload: Record<string, unknown>, key: string): number | undefined {
  const v = payload[key];
  if (typeof v === 'number') return v;
  for (const child of Object.values(payload)) {
    if (
      child &&
      typeof child === 'object' &&
      typeof (child as Record<string, unknown>)[key] === 'number'
    )
      return (child as Record<string, number>)[key];
  }
  return undefined;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const [k, v] = Object.entries(value as Record<string, unknown>)[0] ?? [];
    return k === undefined ? '' : typeof v === 'string' ? `${k}.${v}` : k;
  }
  return '';
}

/** A sender transition that sends a heartbeat: its interval timer, or the resume after a hang. */
function isBeat(line: TraceLine): boolean {
  if (line.state === undefined) return false;
  return line.type === 'RESUME' || line.type.startsWith('xstate.after.interval.');
}
