/**
 * Pure helpers shared by the monitor statecharts: evidence lines and their bounded log.
 */
import { formatDuration } from '../model/durations';
import { formatClock } from '../model/formatClock';
import type { FaultEntry } from '../model/scenario';
import { EVIDENCE_LINES, type MonitorEvent, type MonitorFinding } from './monitorEvents';

/** Simulated time as the report shows every time, seconds with three decimals: `31.004s`. */
export const at = formatClock;

/** One evidence line for an observation: `<time> <what happened>`. */
export function describeObservation(o: MonitorEvent): string {
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
      case 'HEARTBEAT_SENT':
        return `${o.host} sent ${o.path} heartbeat serial ${o.serial}`;
      case 'VERDICT':
        return `${o.host} decision: ${o.verdict}`;
      case 'DECLARED':
        return `${o.host} declared failure (${o.verdict}): ${o.reason}`;
      case 'ALERT':
        return `alert ${o.alert.kind} from ${o.alert.source}`;
      case 'APP_WRITE_ACK':
        return `write ${o.writer}#${o.writeSeq} acknowledged at ${o.volume}`;
      case 'APP_WRITE_FAILED':
        return `write by ${o.writer} failed at ${o.volume} (${o.error})`;
      case 'FAILOVER_COMPLETED':
        return `${o.host} failover completed (${o.takeover})`;
      case 'FAILOVER_REFUSED':
        return `${o.host} failover refused: ${o.detail}`;
      case 'LINK':
        return `remote link ${o.state}`;
      case 'NETWORK':
        return `network ${o.mode}, partition ${o.partition}`;
      case 'TIMELINE_OVER':
        return 'every timeline entry is over';
      case 'TAKEOVER':
        return `data pair takeover: ${o.result} (${o.detail})`;
      case 'PAIR':
        return `${o.pair} pair ${o.from} → ${o.to}`;
      case 'VOLUME_WRITE':
        return `${o.origin === 'host' ? 'write' : 'copy of'} ${o.writer}#${o.writeSeq} landed on ${o.volume} block ${o.block}`;
      case 'FAULT':
        return `${o.phase === 'revert' ? 'end of ' : ''}${describeFault(o.fault)}`;
      case 'HEALED':
        return 'every fault is over: the world is whole again';
      case 'END':
        return 'end of run';
      case 'PHYSICS.BROKEN':
        return `data physics broken (${o.violation.rule}): ${o.violation.summary}`;
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
export function remember(evidence: readonly string[], o: MonitorEvent): string[] {
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

/** The volumes with an injected I/O error in force, after `volume`'s error is applied or reverted. */
export function withIoError(
  volumes: readonly string[],
  volume: string,
  phase: 'apply' | 'revert'
): string[] {
  const others = volumes.filter((v) => v !== volume);
  return phase === 'apply' ? [...others, volume] : others;
}
