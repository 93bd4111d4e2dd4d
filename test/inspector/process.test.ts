import {
  spawn,
  type ChildProcess,
  type ChildProcessWithoutNullStreams,
  type StdioOptions
} from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'mirrorbeat.js');

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });
}

/** Every child still running after a test is killed, so a failing test never hangs the suite. */
const children = new Set<ChildProcess>();
afterEach(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  children.clear();
});

function start(args: string[], stdio: StdioOptions): ChildProcess {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio });
  children.add(child);
  return child;
}

describe('mirrorbeat inspect (process)', () => {
  it('should print its URL, serve, and stop cleanly on SIGINT', async () => {
    const child = start(
      ['inspect', 'tour', '--port', '0'],
      ['ignore', 'pipe', 'pipe']
    ) as ChildProcessWithoutNullStreams;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code))
    );
    const deadline = Date.now() + 30_000;
    while (!/http:\/\/127\.0\.0\.1:\d+\//.test(stdout) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(stdout)?.[0];
    expect(url).toBeDefined();
    expect(await get(url as string)).toBe(200);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout).toContain('inspector stopped (SIGINT)');
    expect(stderr).toBe('');
  });

  it('should write a self-contained HTML report with run --html', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mb-html-'));
    try {
      const file = path.join(dir, 'tour.html');
      const child = start(['run', 'tour', '--html', file], 'ignore');
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(0);
      const html = readFileSync(file, 'utf8');
      expect(html).toContain('mirrorbeat run tour');
      expect(html).toContain('failover completed');
      expect(html).toContain('class="sequence-chart"');
      expect(html).toContain('class="timeline-chart"');
      expect(html).not.toContain('<script');
      // No external resource: the only URL is the SVG namespace.
      const urls = html.match(/https?:\/\/[^"\s]+/g) ?? [];
      expect(urls.filter((u) => !u.startsWith('http://www.w3.org/'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('mirrorbeat inspect (process) on bad input', () => {
  it.each([
    [
      ['inspect', 'tour', '--host', '0.0.0.0'],
      'mirrorbeat inspect: --host: expected a loopback address (127.0.0.1, ::1, localhost) unless --allow-remote is given, found "0.0.0.0"\n'
    ],
    [
      ['inspect', 'x', '--trace', '/dev/zero'],
      "mirrorbeat inspect: --trace: /dev/zero: expected a trace file (from 'run --trace'), found a character device\n"
    ]
  ])('should exit 2 in one line for %j', async (args, line) => {
    const child = start(args, ['ignore', 'pipe', 'pipe']) as ChildProcessWithoutNullStreams;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(line);
  });

  it('should warn and require a token when allowed to listen beyond loopback', async () => {
    const child = start(
      ['inspect', 'tour', '--host', '0.0.0.0', '--allow-remote', '--port', '0'],
      ['ignore', 'pipe', 'pipe']
    ) as ChildProcessWithoutNullStreams;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const deadline = Date.now() + 30_000;
    const pattern = /http:\/\/0\.0\.0\.0:(\d+)\/\?token=([0-9a-f]{32})/;
    while (!pattern.test(stdout) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const [, port, token] = pattern.exec(stdout) ?? [];
    expect(token).toBeDefined();
    expect(stderr).toContain('warning: listening on 0.0.0.0');
    expect(await get(`http://127.0.0.1:${port}/`)).toBe(403);
    expect(await get(`http://127.0.0.1:${port}/?token=${token}`)).toBe(200);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
