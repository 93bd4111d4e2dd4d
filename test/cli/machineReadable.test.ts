/**
 * Every command's `--json`, errors as JSON under `--json`, and `--reporter junit`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCli } from '../../cli/createCli';
import type { RunScenario, ScenarioRun } from '../../model/run';
import { createCatalogue } from '../../scenarios/catalogue';
import { defineScenario } from '../../scenarios/defineScenario';
import { makeFailingRun, makeRun } from '../report/makeRun';

const catalogue = createCatalogue([
  defineScenario({ name: 'quiet', description: 'Nothing happens', duration: '10m' }),
  defineScenario({ name: 'crash', description: 'Production crashes', duration: '5m' })
]);

async function cli(argv: string[], result: ScenarioRun = makeRun()) {
  const h = { code: -1, stdout: '', stderr: '', runs: 0 };
  const runScenario: RunScenario = () => {
    h.runs++;
    return result;
  };
  h.code = await createCli({
    runScenario,
    catalogue,
    out: (text) => (h.stdout += text),
    err: (text) => (h.stderr += text),
    exit: () => undefined,
    version: '1.2.3'
  }).runAsync(argv);
  return h;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mirrorbeat-json-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--json', () => {
  it('should print the built-in scenarios as a JSON array for list --json', async () => {
    const h = await cli(['list', '--json']);
    expect(h.code).toBe(0);
    expect(JSON.parse(h.stdout)).toEqual([
      { name: 'crash', description: 'Production crashes' },
      { name: 'quiet', description: 'Nothing happens' }
    ]);
  });

  it('should print validate --json as an object naming the file and scenario', async () => {
    const file = path.join(dir, 'ok.yaml');
    writeFileSync(file, 'name: fine\nduration: 1m\n');
    const h = await cli(['validate', file, '--json']);
    expect(h.code).toBe(0);
    expect(JSON.parse(h.stdout)).toEqual({ ok: true, file, scenario: 'fine' });
  });

  it('should print an invalid file as a JSON error with its field under validate --json', async () => {
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, 'name: x\nduration: 1m\nfaults:\n  - { at: 1s, action: explode }\n');
    const h = await cli(['validate', file, '--json']);
    expect(h.code).toBe(2);
    expect(h.stderr).toBe('');
    const error = JSON.parse(h.stdout) as {
      ok: boolean;
      exitCode: number;
      error: { kind: string; message: string; source: string; path: string };
    };
    expect(error.ok).toBe(false);
    expect(error.exitCode).toBe(2);
    expect(error.error.kind).toBe('usage');
    expect(error.error.source).toBe(file);
    expect(error.error.path).toBe('faults[0].action');
    expect(error.error.message).toMatch(
      new RegExp(`^${file}:\\d+:\\d+: faults\\[0\\]\\.action: expected`)
    );
  });

  it('should print a usage error of commander as JSON under --json', async () => {
    const h = await cli(['run', 'quiet', '--sed', '3', '--json']);
    expect(h.code).toBe(2);
    expect(h.stderr).toBe('');
    expect(JSON.parse(h.stdout)).toEqual({
      ok: false,
      exitCode: 2,
      error: {
        kind: 'usage',
        message:
          "mirrorbeat run: unknown option '--sed' (did you mean --seed?); see 'mirrorbeat run --help'"
      }
    });
    expect(h.runs).toBe(0);
  });

  it('should print an internal error as JSON with exit 3 under --json', async () => {
    const h = await cli(['run', 'quiet', '--json'], {
      get report(): never {
        throw new Error('boom');
      }
    } as unknown as ScenarioRun);
    expect(h.code).toBe(3);
    expect(JSON.parse(h.stdout)).toEqual({
      ok: false,
      exitCode: 3,
      error: { kind: 'internal', message: 'mirrorbeat: internal error: boom' }
    });
  });

  it('should print the diagrams drawn as JSON for diagram --json', async () => {
    const h = await cli(['diagram', 'receiver', '--format', 'mermaid', '--json']);
    expect(h.code).toBe(0);
    const out = JSON.parse(h.stdout) as {
      ok: boolean;
      format: string;
      diagrams: { machine: string; text: string }[];
    };
    expect(out.ok).toBe(true);
    expect(out.format).toBe('mermaid');
    expect(out.diagrams.map((d) => d.machine)).toEqual(['receiver']);
    expect(out.diagrams[0].text).toMatch(/^stateDiagram-v2/);
  });

  it('should name the files written by diagram --out --json', async () => {
    const out = path.join(dir, 'diagrams');
    const h = await cli(['diagram', 'sender', '--format', 'dot', '--out', out, '--json']);
    expect(h.code).toBe(0);
    expect(JSON.parse(h.stdout)).toEqual({
      ok: true,
      format: 'dot',
      diagrams: [{ machine: 'sender', file: path.join(out, 'sender.dot') }]
    });
  });
});

describe('--reporter junit', () => {
  it('should print a passing run as a JUnit suite of its expectations and invariants', async () => {
    const h = await cli(['run', 'quiet', '--reporter', 'junit']);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /);
    expect(h.stdout).toContain('tests="4" failures="0"');
    expect(h.stdout).toContain(
      '<testcase name="never two writers" classname="invariant" time="0"/>'
    );
    expect(h.stdout).not.toContain('<failure');
  });

  it('should give each failed expectation a failure with its detail and the replay command', async () => {
    const h = await cli(['run', 'crash', '--reporter', 'junit'], makeFailingRun());
    expect(h.code).toBe(1);
    const failures = h.stdout.match(/<failure /g) ?? [];
    const report = makeFailingRun().report;
    const failed = [...report.expectations, ...report.invariants].filter((c) => !c.ok);
    expect(failures).toHaveLength(failed.length);
    expect(h.stdout).toContain('replay: npx mirrorbeat run crash --seed 7');
  });

  it.each([
    [
      ['run', 'quiet', '--reporter', 'tap'],
      'mirrorbeat run: --reporter: expected junit, found "tap"'
    ],
    [
      ['run', 'quiet', '--reporter', 'junit', '--json'],
      'mirrorbeat run: --reporter junit: expected either --json or --reporter junit, found both'
    ],
    [
      ['explore', '--random', '2', '--reporter', 'xml'],
      'mirrorbeat explore: --reporter: expected junit, found "xml"'
    ]
  ])('should refuse %j in one line, exit 2', async (argv, line) => {
    const h = await cli(argv);
    expect(h.code).toBe(2);
    if (argv.includes('--json')) {
      expect(h.stderr).toBe('');
      expect((JSON.parse(h.stdout) as { error: { message: string } }).error.message).toBe(line);
    } else {
      expect(h.stderr).toBe(`${line}\n`);
    }
    expect(h.runs).toBe(0);
  });

  it('should print an exploration as a JUnit suite with one case per invariant', async () => {
    const h = await cli([
      'explore',
      '--random',
      '2',
      '--duration',
      '30s',
      '--no-shrink',
      '--out',
      path.join(dir, 'explore'),
      '--reporter',
      'junit'
    ]);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('<testsuite name="mirrorbeat explore (random)" tests="9"');
    expect(h.stdout).toContain('name="never two writers on diverged data" classname="invariant"');
    expect(h.stdout).toContain('<property name="schedules" value="2"/>');
  });
});
