/**
 * Eight pages on one long run: the inspector process's memory stays bounded — four pages read
 * everything, four stall (stop reading), and none gets a copy of the run of its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import type { ServerMessage } from '../../inspector/view/protocol';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'mirrorbeat.js');
/** Most the inspector's resident memory may grow while serving the eight pages (bytes). */
const BOUND = 96 * 1024 * 1024;

let child: ChildProcess | undefined;
let dir: string;
const sockets: WebSocket[] = [];

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mb-clients-'));
});
afterEach(() => {
  for (const ws of sockets.splice(0)) ws.terminate();
  // Never leave the inspector running, whatever happened.
  child?.kill('SIGKILL');
  child = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

function waitForUrl(proc: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout?.on('data', (d) => {
      out += d;
      const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(out)?.[0];
      if (url) resolve(url);
    });
    proc.on('exit', (code) => reject(new Error(`inspect exited with ${code}`)));
  });
}

function page(url: string, stall: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}ws`, { origin: url.slice(0, -1) });
    sockets.push(ws);
    let bytes = 0;
    ws.on('message', (data) => {
      bytes += (data as Buffer).length;
      const head = String((data as Buffer).subarray(0, 40));
      if (head.startsWith('{"type":"hello"')) {
        ws.send(JSON.stringify({ type: 'need', until: 1e12 }));
        // A stalled page: it stops reading, its socket fills up.
        if (stall) {
          ws.pause();
          resolve(bytes);
        }
        return;
      }
      const msg = JSON.parse(String(data)) as ServerMessage;
      if (msg.type === 'chunk' && msg.done) resolve(bytes);
    });
    ws.on('error', reject);
  });
}

describe('mirrorbeat inspect with eight pages on a long run', () => {
  it('should serve them all within a bounded memory', async () => {
    const file = path.join(dir, 'long.yaml');
    writeFileSync(file, 'name: long\nduration: 4h\n');
    child = spawn(process.execPath, [BIN, 'inspect', file, '--port', '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe']
    });
    const url = await waitForUrl(child);
    const pid = child.pid!;
    const before = rssOf(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 20);
    try {
      const received = await Promise.all(
        Array.from({ length: 8 }, (_, i) => page(url, i % 2 === 1))
      );
      // The four reading pages got the whole run (tens of MB each).
      const full = received.filter((_, i) => i % 2 === 0);
      for (const bytes of full) expect(bytes).toBeGreaterThan(20 * 1024 * 1024);
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      clearInterval(sampler);
    }
    expect(peak - before).toBeLessThan(BOUND);
  }, 120_000);
});
