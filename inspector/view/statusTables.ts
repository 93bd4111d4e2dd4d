/**
 * Heartbeat status tables rebuilt from trace lines, for a saved trace file (a live run samples the
 * sender's and receiver's own context instead): the receiver's rows take their status from its
 * `mirror` / `network` regions and their serial and time from accepted messages; the sender's
 * mirror row from its acknowledged writes.
 */
import { decodeHeartbeat } from '../../model/heartbeatMessage';
import { createRow, type StatusRow } from '../../model/statusTable';
import type { TraceLine } from '../../sim/createTrace';
import type { TableSample } from './protocol';
import { pathStatusOf } from './timelineModel';

/**
 * Derive table samples from `lines` (indexes start at `offset`); `tables` carries the rows from
 * one call to the next when a long trace is read piece by piece.
 */
export function deriveTables(
  lines: readonly TraceLine[],
  offset = 0,
  tables = new Map<string, StatusRow[]>()
): TableSample[] {
  const out: TableSample[] = [];
  lines.forEach((line, k) => {
    const program = line.actor.slice(line.actor.lastIndexOf('/') + 1);
    if (program !== 'sender' && program !== 'receiver') return;
    const payload = (line.payload ?? {}) as Record<string, unknown>;
    let rows = tables.get(line.actor);
    if (!rows || line.type === 'xstate.init') {
      const input = (payload.input ?? {}) as Record<string, unknown>;
      const role = program === 'sender' ? 'send' : 'receive';
      rows = [
        createRow(
          'mirror',
          String(input.mirrorDevice ?? 'heartbeat volume'),
          role,
          input.mirror !== false
        ),
        createRow(
          'network',
          String(input.networkPeer ?? 'network peer'),
          role,
          input.network !== false
        )
      ];
    }
    const next = rows.map((r) => ({ ...r }));
    if (program === 'sender' && line.type === 'WRITE.OK' && typeof payload.serial === 'number') {
      next[0].lastSerial = payload.serial;
      next[0].lastChange = line.t;
    }
    if (program === 'receiver') {
      const msg =
        line.type === 'READ.DONE' || line.type === 'NET.HEARTBEAT'
          ? decodeHeartbeat(payload.data)
          : null;
      const row = line.type === 'NET.HEARTBEAT' ? next[1] : next[0];
      if (msg && (row.lastSerial === null || msg.serial > row.lastSerial)) {
        row.lastSerial = msg.serial;
        row.lastTime = msg.time;
        row.lastChange = line.t;
      }
      const watching = (line.state as { on?: { watching?: Record<string, unknown> } } | undefined)
        ?.on?.watching;
      if (watching) {
        for (const [i, path] of (['mirror', 'network'] as const).entries()) {
          const st = watching[path];
          if (typeof st === 'string' && st !== 'start') {
            next[i].status = pathStatusOf(st) as StatusRow['status'];
            next[i].warning = st.startsWith('warn') ? Number(st.slice(4)) : undefined;
          }
        }
      }
    }
    if (JSON.stringify(next) !== JSON.stringify(rows) || line.type === 'xstate.init') {
      tables.set(line.actor, next);
      out.push({ i: offset + k, actor: line.actor, rows: next });
    }
  });
  return out;
}
