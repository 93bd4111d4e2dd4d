/**
 * The heartbeat message of FIG. 3: a serial number, a time and an identifier.
 *
 * - `serial`: incremented on every send; the receiver detects liveness from it alone.
 * - `time`: the sender's local clock (which may be skewed); for display and skew alerts only.
 * - `identifier`: the sending host group / heartbeat pair, so a receiver rejects data that is not
 *   the heartbeat it expects.
 */
export interface HeartbeatMessage {
  serial: number;
  time: number;
  identifier: string;
}

const MAGIC = 'MBHB1';

/**
 * Encode a message as the content of the heartbeat volume's block (and of network packets): a
 * magic/version header, then the three fields, so that a foreign or torn block is recognisable.
 */
export function encodeHeartbeat(message: HeartbeatMessage): string {
  return `${MAGIC}|${message.serial}|${message.time}|${message.identifier}`;
}

// The last block decoded and its message: one heartbeat is decoded by several readers in turn
// (the host's stream filters, the receiver's guards and actions), as the same string.
let lastData: string | undefined;
let lastMessage: Readonly<HeartbeatMessage> | null = null;

/**
 * Decode a block or packet; `null` when it is not a well-formed heartbeat message. The message is
 * frozen: the same block decodes to the same object, shared by whoever decoded it.
 */
export function decodeHeartbeat(data: unknown): Readonly<HeartbeatMessage> | null {
  if (typeof data !== 'string') return null;
  if (data === lastData) return lastMessage;
  lastMessage = parseHeartbeat(data);
  lastData = data;
  return lastMessage;
}

function parseHeartbeat(data: string): Readonly<HeartbeatMessage> | null {
  const parts = data.split('|');
  if (parts.length !== 4 || parts[0] !== MAGIC) return null;
  const serial = Number(parts[1]);
  const time = Number(parts[2]);
  if (!Number.isSafeInteger(serial) || serial < 0 || !Number.isFinite(time)) return null;
  return Object.freeze({ serial, time, identifier: parts[3] });
}

/** `18:31:05.250` style display of a heartbeat time (ms since the simulation epoch). */
export function formatHeartbeatTime(time: number): string {
  const day = 86_400_000;
  const t = ((time % day) + day) % day;
  const h = Math.floor(t / 3_600_000);
  const m = Math.floor((t % 3_600_000) / 60_000);
  const s = Math.floor((t % 60_000) / 1000);
  const ms = Math.floor(t % 1000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(h)}:${p(m)}:${p(s)}.${p(ms, 3)}`;
}
