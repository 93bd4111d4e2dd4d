/**
 * The inspector against hostile clients and inputs: malformed WebSocket frames, oversized
 * messages, deep payloads, devices and FIFOs as trace files, remote binding without a token.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { startInspectorServer, type InspectorServer } from '../../inspector/server';
import { createFileSession, tableSamples, type InspectorSession } from '../../inspector/session';
import type { ChunkMessage, HelloMessage, ServerMessage } from '../../inspector/view/protocol';
import { serializeLine, type TraceLine } from '../../sim/createTrace';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mb-hostile-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function traceFile(name: string, lines: readonly (TraceLine | string)[]): string {
  const file = path.join(dir, name);
  writeFileSync(
    file,
    lines.map((l) => (typeof l === 'string' ? l : serializeLine(l))).join('\n') + '\n'
  );
  return file;
}

const SMALL: TraceLine[] = Array.from({ length: 50 }, (_, i) => ({
  t: i * 100,
  actor: i % 2 ? 'standby-1/receiver' : 'prod-1/sender',
  type: 'TICK',
  state: 'running'
}));

/** Connect as the page does and read everything: hello, then chunks up to the done one. */
function readAll(
  server: InspectorServer
): Promise<{ hello: HelloMessage; chunks: ChunkMessage[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, {
      origin: `http://127.0.0.1:${server.port}`
    });
    const chunks: ChunkMessage[] = [];
    let hello: HelloMessage | undefined;
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as ServerMessage;
      if (msg.type === 'hello') {
        hello = msg;
        ws.send(JSON.stringify({ type: 'need', until: 1e9 }));
      }
      if (msg.type === 'chunk') {
        chunks.push(msg);
        if (msg.done) {
          ws.close();
          resolve({ hello: hello!, chunks });
        }
      }
    });
    ws.on('error', reject);
  });
}

/** A raw WebSocket handshake on a plain TCP socket, then `frame` as sent bytes. */
function sendRawFrame(server: InspectorServer, frame: Buffer): Promise<'closed'> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, '127.0.0.1');
    let upgraded = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('the server kept the connection open'));
    }, 10_000);
    socket.on('connect', () => {
      socket.write(
        'GET /ws HTTP/1.1\r\n' +
          `Host: 127.0.0.1:${server.port}\r\n` +
          `Origin: http://127.0.0.1:${server.port}\r\n` +
          'Upgrade: websocket\r\nConnection: Upgrade\r\n' +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n'
      );
    });
    socket.on('data', (data) => {
      if (!upgraded && data.toString('latin1').startsWith('HTTP/1.1 101')) {
        upgraded = true;
        socket.write(frame);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      if (upgraded) resolve('closed');
      else reject(new Error('no upgrade'));
    });
  });
}

/** A client-to-server frame: `first` byte (FIN, RSV, opcode), masked unless told otherwise. */
function frame(first: number, payload: Buffer, masked = true): Buffer {
  const key = Buffer.from([1, 2, 3, 4]);
  const header = Buffer.from([first, (masked ? 0x80 : 0) | payload.length]);
  const body = masked ? Buffer.from(payload.map((b, i) => b ^ key[i % 4])) : payload;
  return Buffer.concat(masked ? [header, key, body] : [header, body]);
}

describe('inspector server under hostile clients', () => {
  let server: InspectorServer;
  let session: InspectorSession;
  beforeAll(async () => {
    session = await createFileSession(traceFile('small.jsonl', SMALL));
    server = await startInspectorServer({ session, port: 0 });
  });
  afterAll(() => server.close());

  it('should close a client sending a message over 64 KiB and keep serving the others', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, {
      origin: `http://127.0.0.1:${server.port}`
    });
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.on('error', () => undefined);
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send('x'.repeat(70_000));
    expect(await closed).toBe(1009);
    const { chunks } = await readAll(server);
    expect(chunks.flatMap((c) => c.lines)).toHaveLength(SMALL.length);
  });

  it.each([
    ['an unmasked frame', frame(0x81, Buffer.from('{"type":"need"}'), false)],
    ['invalid UTF-8 in a text frame', frame(0x81, Buffer.from([0xc3, 0x28, 0xff]))],
    ['a reserved opcode', frame(0x83, Buffer.from('x'))],
    ['a reserved bit set', frame(0xc1, Buffer.from('{}'))],
    ['a fragmented control frame', frame(0x09, Buffer.from('ping'))]
  ])('should close a client sending %s and keep serving the others', async (_what, bytes) => {
    await expect(sendRawFrame(server, bytes)).resolves.toBe('closed');
    const { hello, chunks } = await readAll(server);
    expect(hello.type).toBe('hello');
    expect(chunks[chunks.length - 1].done).toBe(true);
  });

  it('should answer a malformed HTTP request with an error and keep serving', async () => {
    await new Promise<void>((resolve) => {
      const socket = net.connect(server.port, '127.0.0.1', () => socket.write('NOT HTTP\r\n\r\n'));
      socket.on('error', () => undefined);
      socket.on('close', () => resolve());
      socket.resume();
    });
    expect((await readAll(server)).hello.type).toBe('hello');
  });

  it('should answer non-JSON and binary messages with an error message only', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, {
      origin: `http://127.0.0.1:${server.port}`
    });
    const errors: string[] = [];
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as ServerMessage;
      if (msg.type === 'error') errors.push(msg.message);
    });
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send('not json');
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    ws.send('null');
    ws.send(JSON.stringify({ type: 'need', until: 'soon' }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    ws.close();
    expect(errors).toEqual(['expected JSON', 'expected JSON']);
  });
});

describe('trace files as hostile input', () => {
  it.each([
    [
      '/dev/zero',
      "/dev/zero: expected a trace file (from 'run --trace'), found a character device"
    ],
    [
      path.join(os.tmpdir(), 'no-such-trace.jsonl'),
      'expected a readable trace file, found no such file'
    ]
  ])('should refuse %s at once', async (file, message) => {
    await expect(createFileSession(file)).rejects.toThrow(message);
  });

  it('should refuse a FIFO without blocking on it', async () => {
    const fifo = path.join(dir, 'trace.fifo');
    execFileSync('mkfifo', [fifo]);
    await expect(createFileSession(fifo)).rejects.toThrow(
      `${fifo}: expected a trace file (from 'run --trace'), found a FIFO (named pipe)`
    );
  });

  it('should refuse a payload nested 100,000 deep, naming its line', async () => {
    const deep = `{"t":1,"actor":"a","type":"x","payload":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const file = traceFile('deep.jsonl', [SMALL[0], deep]);
    await expect(createFileSession(file)).rejects.toThrow(
      `${file}: line 2: expected at most 64 levels of nesting, found more`
    );
  });

  it('should refuse a line over 1 MB without holding it', async () => {
    const file = traceFile('long.jsonl', [SMALL[0], 'x'.repeat(3 << 20)]);
    await expect(createFileSession(file)).rejects.toThrow(
      `${file}: line 2: expected a trace line of at most 1 MB, found more`
    );
  });

  it('should keep line boundaries across read blocks and skip blank and CRLF endings', async () => {
    const lines = Array.from({ length: 30_000 }, (_, i) => ({
      t: i,
      actor: `a${i % 7}`,
      type: 'TICK',
      payload: { pad: 'p'.repeat(i % 97) }
    }));
    const file = path.join(dir, 'blocks.jsonl');
    writeFileSync(
      file,
      lines.map((l, i) => serializeLine(l) + (i % 5 === 0 ? '\r\n\n' : '\n')).join('')
    );
    const session = await createFileSession(file);
    expect(session.lines.count).toBe(lines.length);
    expect(JSON.parse(`[${session.lines.joined(0, session.lines.count)}]`)).toEqual(lines);
    expect(session.hello.actors.map((a) => a.id).sort()).toEqual([
      'a0',
      'a1',
      'a2',
      'a3',
      'a4',
      'a5',
      'a6'
    ]);
    session.close();
  });

  it('should read a header back: scenario name, seed and horizon', async () => {
    const header = {
      type: 'mirrorbeat-trace',
      format: 1,
      mirrorbeat: '0.1.0',
      scenario: 'from-header',
      seed: 42,
      durationMs: 60_000,
      topology: { hostsPerGroup: 1, groups: 1 },
      config: {},
      faults: [],
      expect: {}
    };
    const file = traceFile('header.jsonl', [JSON.stringify(header), ...SMALL]);
    const session = await createFileSession(file, 'ignored-name');
    expect(session.header?.scenario).toBe('from-header');
    expect(session.hello.scenario).toBe('from-header');
    expect(session.hello.seed).toBe(42);
    expect(session.hello.durationMs).toBe(60_000);
    expect(session.lines.count).toBe(SMALL.length);
    session.close();
  });

  it('should list 200,000 actors once each', async () => {
    const lines = Array.from({ length: 200_000 }, (_, i) => ({
      t: i,
      actor: `host-${i}`,
      type: 'X'
    }));
    const session = await createFileSession(traceFile('actors.jsonl', [...lines, ...lines]));
    expect(session.hello.actors).toHaveLength(200_000);
    expect(session.lines.count).toBe(400_000);
    expect(tableSamples(session.tables)).toEqual([]);
    session.close();
  });
});

describe('binding', () => {
  it('should refuse a non-loopback address without a token', async () => {
    const session = await createFileSession(traceFile('bind.jsonl', SMALL));
    await expect(startInspectorServer({ session, host: '0.0.0.0', port: 0 })).rejects.toThrow(
      'not a loopback address, only with a token'
    );
    session.close();
  });

  it('should require the token on every request once bound to another address', async () => {
    const session = await createFileSession(traceFile('token.jsonl', SMALL));
    const server = await startInspectorServer({
      session,
      host: '0.0.0.0',
      port: 0,
      token: 'abc123'
    });
    try {
      expect(server.url).toBe(`http://0.0.0.0:${server.port}/?token=abc123`);
      const status = (p: string, headers: Record<string, string> = {}) =>
        fetch(`http://127.0.0.1:${server.port}${p}`, { headers }).then((r) => r.status);
      expect(await status('/')).toBe(403);
      expect(await status('/?token=wrong')).toBe(403);
      expect(await status('/', { host: `127.0.0.1:${server.port}` })).toBe(403);
      expect(await status('/?token=abc123')).toBe(200);
      expect(await status('/app.js', { cookie: 'mirrorbeat_token=abc123' })).toBe(200);
      const refused = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, {
        origin: `http://127.0.0.1:${server.port}`
      });
      const code = await new Promise<number>((resolve) =>
        refused.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
      );
      expect(code).toBe(403);
    } finally {
      await server.close();
    }
  });
});
