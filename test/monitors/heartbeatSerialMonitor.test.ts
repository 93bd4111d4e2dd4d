/**
 * The heartbeat-serial monitor: every heartbeat production sends carries a serial past the one
 * before on that path, within one sender run (FIG. 3). A new sender run starts afresh.
 */
import { senderMachine } from '../../machines/senderMachine';
import type { MonitorEvent } from '../../monitors/monitorEvents';
import { heartbeatSerialMonitorMachine } from '../../monitors/heartbeatSerialMonitorMachine';
import { MONITOR_NAMES } from '../../monitors/monitorReport';
import { defineScenario, at } from '../../scenarios/defineScenario';
import { runScenario } from '../../world/runScenario';
import { feedMonitor } from './feedMonitor';

const sent = (
  t: number,
  serial: number,
  path: 'mirror' | 'network' = 'mirror',
  run = 1,
  host = 'prod-1'
): MonitorEvent => ({ type: 'HEARTBEAT_SENT', at: t, group: 'app', host, path, serial, run });

const monitor = () => feedMonitor(heartbeatSerialMonitorMachine, { group: 'app' });

describe('heartbeatSerialMonitorMachine', () => {
  it('should accept serials that advance on every send, path by path', () => {
    const m = monitor();
    m.feed(
      sent(1000, 1),
      sent(1000, 1, 'network'),
      sent(2000, 2),
      sent(2000, 2, 'network'),
      sent(3000, 3)
    );
    expect(m.state()).toBe('watching');
    expect(m.finding()).toBeNull();
  });

  it('should flag a serial that did not advance within one sender run', () => {
    const m = monitor();
    m.feed(sent(1000, 7), sent(2000, 7));
    expect(m.state()).toBe('violated');
    expect(m.finding()).toMatchObject({
      atMs: 2000,
      summary:
        'app: prod-1 sent a mirror heartbeat with serial 7 after serial 7 (the serial must advance on every send, FIG. 3)'
    });
  });

  it('should flag a serial that went back within one sender run', () => {
    const m = monitor();
    m.feed(sent(1000, 5, 'network'), sent(2000, 4, 'network'));
    expect(m.finding()?.summary).toMatch(/network heartbeat with serial 4 after serial 5/);
  });

  it('should let a new sender run start again from a lower serial', () => {
    const m = monitor();
    m.feed(sent(1000, 40), sent(5000, 1, 'mirror', 2), sent(6000, 2, 'mirror', 2));
    expect(m.finding()).toBeNull();
  });

  it('should judge each production host on its own', () => {
    const m = monitor();
    m.feed(sent(1000, 9, 'mirror', 1, 'prod-1'), sent(1500, 3, 'mirror', 1, 'prod-2'));
    expect(m.finding()).toBeNull();
  });

  describe('in a whole run', () => {
    const scenario = defineScenario({
      name: 'serials',
      duration: '30s',
      faults: [at('10s').crash('prod-1', { for: '2s' })]
    });

    it('should hold with the real sender, across a crash and restart', () => {
      const { report } = runScenario(scenario);
      const entry = report.invariants.find((i) => i.name === MONITOR_NAMES.heartbeatSerial);
      expect(entry).toMatchObject({ ok: true });
    });

    it('should fail with a sender whose serial never advances', () => {
      const stuck = senderMachine.provide({ actions: { nextSerial: () => undefined } });
      const { report } = runScenario(scenario, { machines: { sender: stuck } });
      const entry = report.invariants.find((i) => i.name === MONITOR_NAMES.heartbeatSerial);
      expect(entry?.ok).toBe(false);
      expect(entry?.detail).toMatch(
        /prod-1 sent a (mirror|network) heartbeat with serial 0 after serial 0/
      );
    });
  });
});
