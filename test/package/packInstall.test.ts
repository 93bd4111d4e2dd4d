/**
 * The package as users get it: `npm pack`, install the tarball into a fresh project (its
 * dependencies from npm's cache, as `npm ci` left them), and run a user's own jest suite — the
 * library, `mirrorbeat/machines` and the `mirrorbeat/jest` matchers — and the installed command.
 * The user's TypeScript is type-checked against the shipped declarations too.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface PackResult {
  filename: string;
  size: number;
  entryCount: number;
  files: { path: string }[];
}

const USER_TEST = `require('mirrorbeat/jest');
const { at, defineScenario, runScenario } = require('mirrorbeat');
const { receiverMachine } = require('mirrorbeat/machines');

describe('my cluster', () => {
  const run = runScenario(
    defineScenario({ name: 'my-crash', duration: '60s', faults: [at('20s').crash('prod-1')] })
  );

  it('should fail over within 15 s without split brain or lost writes', () => {
    expect(run).toFailOver();
    expect(run).toFailOverWithin('15s');
    expect(run).toDetectWithin('10s');
    expect(run).toHaveNoSplitBrain();
    expect(run).toRaiseAlert('failure-declared');
    expect(run).toLoseAtMost(0);
  });

  it('should show the evidence when an expectation fails', () => {
    expect(() => expect(run).toFailOverWithin('1s')).toThrow(/expected a failover within 1s, but it took \\d+ ms/);
  });

  it('should give the statecharts', () => {
    expect(typeof receiverMachine.transition).toBe('function');
  });
});
`;

const USER_TYPES = `import { at, defineScenario, runScenario, type RunReport } from 'mirrorbeat';
import { receiverMachine } from 'mirrorbeat/machines';
import 'mirrorbeat/jest';

const run = runScenario(defineScenario({ name: 'typed', duration: '1m', faults: [at('5s').crash('prod-1')] }));
const report: RunReport = run.report;
expect(run).toFailOverWithin('10s');
expect(report).toRaiseAlert('failure-declared', { source: 'standby-1' });
export const id: string = receiverMachine.id;
`;

describe('the packed package', () => {
  let dir: string;
  let pack: PackResult;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mirrorbeat-pack-'));
    // dist/ is fresh: `npm test` builds first (pretest).
    const out = execFileSync(
      npm,
      ['pack', '--json', '--ignore-scripts', '--pack-destination', dir],
      { cwd: root, encoding: 'utf8' }
    );
    pack = (JSON.parse(out) as PackResult[])[0];
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should hold only what users need', () => {
    const files = pack.files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'LICENSE',
        'bin/mirrorbeat.js',
        'dist/cli/main.js',
        'dist/lib/index.js',
        'dist/lib/index.d.ts',
        'dist/lib/machines.d.ts',
        'dist/lib/jest.d.ts',
        'dist/inspector/client/app.js'
      ])
    );
    const unwanted = files.filter(
      (f) =>
        /^(test|bench|scripts|\.ci|node_modules|artifacts)\//.test(f) ||
        (f.endsWith('.ts') && !f.endsWith('.d.ts')) ||
        /tsconfig|jest\.config|eslint/.test(f)
    );
    expect(unwanted).toEqual([]);
  });

  it("should install from the tarball and pass a user's jest suite and type check", () => {
    const project = path.join(dir, 'user-project');
    mkdirSync(path.join(project, 'test'), { recursive: true });
    writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({ name: 'user-project', version: '1.0.0', private: true })
    );
    execFileSync(
      npm,
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        '--ignore-scripts',
        path.join(dir, pack.filename)
      ],
      { cwd: project, encoding: 'utf8', stdio: 'pipe' }
    );

    writeFileSync(path.join(project, 'test', 'cluster.test.js'), USER_TEST);
    const jest = spawnSync(
      process.execPath,
      [
        path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
        '--rootDir',
        project,
        '--ci',
        '--config',
        JSON.stringify({ testEnvironment: 'node', transform: {} })
      ],
      { cwd: project, encoding: 'utf8' }
    );
    expect(jest.stderr).toContain('Tests:       3 passed, 3 total');
    expect(jest.status).toBe(0);

    writeFileSync(path.join(project, 'types.ts'), USER_TYPES);
    const tsc = spawnSync(
      process.execPath,
      [
        path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
        '--noEmit',
        '--strict',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--skipLibCheck',
        '--typeRoots',
        path.join(root, 'node_modules', '@types'),
        '--types',
        'jest,node',
        'types.ts'
      ],
      { cwd: project, encoding: 'utf8' }
    );
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);

    const bin = path.join(project, 'node_modules', '.bin', 'mirrorbeat');
    const version = spawnSync(bin, ['--version'], { cwd: project, encoding: 'utf8' });
    expect(version.status).toBe(0);
    const run = spawnSync(bin, ['run', 'prod-host-crash', '--json'], {
      cwd: project,
      encoding: 'utf8'
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as { scenario: string }).scenario).toBe('prod-host-crash');

    // A TypeScript scenario script needs the project's own TypeScript compiler.
    const script = path.join(project, 'crash.scenario.ts');
    writeFileSync(
      script,
      "import { at, defineScenario } from 'mirrorbeat';\nexport default defineScenario({ name: 'ts-crash', duration: '1m', faults: [at('10s').crash('prod-1')] });\n"
    );
    const without = spawnSync(bin, ['validate', 'crash.scenario.ts'], {
      cwd: project,
      encoding: 'utf8'
    });
    expect(without.status).toBe(2);
    expect(without.stderr).toBe(
      "crash.scenario.ts: expected the TypeScript compiler to check and run a scenario script (npm install --save-dev typescript), found no 'typescript' package; or write the scenario as YAML or JSON\n"
    );
    symlinkSync(
      path.join(root, 'node_modules', 'typescript'),
      path.join(project, 'node_modules', 'typescript')
    );
    const withTs = spawnSync(bin, ['validate', 'crash.scenario.ts'], {
      cwd: project,
      encoding: 'utf8'
    });
    expect(withTs.stderr).toBe('');
    expect(withTs.stdout).toBe('ok: ts-crash\n');
  });
});
