import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { runKernelDemo } from '../../scenarios/kernelDemo';
import { createSimulation } from '../../sim';

const root = path.resolve(__dirname, '../..');

function hashInChildProcess(seed: number): string {
  const script = `const { runKernelDemo } = require('./scenarios/kernelDemo');
process.stdout.write(runKernelDemo({ seed: ${seed}, until: 600000 }).traceHash);`;
  return execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    cwd: root,
    encoding: 'utf8'
  }).trim();
}

describe('determinism', () => {
  it('should give the identical trace hash for the same seed in two separate processes', () => {
    const first = hashInChildProcess(9);
    const second = hashInChildProcess(9);
    expect(first).toMatch(/^[0-9a-f]{24}$/);
    expect(second).toBe(first);
    // And the same as in this (jest) process.
    expect(runKernelDemo({ seed: 9, until: 600_000 }).traceHash).toBe(first);
  });

  it('should give a different trace hash for a different seed when latency is jittered', () => {
    const a = runKernelDemo({ seed: 1, until: 600_000 });
    const b = runKernelDemo({ seed: 2, until: 600_000 });
    expect(a.events).toBe(b.events);
    expect(a.traceHash).not.toBe(b.traceHash);
  });

  it('should record one trace line per delivered event with stable actor ids', () => {
    const r = runKernelDemo({ seed: 4, until: 3_000, trace: 'full' });
    const actors = new Set(r.lines.map((l) => l.actor));
    expect([...actors].sort()).toEqual(['a', 'b']);
    const beats = r.lines.filter((l) => l.type === 'BEAT');
    // Each side emits at 1 s, 2 s and 3 s; the 3 s beats are still in flight at the horizon.
    expect(beats).toHaveLength(4);
    for (const line of beats) {
      expect(line.t % 1000).toBeGreaterThanOrEqual(1);
      expect(line.t % 1000).toBeLessThanOrEqual(6);
      expect(line.state).toBe('waiting');
    }
  });

  it('should never call real timers or Math.random during a run', () => {
    const spies = [
      jest.spyOn(global, 'setTimeout'),
      jest.spyOn(global, 'setInterval'),
      jest.spyOn(global, 'setImmediate'),
      jest.spyOn(Math, 'random')
    ];
    const r = runKernelDemo({ seed: 3, until: 60_000 });
    expect(r.a.sent).toBe(60);
    for (const spy of spies) {
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
    }
  });

  it('should not depend on the wall clock (XState only stamps it as bookkeeping)', () => {
    const spy = jest.spyOn(Date, 'now').mockReturnValue(0);
    const early = runKernelDemo({ seed: 3, until: 60_000 });
    spy.mockReturnValue(4_102_444_800_000);
    const late = runKernelDemo({ seed: 3, until: 60_000 });
    spy.mockRestore();
    expect(late.traceHash).toBe(early.traceHash);
  });

  it('should forget pending timers when stopped', () => {
    const sim = createSimulation({ seed: 1 });
    sim.clock.setTimeout(() => undefined, 10);
    sim.stop();
    expect(sim.clock.pendingCount).toBe(0);
  });
});
