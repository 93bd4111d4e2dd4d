/**
 * Pure helpers shared by the monitor statecharts: evidence lines and their bounded log.
 */
import { formatDuration } from '../model/durations';
import type { FaultEntry } from '../model/scenario';
import { EVIDENCE_LINES, type MonitorFinding, type Observation } from './observation';

/** Simulated time as a fixed-width label, `31.004s`. */
export function at(ms: number): string {
  return `${(ms / 1000).toFixed(3)}s`;
}

/** One evidence line for an observation: `<time> <what happened>`. */
export function describeObservation(o: Observation): string {
  const what = ((): string => {
    switch (o.type) {
      case 'HOST':
        return `${o.host} (${o.site}) is ${o.state}`;
      case 'STORAGE':
        return `${o.site} storage ${o.up ? 'up' : 'failed'}`;
      case 'APP':
        return `application ${o.running ? 'running' : 'not running'} on ${o.host}`;
      case 'PATH':
        return `${o.host} ${o.path} heartbeat ${o.status}`;
      case 'VERDICT':
        return `${o.host} decision: ${o.verdict}`;
      case 'DECLARED':
        return `${o.host} declared failure (${o.verdict}): ${o.reason}`;
      case 'ALERT':
        return `alert ${o.alert.kind} from ${o.alert.source}`;
      case 'WRITE':
        return `write ${o.writer}#${o.writeSeq} acknowledged at ${o.volume}`;
      case 'TAKEOVER':
        return `data pair takeover: ${o.result} (${o.detail})`;
      case 'PAIR':
        return `${o.pair} pair ${o.from} → ${o.to}`;
      case 'FAULT':
        return `${o.phase === 'revert' ? 'end of ' : ''}${describeFault(o.fault)}`;
      case 'HEALED':
        return 'every fault is over: the world is whole again';
      case 'END':
        return 'end of run';
    }
  })();
  return `${at(o.at)} ${what}`;
}

/** A fault entry in words: `partition network (prod-to-standby) for 10s`. */
export function describeFault(f: FaultEntry): string {
  const parts: string[] = [f.action];
  if (f.target) parts.push(f.target);
  if (f.direction && f.direction !== 'both') parts.push(`(${f.direction})`);
  if (f.method) parts.push(`→ ${f.method}`);
  if (f.offset !== undefined) parts.push(`by ${formatDuration(f.offset)}`);
  if (f.latency !== undefined) parts.push(`latency ${formatDuration(f.latency)}`);
  if (f.jitter !== undefined) parts.push(`jitter ${formatDuration(f.jitter)}`);
  if (f.loss !== undefined) parts.push(`loss ${f.loss}`);
  if (f.for !== undefined) parts.push(`for ${formatDuration(f.for)}`);
  return parts.join(' ');
}

/** The evidence log with `o` appended, keeping the last {@link EVIDENCE_LINES} lines. */
export function remember(evidence: readonly string[], o: Observation): string[] {
  const next = evidence.length >= EVIDENCE_LINES ? evidence.slice(1) : evidence.slice();
  next.push(describeObservation(o));
  return next;
}

/** A finding at `atMs` with the evidence collected so far. */
export function finding(
  atMs: number,
  summary: string,
  evidence: readonly string[]
): MonitorFinding {
  return { atMs, summary, evidence: evidence.slice() };
}
