import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin', 'mirrorbeat.js');

function mirrorbeat(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', MIRRORBEAT_DEBUG: '' }
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
      `${bad}:4:23: faults[0].action: expected one of crash, recover, hang, partition, heal, cut, restore, degrade, io-error, skew, disaster, set-method, install, uninstall, failback, found "explode"`
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
});
