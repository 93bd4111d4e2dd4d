import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunOptions, RunScenario, ScenarioRun } from '../../model/run';
import type { Scenario } from '../../model/scenario';
import { renderJson } from '../../report/renderJson';
import { serializeLine } from '../../sim/createTrace';
import { createCli } from '../../cli/createCli';
import { createCatalogue } from '../../scenarios/catalogue';
import { defineScenario } from '../../scenarios/defineScenario';
import { makeFailingRun, makeReport, makeRun } from '../report/makeRun';

const catalogue = createCatalogue([
  defineScenario({
    name: 'quiet',
    description: 'Nothing happens',
    seed: 5,
    duration: '10m',
    expect: { failover: false }
  }),
  defineScenario({
    name: 'crash',
    description: 'Production crashes',
    duration: '5m',
    faults: [{ at: '30s', action: 'crash', target: 'prod-1' }]
  })
]);

interface Harness {
  code: number;
  stdout: string;
  stderr: string;
  exits: number[];
  calls: { scenario: Scenario; options: RunOptions | undefined }[];
}

/** Run the CLI on `argv` with a fake runner answering `result`. */
function cli(argv: string[], result: ScenarioRun | (() => ScenarioRun) = makeRun()): Harness {
  const h: Harness = { code: -1, stdout: '', stderr: '', exits: [], calls: [] };
  const runScenario: RunScenario = (scenario, options) => {
    h.calls.push({ scenario, options });
    const run = typeof result === 'function' ? result() : result;
    // As the real runner does: every line reaches the sink as it is recorded.
    for (const line of run.lines) options?.onLine?.(line, serializeLine(line));
    return run;
  };
  h.code = createCli({
    runScenario,
    catalogue,
    out: (text) => (h.stdout += text),
    err: (text) => (h.stderr += text),
    exit: (code) => h.exits.push(code),
    version: '9.8.7'
  }).run(argv);
  return h;
}

/** Expect exit 2, one line on stderr (no stack trace), nothing run. */
function expectUsageError(h: Harness, line: string | RegExp): void {
  expect(h.code).toBe(2);
  expect(h.exits).toEqual([2]);
  expect(h.stderr.endsWith('\n')).toBe(true);
  expect(h.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(h.stderr).not.toMatch(/\n\s+at /);
  if (typeof line === 'string') expect(h.stderr.trimEnd()).toBe(line);
  else expect(h.stderr.trimEnd()).toMatch(line);
  expect(h.calls).toHaveLength(0);
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mirrorbeat-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const full = path.join(dir, name);
  writeFileSync(full, text);
  return full;
}

describe('mirrorbeat run', () => {
  it('should run a built-in scenario, print the terminal report and exit 0 when all hold', () => {
    const h = cli(['run', 'quiet']);
    expect(h.code).toBe(0);
    expect(h.exits).toEqual([0]);
    expect(h.stderr).toBe('');
    expect(h.stdout).toContain('Timeline');
    expect(h.stdout).toContain('PASS');
    expect(h.stdout).not.toContain('replay');
    expect(h.calls).toHaveLength(1);
    expect(h.calls[0].scenario).toEqual(catalogue.quiet.scenario);
    expect(h.calls[0].options).toEqual({
      seed: 5,
      until: undefined,
      trace: 'hash',
      source: 'quiet'
    });
  });

  it('should exit 1 and print the replay command when an expectation or invariant fails', () => {
    const h = cli(['run', 'crash'], makeFailingRun());
    expect(h.code).toBe(1);
    expect(h.exits).toEqual([1]);
    expect(h.stdout).toContain('FAIL');
    expect(h.stdout.trimEnd().split('\n').at(-1)).toBe('replay: npx mirrorbeat run crash --seed 7');
  });

  it('should exit 1 when only an invariant fails', () => {
    const run = makeRun(makeReport({ invariants: [{ name: 'never two writers', ok: false }] }));
    expect(cli(['run', 'quiet'], run).code).toBe(1);
  });

  it('should print only the report JSON with --json', () => {
    const run = makeFailingRun();
    const h = cli(['run', 'crash', '--json'], run);
    expect(h.code).toBe(1);
    expect(h.stderr).toBe('');
    expect(h.stdout).toBe(renderJson(run.report) + '\n');
    expect(JSON.parse(h.stdout)).toEqual(run.report);
  });

  it('should pass --seed and --until through to the runner', () => {
    const h = cli(['run', 'quiet', '--seed', '42', '--until', '2m']);
    expect(h.code).toBe(0);
    expect(h.calls[0].options).toEqual({
      seed: 42,
      until: 120_000,
      trace: 'hash',
      source: 'quiet'
    });
    expect(h.calls[0].scenario.duration).toBe(120_000);
  });

  it('should put --until in the replay command', () => {
    const h = cli(['run', 'crash', '--seed', '7', '--until', '90s'], makeFailingRun());
    expect(h.stdout).toContain('replay: npx mirrorbeat run crash --seed 7 --until 1.5m');
  });

  it('should run a scenario file and quote its path in the replay command', () => {
    const scenarioFile = file('my crash.yaml', 'name: my-crash\nduration: 1m\n');
    const h = cli(['run', scenarioFile], makeFailingRun());
    expect(h.calls[0].scenario.name).toBe('my-crash');
    expect(h.stdout).toContain(`replay: npx mirrorbeat run '${scenarioFile}' --seed 7`);
  });

  it('should stream the trace to its file with --trace, after a header', () => {
    const traceFile = path.join(dir, 'run.jsonl');
    const run = makeRun();
    const h = cli(['run', 'quiet', '--trace', traceFile, '--json'], run);
    expect(h.code).toBe(0);
    // Nothing is kept in memory: the lines go to the file as they are recorded.
    expect(h.calls[0].options?.trace).toBe('hash');
    const [header, ...written] = readFileSync(traceFile, 'utf8').trim().split('\n');
    expect(JSON.parse(header)).toMatchObject({
      type: 'mirrorbeat-trace',
      format: 1,
      scenario: 'quiet',
      seed: 5,
      durationMs: 600_000
    });
    expect(written.map((l) => JSON.parse(l) as unknown)).toEqual(run.lines);
    expect(h.stderr).toBe(`wrote ${traceFile}\n`);
  });

  it('should say which scheduled entries an --until before them leaves out', () => {
    const h = cli(['run', 'crash', '--until', '30s'], makeFailingRun());
    expect(h.stderr).toBe(
      'mirrorbeat run: --until 30s leaves out 1 scheduled entry: 30s crash prod-1\n'
    );
    expect(cli(['run', 'crash', '--until', '31s'], makeFailingRun()).stderr).toBe('');
  });

  it('should colour the report only when asked', () => {
    expect(cli(['run', 'crash'], makeFailingRun()).stdout).not.toContain('\u001b[');
    expect(cli(['run', 'crash', '--color'], makeFailingRun()).stdout).toContain('\u001b[');
  });

  it('should reject an invalid scenario file before running, in one line', () => {
    const bad = file(
      'bad.yaml',
      'name: x\nduration: 3m\nfaults:\n  - { at: 1s, action: explode }\n'
    );
    expectUsageError(
      cli(['run', bad]),
      `${bad}:4:23: faults[0].action: expected one of crash, recover, hang, partition, heal, cut, restore, degrade, io-error, skew, foreign-heartbeat, isolate, disaster, set-method, install, uninstall, failback, resync, found "explode"`
    );
  });

  it('should reject an unknown scenario name', () => {
    expectUsageError(
      cli(['run', 'qiet']),
      'qiet: expected a built-in scenario name (see \'mirrorbeat list\') or a scenario file, found neither (did you mean "quiet"?)'
    );
  });

  it.each([
    [
      ['--seed', 'abc'],
      'mirrorbeat run: --seed: expected an integer from 0 to 4294967295, found "abc"'
    ],
    [
      ['--seed', '-1'],
      'mirrorbeat run: --seed: expected an integer from 0 to 4294967295, found "-1"'
    ],
    [
      ['--until', 'soon'],
      'mirrorbeat run: --until: expected a duration such as "250ms", "5s", "2m", "1h" or a number of ms, found "soon"'
    ],
    [['--until', '0s'], 'mirrorbeat run: --until: expected a duration greater than 0, found 0ms']
  ])('should reject %j in one line', (flags, line) => {
    expectUsageError(cli(['run', 'quiet', ...flags]), line);
  });

  it('should reject a trace file in a missing directory before running', () => {
    const traceFile = path.join(dir, 'no', 'such', 'dir', 'trace.jsonl');
    expectUsageError(
      cli(['run', 'quiet', '--trace', traceFile]),
      `mirrorbeat run: --trace: expected a writable file path, found "${traceFile}" (no such directory)`
    );
    expect(existsSync(traceFile)).toBe(false);
  });

  it('should turn a runner crash into one line and exit 3', () => {
    const h = cli(['run', 'quiet'], () => {
      throw new Error('world exploded\n    at somewhere');
    });
    expect(h.code).toBe(3);
    expect(h.stderr).toBe('mirrorbeat: internal error: world exploded at somewhere\n');
  });
});

describe('mirrorbeat validate', () => {
  it('should print ok: <name> for a valid file', () => {
    const good = file('good.json', JSON.stringify({ name: 'good-one', duration: '1m' }));
    const h = cli(['validate', good]);
    expect(h.code).toBe(0);
    expect(h.stdout).toBe('ok: good-one\n');
    expect(h.stderr).toBe('');
    expect(h.calls).toHaveLength(0);
  });

  it('should print the one-line error and exit 2 for an invalid file', () => {
    const bad = file(
      'timeout.yaml',
      'name: x\nduration: 3m\nconfig:\n  heartbeat: { timeout: 500ms }\n'
    );
    const h = cli(['validate', bad]);
    expectUsageError(
      h,
      `${bad}:4:25: config.heartbeat.timeout: expected a duration greater than heartbeat.interval (1s), found 500ms`
    );
    expect(h.stdout).toBe('');
  });

  it('should report a YAML syntax error with its line', () => {
    const bad = file('syntax.yaml', 'name: x\nduration: a: b\n');
    expectUsageError(cli(['validate', bad]), /syntax\.yaml:2:11: expected valid YAML/);
  });
});

describe('mirrorbeat list', () => {
  it('should print one line per built-in scenario: name and description', () => {
    const h = cli(['list']);
    expect(h.code).toBe(0);
    expect(h.stdout).toBe('crash  Production crashes\nquiet  Nothing happens\n');
  });
});

describe('usage', () => {
  it.each([
    [['run'], "mirrorbeat run: missing required argument 'scenario'; see 'mirrorbeat run --help'"],
    [
      ['run', 'quiet', '--sed', '3'],
      "mirrorbeat run: unknown option '--sed' (did you mean --seed?); see 'mirrorbeat run --help'"
    ],
    [
      ['run', 'quiet', 'extra'],
      /^mirrorbeat run: too many arguments for 'run'\. Expected 1 argument but got 2; see 'mirrorbeat run --help'$/
    ],
    [
      ['rn', 'quiet'],
      "mirrorbeat: unknown command 'rn' (did you mean run?); see 'mirrorbeat --help'"
    ],
    [['--bogus'], "mirrorbeat: unknown option '--bogus'; see 'mirrorbeat --help'"],
    [
      ['validate'],
      "mirrorbeat validate: missing required argument 'file'; see 'mirrorbeat validate --help'"
    ],
    [['nonsense', 'failover'], "mirrorbeat: unknown command 'nonsense'; see 'mirrorbeat --help'"],
    [
      ['sweep', 'failover'],
      'failover: expected a built-in sweep (methods, async-loss) or a sweep file (YAML or JSON), found neither'
    ]
  ])('should exit 2 with one line for %j', (argv, line) => {
    expectUsageError(cli(argv), line);
  });

  it('should print the usage with every command and exit 2 when no command is given', () => {
    const h = cli([]);
    expect(h.code).toBe(2);
    expect(h.exits).toEqual([2]);
    expect(h.stdout).toBe('');
    expect(h.stderr).toContain('Usage: mirrorbeat [options] [command]');
    for (const command of ['run', 'list', 'validate', 'diagram', 'inspect', 'explore']) {
      expect(h.stderr).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
    expect(h.stderr).toContain('3 an internal error');
  });

  it('should advertise nothing that is not available', () => {
    const h = cli(['--help']);
    expect(h.stdout).not.toMatch(/not available|not yet|planned/i);
  });

  it('should print help and exit 0', () => {
    const h = cli(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('Usage: mirrorbeat [options] [command]');
    expect(h.stdout).toContain('run [options] <scenario>');
    expect(h.stdout).toContain('Exit codes: 0');
    expect(h.stderr).toBe('');
  });

  it('should print the help of a command', () => {
    for (const argv of [
      ['run', '--help'],
      ['help', 'run']
    ]) {
      const h = cli(argv);
      expect(h.code).toBe(0);
      expect(h.stdout).toContain('Usage: mirrorbeat run [options] <scenario>');
      expect(h.stdout).toContain('--until <duration>');
    }
  });

  it('should print the version and exit 0', () => {
    const h = cli(['--version']);
    expect(h.code).toBe(0);
    expect(h.stdout).toBe('9.8.7\n');
  });
});
