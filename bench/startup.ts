/**
 * Start-up cost of the compiled `mirrorbeat` command: CPU time (user + system) of a fresh
 * process, from Node's own start to its exit, read from the kernel's account of waited-for
 * children (`/proc/self/stat`, Linux); the median of `runs` after one warm-up.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One measured command. */
export interface StartupFigure {
  args: string[];
  /** Median CPU seconds, or null where the kernel does not say (not Linux). */
  cpuSeconds: number | null;
  wallSeconds: number;
  limitSeconds: number;
}

/** The commands measured and their targets (seconds of CPU). */
export const STARTUP_TARGETS: readonly { args: string[]; limitSeconds: number }[] = [
  { args: ['--version'], limitSeconds: 0.5 },
  { args: ['list'], limitSeconds: 0.6 },
  { args: ['run', 'tour'], limitSeconds: 1.5 }
];

/** CPU seconds of this process's waited-for children so far, or null when unknown. */
function childrenCpuSeconds(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name (which is in parentheses and may hold spaces).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // cutime and cstime are fields 16 and 17 of the file, i.e. 14 and 15 after the name.
    const ticks = Number(fields[13]) + Number(fields[14]);
    return ticks / 100; // USER_HZ, 100 on Linux
  } catch {
    return null;
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/** Measure every command of {@link STARTUP_TARGETS} from the build in `root`. */
export function measureStartup(root: string, runs: number): StartupFigure[] {
  const bin = path.join(root, 'bin', 'mirrorbeat.js');
  if (!existsSync(path.join(root, 'dist', 'cli', 'main.js'))) {
    throw new Error("bench: the compiled command is missing; run 'npm run build' first");
  }
  return STARTUP_TARGETS.map(({ args, limitSeconds }) => {
    const cpu: number[] = [];
    const wall: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const before = childrenCpuSeconds();
      const started = performance.now();
      const result = spawnSync(process.execPath, [bin, ...args], {
        cwd: root,
        stdio: 'ignore',
        env: { ...process.env, NO_COLOR: '1' }
      });
      const elapsed = (performance.now() - started) / 1000;
      const after = childrenCpuSeconds();
      if (result.status !== 0) {
        throw new Error(`bench: 'mirrorbeat ${args.join(' ')}' exited ${result.status}`);
      }
      if (i === 0) continue; // warm-up (file cache)
      wall.push(elapsed);
      if (before !== null && after !== null) cpu.push(after - before);
    }
    return {
      args,
      cpuSeconds: cpu.length > 0 ? +median(cpu).toFixed(2) : null,
      wallSeconds: +median(wall).toFixed(2),
      limitSeconds
    };
  });
}
