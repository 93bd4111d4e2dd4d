import { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { createCli } from '../../cli/createCli';
import { catalogue, findScenario } from '../../scenarios/catalogue';
import { runScenario } from '../../world/runScenario';

describe('--inspect stately', () => {
  it('should forward XState inspection events to a WebSocket inspector', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => wss.once('listening', resolve));
    const received: { type: string; name?: string; sessionId?: string }[] = [];
    wss.on('connection', (socket) =>
      socket.on('message', (data) => received.push(JSON.parse(String(data))))
    );
    const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
    const out: string[] = [];
    const err: string[] = [];
    let code = -1;
    const cli = createCli({
      runScenario,
      catalogue,
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      exit: (c) => (code = c)
    });
    try {
      await cli.runAsync([
        'run',
        'tour',
        '--until',
        '3s',
        '--json',
        '--inspect',
        'stately',
        '--stately-url',
        url
      ]);
      // The inspector answered (no warning); only what --until leaves out is said.
      expect(err.join('')).toBe(
        'mirrorbeat run: --until 3s leaves out 2 scheduled entries: 30s partition network, 120.4s crash prod-1\n'
      );
      expect(code).toBe(1); // 3 s of the tour cannot meet its failover expectations
      const report = JSON.parse(out.join(''));
      expect(report.scenario).toBe('tour');
      // The report is the one a plain run gives: inspection only watches.
      const plain = runScenario(
        { ...findScenario('tour', catalogue), duration: 3000 },
        { until: 3000 }
      );
      expect(report.traceHash).toBe(plain.report.traceHash);
      const deadline = Date.now() + 5000;
      const hasReceiver = () =>
        received.some((e) => e.type === '@xstate.actor' && e.name === 'standby-1/receiver');
      while (!hasReceiver() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const types = new Set(received.map((e) => e.type));
      expect(types).toContain('@xstate.actor');
      expect(types).toContain('@xstate.snapshot');
      expect(types).toContain('@xstate.event');
      expect(
        received.some((e) => e.type === '@xstate.actor' && e.name === 'standby-1/receiver')
      ).toBe(true);
    } finally {
      for (const c of wss.clients) c.terminate();
      await new Promise((resolve) => wss.close(resolve));
    }
  });

  it('should reject an unknown inspector', async () => {
    const err: string[] = [];
    let code = -1;
    const cli = createCli({
      runScenario,
      catalogue,
      out: () => undefined,
      err: (t) => err.push(t),
      exit: (c) => (code = c)
    });
    await cli.runAsync(['run', 'tour', '--inspect', 'bogus']);
    expect(code).toBe(2);
    expect(err.join('')).toBe('mirrorbeat run: --inspect: expected stately, found "bogus"\n');
  });
});
