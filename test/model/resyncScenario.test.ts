import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveConfig } from '../../model/config';
import { ScenarioError, validateScenario } from '../../model/loadScenario';
import { at } from '../../scenarios/defineScenario';

const base = { name: 'probe', duration: '3m' };

/** The one-line error of validating `raw` as bad.yaml. */
function errorOf(raw: unknown): string {
  try {
    validateScenario(raw, 'bad.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as ScenarioError).message;
  }
  throw new Error('expected the scenario to be rejected');
}

describe('the resync action and remoteCopy.autoResync in scenarios', () => {
  it('should accept resync of a named volume and of every suspended pair (no target)', () => {
    const scenario = validateScenario(
      {
        ...base,
        faults: [
          { at: '10s', action: 'resync', target: 'prod-data' },
          { at: '20s', action: 'resync', target: 'standby-hb' },
          { at: '30s', action: 'resync' }
        ]
      },
      'ok.yaml'
    );
    expect(scenario.faults).toEqual([
      { at: 10_000, action: 'resync', target: 'prod-data' },
      { at: 20_000, action: 'resync', target: 'standby-hb' },
      { at: 30_000, action: 'resync' }
    ]);
  });

  it('should build the same entries with the at(…).resync builder', () => {
    expect(at('10s').resync('prod-data')).toEqual({
      at: '10s',
      action: 'resync',
      target: 'prod-data'
    });
    expect(at('30s').resync()).toEqual({ at: '30s', action: 'resync' });
  });

  it('should reject a resync target that is not a volume, in one line', () => {
    expect(errorOf({ ...base, faults: [{ at: '1s', action: 'resync', target: 'prod-1' }] })).toBe(
      'bad.yaml: faults[0].target: expected a volume id (prod-data, standby-data, prod-hb, standby-hb), found "prod-1" (did you mean "prod-hb"?)'
    );
  });

  it('should reject parameters resync does not take', () => {
    expect(
      errorOf({ ...base, faults: [{ at: '1s', action: 'resync', target: 'prod-hb', for: '5s' }] })
    ).toBe(
      'bad.yaml: faults[0].for: expected no for for action "resync" (it takes target), found 5s'
    );
  });

  it('should take autoResync as a boolean, off by default', () => {
    expect(resolveConfig().remoteCopy.autoResync).toBe(false);
    const scenario = validateScenario(
      { ...base, config: { remoteCopy: { autoResync: true } } },
      'ok.yaml'
    );
    expect(scenario.config).toEqual({ remoteCopy: { autoResync: true } });
    expect(errorOf({ ...base, config: { remoteCopy: { autoResync: 'yes' } } })).toBe(
      'bad.yaml: config.remoteCopy.autoResync: expected true or false, found "yes"'
    );
  });

  it('should exit 2 with one line and no stack for a bad resync in a file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mirrorbeat-resync-'));
    try {
      const bad = path.join(dir, 'bad.yaml');
      writeFileSync(
        bad,
        'name: x\nduration: 3m\nfaults:\n  - { at: 1s, action: resync, target: prod-dat }\n'
      );
      const bin = path.resolve(__dirname, '../../bin/mirrorbeat.js');
      const result = spawnSync(process.execPath, [bin, 'validate', bad], {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', MIRRORBEAT_DEBUG: '' },
        timeout: 60_000,
        killSignal: 'SIGKILL'
      });
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.trimEnd().split('\n')).toEqual([
        `${bad}:4:39: faults[0].target: expected a volume id (prod-data, standby-data, prod-hb, standby-hb), found "prod-dat" (did you mean "prod-data"?)`
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
