/**
 * The heartbeat status table of FIG. 2: one row per heartbeat path on each side. The claims say
 * the heartbeat volumes are "registered to a device address entry" and the mirror is in an
 * "enabled mode": `device` and `enabled` are those two columns.
 */
export type PathKind = 'mirror' | 'network';
export type PathRole = 'send' | 'receive';
export type PathStatus = 'valid' | 'warning' | 'invalid' | 'suspended';

export interface StatusRow {
  path: PathKind;
  /** Device address: the heartbeat volume id, or the network peer (host group) for network rows. */
  device: string;
  role: PathRole;
  enabled: boolean;
  /** Last serial written (send rows) or last valid serial seen (receive rows). */
  lastSerial: number | null;
  /** `time` field of that message (sender's clock). */
  lastTime: number | null;
  /** When the serial last advanced, on this host's own clock. */
  lastChange: number | null;
  status: PathStatus;
  /** Percentage of the timeout elapsed at the last warning (50 / 75 / 90), if any. */
  warning?: number;
  /** Why the row is in its status, when it is not valid. */
  reason?: string;
}

/** A fresh row. */
export function createRow(
  path: PathKind,
  device: string,
  role: PathRole,
  enabled: boolean
): StatusRow {
  return {
    path,
    device,
    role,
    enabled,
    lastSerial: null,
    lastTime: null,
    lastChange: null,
    status: enabled ? 'valid' : 'suspended'
  };
}
