import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin', 'mirrorbeat.js');

function mirrorbeat(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', MIRRORBEAT_DEBUG: '' },
    // A hostile input must be refused in seconds: a child that hangs is killed, never waited for.
    timeout: 60_000,
    killSignal: 'SIGKILL'
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the mirrorbeat process', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mirrorbeat-bin-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should exit 2 with a single stderr line and no stack for an invalid scenario file', () => {
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, 'name: x\nduration: 3m\nfaults:\n  - { at: 1s, action: explode }\n');
    const { code, stdout, stderr } = mirrorbeat('validate', bad);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.endsWith('\n')).toBe(true);
    expect(stderr.trimEnd().split('\n')).toEqual([
      `${bad}:4:23: faults[0].action: expected one of crash, recover, hang, partition, heal, cut, restore, degrade, io-error, skew, foreign-heartbeat, isolate, disaster, set-method, install, uninstall, failback, resync, found "explode"`
    ]);
  });

  it('should exit 2 with a single stderr line for a usage error', () => {
    const { code, stdout, stderr } = mirrorbeat('run', 'steady-state', '--seed', 'x');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'mirrorbeat run: --seed: expected an integer from 0 to 4294967295, found "x"\n'
    );
  });

  describe('on hostile input', () => {
    const write = (name: string, text: string) => {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      return file;
    };

    /** Exit 2, nothing on stdout, exactly one line on stderr (returned). */
    const refused = (...args: string[]): string => {
      const { code, stdout, stderr } = mirrorbeat(...args);
      expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
      const lines = stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(stderr).not.toMatch(/\n\s+at /);
      return lines[0];
    };

    it('should refuse /dev/zero without reading it', () => {
      expect(refused('validate', '/dev/zero')).toBe(
        '/dev/zero: expected a scenario file, found a character device'
      );
    });

    it('should refuse a FIFO without blocking on it', () => {
      const fifo = path.join(dir, 'pipe.yaml');
      execFileSync('mkfifo', [fifo]);
      expect(refused('validate', fifo)).toBe(
        `${fifo}: expected a scenario file, found a FIFO (named pipe)`
      );
    });

    it('should refuse a billion hosts without building anything', () => {
      const file = write(
        'billion.yaml',
        'name: x\nduration: 1s\ntopology: { hostsPerGroup: 1000000000 }\n'
      );
      expect(refused('validate', file)).toBe(
        `${file}:3:28: topology.hostsPerGroup: expected an integer from 1 to 64, found 1000000000`
      );
      const groups = write(
        'groups.yaml',
        'name: x\nduration: 1s\ntopology: { groups: 1000000000 }\n'
      );
      expect(refused('run', groups)).toMatch(
        /topology\.groups: expected an integer from 1 to 5000/
      );
    });

    it('should refuse a 1e308 duration', () => {
      const file = write('huge.yaml', 'name: x\nduration: 1e308\n');
      expect(refused('run', file)).toBe(
        `${file}:2:11: duration: expected a duration of at most 9007199254740991 ms (2^53 − 1), found 1e+308`
      );
    });

    it('should print a name with a terminal escape sequence escaped, never raw', () => {
      const file = write('escape.yaml', 'name: "x\\u001b[31mred"\nduration: 1s\n');
      const line = refused('validate', file);
      expect(line).toContain('found "x\\u001b[31mred"');
      expect(line).not.toContain(String.fromCharCode(27));
    });

    it('should quote at most about 80 characters of a 3.9 MB unknown key', () => {
      const file = write('key.json', `{"name":"x","duration":"1s","${'k'.repeat(3_900_000)}":1}`);
      expect(refused('validate', file).length).toBeLessThan(file.length + 250);
    });

    it('should exit 2 on output paths that cannot be written', () => {
      expect(refused('run', 'steady-state', '--until', '1s', '--html', '/dev/full')).toBe(
        'mirrorbeat run: --html: expected a writable file, found "/dev/full" (ENOSPC)'
      );
      expect(refused('run', 'steady-state', '--until', '1s', '--trace', '/dev/full')).toBe(
        'mirrorbeat run: --trace: expected a writable file, found "/dev/full" (ENOSPC)'
      );
      expect(refused('diagram', 'receiver', '--out', '/dev/null/x')).toBe(
        'mirrorbeat diagram: --out: expected a directory that can be created, found "/dev/null/x" (ENOTDIR)'
      );
    });

    it('should read --until 95 as 95 ms, as files do, and refuse more than a simulated year', () => {
      const { code, stdout } = mirrorbeat('run', 'steady-state', '--until', '95', '--json');
      expect(code).not.toBe(2);
      expect((JSON.parse(stdout) as { simulatedMs: number }).simulatedMs).toBe(95);
      expect(refused('run', 'steady-state', '--until', '400000h')).toBe(
        'mirrorbeat run: --until: expected a duration of at most 8760h (a simulated year), found "400000h"'
      );
    });
  });
});
