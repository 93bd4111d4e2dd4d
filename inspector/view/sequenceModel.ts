/**
 * Messages between actors, for the sequence (Lamport) diagram, gathered from trace lines: network
 * packets between hosts (delivered or dropped, named after what the receiver did with them), the
 * heartbeat written to the P-VOL, copied over the remote link to the S-VOL and acknowledged, and
 * the standby's reads of the S-VOL. Faults and alerts become notes on the lifelines.
 */
import { decodeHeartbeat } from '../../model/heartbeatMessage';
import type { TraceLine } from '../../sim/createTrace';
import { classifyActor } from './actors';

export interface SeqMessage {
  from: string;
  to: string;
  sentAt: number;
  /** Arrival time; null when the message was lost. */
  recvAt: number | null;
  label: string;
  kind: 'network' | 'write' | 'copy' | 'ack' | 'read';
}

export interface SeqNote {
  t: number;
  /** Lifeline id, or `*` for every lifeline. */
  on: string;
  text: string;
  kind: 'fault' | 'alert';
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
}

export function createSequenceModel(): SequenceModel {
  return {
    messages: [],
    notes: [],
    lifelines: new Set(),
    writeStarts: new Map(),
    copies: new Map(),
    reads: new Map(),
    unlabelled: []
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
    const m: SeqMessage = {
      from,
      to,
      sentAt: typeof payload.sentAt === 'number' ? payload.sentAt : line.t,
      recvAt: delivered ? line.t : null,
      label: delivered ? 'packet' : 'lost',
      kind: 'network'
    };
    model.lifelines.add(from).add(to);
    model.messages.push(m);
    if (delivered) model.unlabelled.push(m);
    return;
  }

  if (info.kind === 'program' && info.label === 'sender' && info.host) {
    const mirror = senderMirrorState(line.state);
    if (mirror === 'writing' && !model.writeStarts.has(info.host))
      model.writeStarts.set(info.host, line.t);
    if (line.type === 'WRITE.OK' || line.type === 'WRITE.FAILED') {
      const started = model.writeStarts.get(info.host) ?? line.t;
      model.writeStarts.delete(info.host);
      const storage = info.site === 'standby' ? 'standby-storage' : 'prod-storage';
      const remote = storage === 'prod-storage' ? 'standby-storage' : 'prod-storage';
      const serial = typeof payload.serial === 'number' ? payload.serial : '?';
      const copiedAt = model.copies.get(info.host);
      model.copies.delete(info.host);
      model.lifelines.add(info.host).add(storage);
      model.messages.push({
        from: info.host,
        to: storage,
        sentAt: started,
        recvAt: started,
        label: `write hb #${serial}`,
        kind: 'write'
      });
      if (copiedAt !== undefined) {
        model.lifelines.add(remote);
        model.messages.push({
          from: storage,
          to: remote,
          sentAt: started,
          recvAt: copiedAt,
          label: `copy #${serial}`,
          kind: 'copy'
        });
      }
      model.messages.push({
        from: storage,
        to: info.host,
        sentAt: copiedAt ?? line.t,
        recvAt: line.t,
        label: line.type === 'WRITE.OK' ? `ack #${serial}` : 'write failed',
        kind: 'ack'
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
    const storage = info.site === 'production' ? 'prod-storage' : 'standby-storage';
    const asked = model.reads.get(storage) ?? line.t;
    const msg = decodeHeartbeat(payload.data);
    model.lifelines.add(info.host).add(storage);
    model.messages.push({
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
      kind: 'read'
    });
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
  }
}

function senderMirrorState(state: unknown): unknown {
  const active = (state as { on?: { active?: { mirror?: unknown } } } | undefined)?.on?.active;
  return active?.mirror;
}
