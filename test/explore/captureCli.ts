/**
 * The `mirrorbeat` command line with its output captured (the long-command tests): runs `argv`
 * to completion and gives the exit code, stdout and stderr.
 */
import { createCli, type CliDeps } from '../../cli/createCli';
import { catalogue } from '../../scenarios/catalogue';

/** What a command did. */
export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `argv` (the runner is not used: long commands run the world themselves). */
export async function captureCli(argv: string[], errIsTTY = false): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const deps: CliDeps = {
    runScenario: () => {
      throw new Error('not used by long commands');
    },
    catalogue,
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    exit: () => undefined,
    errIsTTY
  };
  const code = await createCli(deps).runAsync(argv);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** The JSON a command printed, without its wall-clock figures. */
export function timelessJson(stdout: string): Record<string, unknown> {
  const {
    wallMs: _wall,
    schedulesPerSecond: _rate,
    ...rest
  } = JSON.parse(stdout) as Record<string, unknown>;
  return rest;
}
