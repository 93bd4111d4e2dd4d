/**
 * The explorer end to end: random and exhaustive exploration, shrinking, minimal schedules
 * written as scenario files that validate and replay the same failure, and `mirrorbeat explore`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCli, type CliDeps } from '../../cli/createCli';
import { explore } from '../../explore/explore';
import { exhaustivePlacements, faultTemplates } from '../../explore/exhaustiveSchedules';
import { defaultSpace, OPERATOR_HEAL_GAP, randomSchedule } from '../../explore/randomSchedule';
import { renderSummary } from '../../explore/renderSummary';
import { loadScenarioFile } from '../../model/loadScenario';
import { createRandom } from '../../sim/createRandom';
import { catalogue } from '../../scenarios/catalogue';
import { defineScenario } from '../../scenarios/defineScenario';
import { runScenario } from '../../world/runScenario';

const unsafe = defineScenario({
  name: 'unsafe',
  duration: '60s',
  config: { heartbeat: { method: 'network' }, remoteCopy: { fenceLevel: 'never' } }
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mirrorbeat-explore-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const OPERATOR = ['set-method', 'install', 'uninstall', 'failback', 'resync'];

describe('random schedules', () => {
  it('should be a pure function of the seed, within the budget, ending with the heal phase', () => {
    const space = defaultSpace(defineScenario({ name: 'b', duration: '80s' }));
    const a = randomSchedule(createRandom(42).fork('schedule'), space, 42);
    const b = randomSchedule(createRandom(42).fork('schedule'), space, 42);
    expect(a).toEqual(b);
    for (let seed = 0; seed < 200; seed++) {
      const s = randomSchedule(createRandom(seed).fork('schedule'), space, seed);
      // The heal phase: repairs at healAt, and the operator's changes undone from healAt on.
      const faults = s.faults.filter(
        (f) => !['heal', 'restore', 'recover'].includes(f.action) && f.at < space.healAt
      );
      expect(faults.length).toBeGreaterThanOrEqual(1);
      expect(faults.length).toBeLessThanOrEqual(space.maxFaults);
      for (const f of faults) expect(f.at + (f.for ?? 0)).toBeLessThanOrEqual(space.healAt);
      const siteWide = faults.filter(
        (f) => f.action === 'disaster' || (f.action === 'crash' && f.target?.endsWith('storage'))
      );
      expect(siteWide.length).toBeLessThanOrEqual(1);
      expect(s.expect).toEqual({ converges: true });
    }
  });
});

describe('random schedules with operator actions', () => {
  it('should draw every operator action and undo the changes in the heal phase', () => {
    const space = defaultSpace(defineScenario({ name: 'b', duration: '80s' }));
    const drawn = new Set<string>();
    let reinstalled = 0;
    let restored = 0;
    for (let seed = 0; seed < 300; seed++) {
      const s = randomSchedule(createRandom(seed).fork('schedule'), space, seed);
      const before = s.faults.filter((f) => f.at < space.healAt);
      const after = s.faults.filter((f) => f.at >= space.healAt);
      for (const f of before) drawn.add(f.action);
      for (const f of before.filter((x) => OPERATOR.includes(x.action))) {
        expect(f.at).toBeLessThanOrEqual(space.healAt - OPERATOR_HEAL_GAP);
      }
      const lastMirror = before.filter((f) => f.action === 'install' || f.action === 'uninstall');
      const reinstall = after.some((f) => f.action === 'install');
      expect(reinstall).toBe(lastMirror.at(-1)?.action === 'uninstall');
      if (reinstall) reinstalled++;
      const lastMethod = before.filter((f) => f.action === 'set-method').at(-1)?.method;
      const restore = after.find((f) => f.action === 'set-method');
      if (lastMethod === undefined || lastMethod === 'both') expect(restore).toBeUndefined();
      else {
        expect(restore?.method).toBe('both');
        restored++;
      }
    }
    for (const action of OPERATOR) expect(drawn).toContain(action);
    expect(reinstalled).toBeGreaterThan(0);
    expect(restored).toBeGreaterThan(0);
  });
});

describe('explore', () => {
  it('should find split brain and false failovers in the unsafe classic, and write minimal schedules that replay them', () => {
    const summary = explore({
      base: unsafe,
      mode: { kind: 'random', count: 60, seed: 4 },
      duration: 60_000,
      outDir: dir,
      now: () => 0
    });
    expect(summary.schedules).toBe(60);
    expect(summary.findings.falseFailover).toBeGreaterThan(0);
    expect(summary.violations.splitBrain).toBeGreaterThan(0);
    expect(summary.distinctStates).toBeGreaterThan(10);
    const example = summary.examples.find((e) => e.key === 'splitBrain')!;
    expect(example.shrunk.faults).toBeLessThanOrEqual(example.original.faults);
    expect(example.shrunk.durationMs).toBeLessThanOrEqual(example.original.durationMs);
    expect(example.replay).toBe(
      `npx mirrorbeat run ${example.file} --seed ${example.scenario.seed}`
    );
    const text = readFileSync(example.file!, 'utf8');
    expect(text).toMatch(/^# never two writers on diverged data — found by mirrorbeat explore/);
    // The file validates and replays the same violation (trace hash mode, not the explorer's).
    const loaded = loadScenarioFile(example.file!);
    const run = runScenario(loaded);
    expect(run.report.outcome.splitBrain).toBe(true);
    expect(run.report.expectations).toContainEqual(
      expect.objectContaining({ name: 'splitBrain', ok: false })
    );
    const rendered = renderSummary(summary, { name: 'unsafe', settings: 'method network' });
    expect(rendered).toMatch(/violations \(schedules\), by invariant:/);
    expect(rendered).toMatch(/distinct state combinations reached: \d+/);
    expect(rendered).toMatch(/FAIL {2}\d+ of 60 schedules violated an invariant$/);
  });

  it('should place every fault kind at every phase, then ordered pairs, and report coverage', () => {
    const space = defaultSpace(defineScenario({ name: 'b', duration: '80s' }));
    const placements = exhaustivePlacements(space);
    const templates = faultTemplates(space.base);
    const windowed = templates.filter((t) => t.windowed).length;
    const single = placements.filter((p) => p.depth === 1).length;
    expect(single).toBe(windowed * 10 * 6 + (templates.length - windowed) * 10);
    expect(placements.length - single).toBe(templates.length * (templates.length - 1) * 4);
    const summary = explore({
      base: space.base,
      mode: { kind: 'exhaustive', limit: 24 },
      outDir: null,
      now: () => 0
    });
    expect(summary.schedules).toBe(24);
    expect(summary.depths!.single + summary.depths!.pairs).toBe(24);
    const verdicts = summary.coverage.find((c) => c.dimension === 'decision verdicts')!;
    expect(verdicts.reached).toContain('running');
    expect(verdicts.reached.length + verdicts.missing.length).toBe(8);
    // The decision statechart is model-checked under every isolation policy too.
    expect(summary.modelCheck!.map((m) => m.policy)).toEqual([
      'manual',
      'automatic',
      'automatic, self-fence wait',
      'tiebreaker'
    ]);
    for (const m of summary.modelCheck!) {
      expect(m.states).toBeGreaterThan(1000);
      expect(m.violations).toEqual([]);
    }
    expect(renderSummary(summary, { name: 'b', settings: '' })).toMatch(
      /model check of the failure decision statechart[\s\S]*PASS {2}no invariant violated in 24 schedules, nor in the model check$/
    );
  });
});

describe('mirrorbeat explore', () => {
  const cli = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const deps: CliDeps = {
      runScenario,
      catalogue,
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      exit: () => undefined,
      errIsTTY: true
    };
    const code = await createCli(deps).runAsync(argv);
    return { code, stdout: out.join(''), stderr: err.join('') };
  };

  it('should explore, draw the progress bar on a terminal, and exit 0 when nothing is violated', async () => {
    const r = await cli([
      'explore',
      '--random',
      '3',
      '--seed',
      '5',
      '--duration',
      '40s',
      '--out',
      dir
    ]);
    expect(r.stdout).toMatch(
      /^mirrorbeat explore: 3 random schedules \(seed 5, up to 3 faults each\)/
    );
    expect(r.stdout).toMatch(/configuration: defaults — method both, sync copy, fence level data/);
    expect(r.stderr).toContain('3/3 schedules');
    expect([0, 1]).toContain(r.code);
  });

  it('should print JSON with --json', async () => {
    const r = await cli([
      'explore',
      '--random',
      '2',
      '--config',
      'partition-network-method',
      '--json',
      '--out',
      dir
    ]);
    const json = JSON.parse(r.stdout) as { schedules: number; violations: object };
    expect(json.schedules).toBe(2);
    expect(Object.keys(json.violations)).toEqual([
      'splitBrain',
      'failoverEvidence',
      'failoverLiveness',
      'lostWrites',
      'convergence',
      'methodJudgement',
      'dataPhysics',
      'heartbeatSerial',
      'availability'
    ]);
  });

  it.each([
    [[], 'mirrorbeat explore: expected exactly one of --random <n> or --exhaustive, found neither'],
    [
      ['--random', '2', '--exhaustive'],
      'mirrorbeat explore: expected exactly one of --random <n> or --exhaustive, found both'
    ],
    [
      ['--random', 'many'],
      'mirrorbeat explore: --random: expected an integer from 1 to 1000000, found "many"'
    ],
    [
      ['--random', '2', '--duration', '10s'],
      'mirrorbeat explore: --duration: expected at least 30s (faults, then the heal phase), found 10s'
    ]
  ])('should exit 2 with one line for %j', async (args, line) => {
    const r = await cli(['explore', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${line}\n`);
  });
});
