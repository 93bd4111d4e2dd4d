import { spawn } from 'node:child_process';
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

describe('mirrorbeat inspect (process)', () => {
  it('should print its URL, serve, and stop cleanly on SIGINT', async () => {
    const child = spawn(process.execPath, [BIN, 'inspect', 'tour', '--port', '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe']
    });
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
      const child = spawn(process.execPath, [BIN, 'run', 'tour', '--html', file], {
        cwd: ROOT,
        stdio: 'ignore'
      });
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
