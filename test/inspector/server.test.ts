import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { startInspectorServer, type InspectorServer } from '../../inspector/server';
import { createFileSession, createLiveSession, parseTrace } from '../../inspector/session';
import { writeTrace } from '../../report/writeTrace';
import type { ChunkMessage, HelloMessage, ServerMessage } from '../../inspector/view/protocol';
import { deriveTables } from '../../inspector/view/statusTables';
import { findScenario, catalogue } from '../../scenarios/catalogue';
import { serializeLine } from '../../sim/createTrace';
import { runScenario } from '../../world/runScenario';

const scenario = { ...findScenario('tour', catalogue), duration: 40_000 };
let server: InspectorServer;

beforeAll(async () => {
  const session = await createLiveSession(runScenario, scenario);
  server = await startInspectorServer({ session, port: 0 });
});
afterAll(() => server.close());

/** A raw HTTP GET (no URL normalisation), with an optional Host header. */
function get(path: string, host?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: server.port, path, headers: host ? { host } : {} },
      (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      }
    );
    req.on('error', reject);
    req.end();
  });
}

function connect(origin: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, { origin });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

describe('inspector server', () => {
  it('should listen on 127.0.0.1 and serve the page and its bundled assets', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script src="/app.js">');
    expect(page.body).not.toMatch(/https?:\/\//);
    const js = await get('/app.js');
    expect(js.status).toBe(200);
    expect(js.body.length).toBeGreaterThan(10_000);
    expect(js.body).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    expect((await get('/app.css')).status).toBe(200);
  });

  it.each([
    '/../package.json',
    '/..%2fpackage.json',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/app.js/../../package.json',
    '//etc/passwd',
    '/inspector/server.ts',
    '/client/main.ts',
    '/index.html%00.js'
  ])('should not serve %s (no path traversal)', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('mirrorbeat');
  });

  it('should refuse a foreign Host header (DNS rebinding)', async () => {
    expect((await get('/', 'evil.example:80')).status).toBe(403);
  });

  it('should reject WebSocket connections from other origins', async () => {
    await expect(connect('http://evil.example')).rejects.toThrow('HTTP 403');
    await expect(connect(`http://127.0.0.1:${server.port + 1}`)).rejects.toThrow('HTTP 403');
  });

  it('should send the run to its own origin: hello, then the lines asked for', async () => {
    const ws = await connect(`http://127.0.0.1:${server.port}`);
    const messages: ServerMessage[] = [];
    const done = new Promise<void>((resolve) => {
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as ServerMessage;
        messages.push(msg);
        if (msg.type === 'hello') ws.send(JSON.stringify({ type: 'need', until: 40_000 }));
        if (msg.type === 'chunk' && msg.done) resolve();
      });
    });
    await done;
    ws.close();
    const hello = messages[0] as HelloMessage;
    expect(hello.type).toBe('hello');
    expect(hello.scenario).toBe('tour');
    expect(Object.keys(hello.statecharts)).toContain('receiver');
    expect(hello.statecharts.receiver.svg).toContain('id="st:on.watching"');
    const chunks = messages.filter((m): m is ChunkMessage => m.type === 'chunk');
    const lines = chunks.flatMap((c) => c.lines);
    const reference = runScenario(scenario, { trace: 'full' });
    // The page gets exactly the run `mirrorbeat run` makes.
    expect(lines.map(serializeLine)).toEqual(reference.lines.map(serializeLine));
    expect(chunks[chunks.length - 1].report?.traceHash).toBe(reference.report.traceHash);
    const tables = chunks.flatMap((c) => c.tables);
    const receiverRows = tables.filter((t) => t.actor === 'standby-1/receiver');
    expect(receiverRows.length).toBeGreaterThan(10);
    expect(receiverRows[receiverRows.length - 1].rows.map((r) => r.path)).toEqual([
      'mirror',
      'network'
    ]);
    expect(chunks[chunks.length - 1].machines['standby-1/receiver']).toBe('receiver');
  });
});

describe('trace files', () => {
  it('should parse a saved trace and rebuild the status tables from it', () => {
    const run = runScenario(scenario, { trace: 'full' });
    const lines = parseTrace(run.lines.map(serializeLine).join('\n') + '\n');
    expect(lines).toHaveLength(run.lines.length);
    const tables = deriveTables(lines);
    const last = tables.filter((t) => t.actor === 'standby-1/receiver').pop();
    // 30 s into the partition of the tour, the network row is invalid and the mirror row valid.
    expect(last?.rows.find((r) => r.path === 'network')?.status).toBe('invalid');
    expect(last?.rows.find((r) => r.path === 'mirror')?.status).toBe('valid');
    expect(last?.rows.find((r) => r.path === 'mirror')?.lastSerial).toBeGreaterThan(35);
  });

  it('should serve a trace file as a complete session', async () => {
    const run = runScenario(scenario, { trace: 'full' });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mb-trace-'));
    try {
      const file = path.join(dir, 'tour.jsonl');
      writeTrace(file, run.lines);
      const session = await createFileSession(file, 'tour.jsonl');
      expect(session.hello.source).toBe('file');
      expect(session.hello.tables).toBe('derived');
      expect(session.hello.durationMs).toBe(run.lines[run.lines.length - 1].t);
      expect(session.lines.count).toBe(run.lines.length);
      expect(session.done()).toBe(true);
      expect(session.hello.actors.find((a) => a.id === 'standby-1/receiver')?.machine).toBe(
        'receiver'
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should name the line of a malformed trace', () => {
    expect(() => parseTrace('{"t":0,"actor":"a","type":"x"}\nnot json\n', 'bad.jsonl')).toThrow(
      'bad.jsonl: line 2: expected a JSON trace line'
    );
  });
});
