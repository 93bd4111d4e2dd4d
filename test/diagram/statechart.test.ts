import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCli } from '../../cli/createCli';
import { loadMachine, machineNames } from '../../inspector/statechart/loadMachines';
import { renderDiagram } from '../../inspector/statechart/renderDiagram';
import { toDot } from '../../inspector/statechart/toDot';
import { toMermaid } from '../../inspector/statechart/toMermaid';
import { activePaths, allStates, toStatechart } from '../../inspector/statechart/toStatechart';
import { createCatalogue } from '../../scenarios/catalogue';

const receiver = () => toStatechart('receiver', loadMachine('receiver').machine);

function cli() {
  const h = { stdout: '', stderr: '', code: -1 };
  const run = createCli({
    runScenario: () => {
      throw new Error('not used');
    },
    catalogue: createCatalogue([]),
    out: (t) => (h.stdout += t),
    err: (t) => (h.stderr += t),
    exit: (c) => (h.code = c)
  });
  return { h, run };
}

describe('statechart model', () => {
  it('should find every machine of machines/', () => {
    const names = machineNames();
    for (const name of ['sender', 'receiver', 'failureDecision', 'failover', 'pair']) {
      expect(names).toContain(name);
    }
  });

  it('should read compound and parallel states, guards, actions and delays', () => {
    const chart = receiver();
    const states = allStates(chart);
    expect(states.find((s) => s.path === 'on.watching')?.type).toBe('parallel');
    expect(states.find((s) => s.path === 'on')?.type).toBe('compound');
    expect(states.find((s) => s.path === 'on.hist')?.history).toBe('deep');
    const read = chart.transitions.find(
      (t) => t.trigger === 'READ.DONE' && t.guard === 'isNewSerial'
    );
    expect(read?.actions).toEqual(['notePairState', 'acceptMessage']);
    expect(chart.transitions.some((t) => t.kind === 'after' && t.trigger === 'untilWarn50')).toBe(
      true
    );
    expect(
      chart.transitions.some((t) => t.kind === 'always' && t.guard === 'pathEnabled(mirror)')
    ).toBe(true);
    // `after` timers are shown as delayed transitions, not as raise/cancel actions.
    expect(states.find((s) => s.path === 'on.watching.mirror.valid')?.entry).toEqual([
      'setStatus(mirror, valid)'
    ]);
  });

  it('should list the active state paths of a state value', () => {
    expect(activePaths({ on: { watching: { poll: 'waiting', mirror: 'valid' } } })).toEqual([
      '',
      'on',
      'on.watching',
      'on.watching.poll',
      'on.watching.poll.waiting',
      'on.watching.mirror',
      'on.watching.mirror.valid'
    ]);
  });

  it('should render DOT with clusters, element ids and labelled edges', () => {
    const dot = toDot(receiver());
    expect(dot).toContain('subgraph "cluster_on.watching"');
    expect(dot).toContain('style="rounded,dashed"');
    expect(dot).toContain('id="st:on.watching.mirror.valid"');
    expect(dot).toContain('[isNewSerial]');
    expect(dot).toContain('after untilWarn50');
  });

  it('should give every transition label a node of its own, between the halves of its edge', () => {
    const chart = toStatechart('failover', loadMachine('failover').machine);
    const dot = toDot(chart);
    chart.transitions.forEach((t, i) => {
      if (t.targets.length === 0 || t.source === 'fence') return;
      expect(dot).toContain(`"l:${i}" [id="tr:${i}"`);
      expect(dot).toContain(`-> "l:${i}" [id="tr:${i}:in", arrowhead=none`);
      expect(dot).toContain(`"l:${i}" -> `);
    });
  });

  it("should draw a compound state's transitions from its border, and list those into itself", () => {
    const chart = toStatechart('failover', loadMachine('failover').machine);
    const dot = toDot(chart);
    const freeze = chart.transitions.findIndex(
      (t) => t.trigger === 'FREEZE' && t.source === 'steps.active'
    );
    expect(freeze).toBeGreaterThanOrEqual(0);
    const tail = dot.split('\n').find((l) => l.includes(`id="tr:${freeze}:in"`)) ?? '';
    expect(tail).toContain('ltail="cluster_steps.active"');
    // fence handles RESET itself, to its own child `none`: no edge from its initial dot.
    const reset = chart.transitions.findIndex((t) => t.trigger === 'RESET' && t.source === 'fence');
    expect(dot).not.toContain(`id="tr:${reset}:in"`);
    expect(dot).toContain('RESET → none');
  });

  it('should render Mermaid with regions and transitions', () => {
    const text = toMermaid(receiver());
    expect(text.startsWith('stateDiagram-v2')).toBe(true);
    expect(text).toContain('--');
    expect(text).toContain(
      'on_watching --> on_watching : READ.DONE [isNewSerial] / notePairState, acceptMessage'
    );
  });

  it('should render SVG offline with the state ids', async () => {
    const svg = await renderDiagram(receiver(), 'svg');
    expect(svg).toContain('<svg');
    expect(svg).toContain('id="st:on.watching.mirror.invalid"');
  });
});

describe('mirrorbeat diagram', () => {
  it('should print one machine in the chosen format', async () => {
    const { h, run } = cli();
    await run.runAsync(['diagram', 'sender', '--format', 'dot']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('digraph "sender"');
  });

  it('should reject an unknown machine or format with one line', async () => {
    for (const argv of [
      ['diagram', 'nope'],
      ['diagram', 'sender', '--format', 'png'],
      ['diagram', 'all']
    ]) {
      const { h, run } = cli();
      await run.runAsync(argv);
      expect(h.code).toBe(2);
      expect(h.stderr.trim().split('\n')).toHaveLength(1);
      expect(h.stderr).toMatch(/^mirrorbeat diagram: /);
    }
  });

  it('should keep docs/diagrams up to date (npm run diagrams)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mb-diagrams-'));
    try {
      const { h, run } = cli();
      await run.runAsync(['diagram', 'all', '--out', dir]);
      expect(h.code).toBe(0);
      const docs = path.join(__dirname, '..', '..', 'docs', 'diagrams');
      const expected = readdirSync(dir).sort();
      expect(
        readdirSync(docs)
          .filter((f) => f.endsWith('.svg'))
          .sort()
      ).toEqual(expected);
      for (const file of expected) {
        const fresh = readFileSync(path.join(dir, file), 'utf8');
        const committed = readFileSync(path.join(docs, file), 'utf8');
        if (fresh !== committed) {
          throw new Error(`docs/diagrams/${file} is out of date: run npm run diagrams`);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
