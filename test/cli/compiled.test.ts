/**
 * The installed command as users run it: `bin/mirrorbeat.js` running the compiled program in
 * dist/ (built by `npm run build`, which `npm test` runs first).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin', 'mirrorbeat.js');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mirrorbeat-compiled-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function node(args: string[], cwd = root) {
  const result = spawnSync(process.execPath, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', MIRRORBEAT_DEBUG: '' }
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const mirrorbeat = (...args: string[]) => node([bin, ...args]);

/** Run the command with a preload that lists every module loaded, on exit. */
function loadedModules(...args: string[]): string[] {
  const list = path.join(dir, `modules-${args.join('-')}.json`);
  const preload = path.join(dir, 'record-modules.js');
  writeFileSync(
    preload,
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify(Object.keys(require.cache))));\n`
  );
  const result = node(['-r', preload, bin, ...args]);
  expect(result.code).toBe(0);
  return JSON.parse(readFileSync(list, 'utf8')) as string[];
}

/** The README's TypeScript scenario script, as a user writes it. */
const README_SCRIPT = `import { at, defineScenario } from 'mirrorbeat';
export default defineScenario({
  name: 'partition-then-crash',
  duration: '3m',
  faults: [at('30s').partition({ for: '60s' }), at('2m').crash('prod-1')],
  expect: { failover: true, splitBrain: false, maxLostWrites: 0 }
});
`;

describe('the compiled mirrorbeat command', () => {
  it('should print the version from compiled code without ts-node, TypeScript or the simulation', () => {
    const modules = loadedModules('--version');
    expect(modules.some((m) => m.startsWith(path.join(root, 'dist', 'cli')))).toBe(true);
    expect(modules.filter((m) => /ts-node|[\\/]typescript[\\/]|\.ts$/.test(m))).toEqual([]);
    const simulation = modules.filter((m) =>
      /[\\/]dist[\\/](world|sim|machines|actors|monitors|scenarios)[\\/]/.test(m)
    );
    expect(simulation).toEqual([]);
    expect(modules.filter((m) => /[\\/]node_modules[\\/](xstate|rxjs|zod)[\\/]/.test(m))).toEqual(
      []
    );
  });

  it('should list the scenarios without loading the simulated world or ts-node', () => {
    const modules = loadedModules('list');
    expect(modules.filter((m) => /ts-node|[\\/]typescript[\\/]/.test(m))).toEqual([]);
    expect(modules.filter((m) => /[\\/]dist[\\/](world|actors|monitors)[\\/]/.test(m))).toEqual([]);
  });

  it('should print the version of package.json', () => {
    const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(mirrorbeat('--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('should print the usage naming every command and exit 2 when run bare', () => {
    const { code, stdout, stderr } = mirrorbeat();
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('Usage: mirrorbeat [options] [command]');
    for (const command of ['run', 'list', 'validate', 'diagram', 'inspect', 'explore']) {
      expect(stderr).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
  });

  it("should run the README's TypeScript scenario script and pass", () => {
    const script = path.join(dir, 'partition-then-crash.scenario.ts');
    writeFileSync(script, README_SCRIPT);
    expect(mirrorbeat('validate', script)).toEqual({
      code: 0,
      stdout: 'ok: partition-then-crash\n',
      stderr: ''
    });
    const { code, stdout, stderr } = mirrorbeat('run', script, '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { scenario: string; outcome: { splitBrain: boolean } };
    expect(report.scenario).toBe('partition-then-crash');
    expect(report.outcome.splitBrain).toBe(false);
  });

  it('should refuse a script with a type error in one line with file:line:col, exit 2', () => {
    const script = path.join(dir, 'typo.scenario.ts');
    writeFileSync(script, README_SCRIPT.replace("crash('prod-1')", 'crash(1)'));
    const { code, stdout, stderr } = mirrorbeat('run', script);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toBe(
      `${script}:5:64: expected a scenario script that type-checks, found TS2345: Argument of type 'number' is not assignable to parameter of type 'string'.\n`
    );
  });

  it('should report an error as JSON on stdout under --json', () => {
    const { code, stdout, stderr } = mirrorbeat('run', 'steady-state', '--seed', 'x', '--json');
    expect(code).toBe(2);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toEqual({
      ok: false,
      exitCode: 2,
      error: {
        kind: 'usage',
        message: 'mirrorbeat run: --seed: expected an integer from 0 to 4294967295, found "x"'
      }
    });
  });

  it('should draw a machine from the build', () => {
    const { code, stdout } = mirrorbeat('diagram', 'receiver', '--format', 'mermaid');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^stateDiagram-v2/m);
  });

  it('should refuse a busy port in one line, exit 2, before anything runs', async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as net.AddressInfo).port;
    try {
      const { code, stdout, stderr } = await new Promise<ReturnType<typeof node>>((resolve) => {
        const child = spawn(process.execPath, [bin, 'inspect', 'tour', '--port', String(port)], {
          cwd: root
        });
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d));
        child.stderr.on('data', (d: Buffer) => (err += d));
        child.on('exit', (c: number | null) => resolve({ code: c, stdout: out, stderr: err }));
      });
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe(
        `mirrorbeat inspect: --port: expected a free port, found ${port} in use on 127.0.0.1 (try --port 0 for any free port)\n`
      );
    } finally {
      busy.close();
    }
  });

  it('should print its URL and its stop as JSON lines with inspect --json', async () => {
    const child = spawn(process.execPath, [bin, 'inspect', 'tour', '--port', '0', '--json'], {
      cwd: root
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await new Promise<void>((resolve) => {
      const check = () => (out.includes('\n') ? resolve() : setTimeout(check, 50));
      check();
    });
    const listening = JSON.parse(out.split('\n')[0]) as { event: string; url: string };
    expect(listening.event).toBe('listening');
    expect(listening.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(JSON.parse(out.trimEnd().split('\n')[1])).toEqual({
      ok: true,
      event: 'stopped',
      signal: 'SIGINT'
    });
  });
});
