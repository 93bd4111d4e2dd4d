/**
 * The `mirrorbeat` command (bin/mirrorbeat.js): the command line wired to the real runner,
 * `runScenario` of world/runScenario.ts.
 */
import type * as World from '../world/runScenario';
import type { RunScenario } from '../model/run';
import type * as Scenarios from '../scenarios/catalogue';
import type { CliDeps } from './cliDeps';
import { createCli } from './createCli';
import { packageVersion } from './version';

/**
 * The runner, loaded on first use: `list`, `validate` and `--help` never load the simulated world,
 * and a world that fails to load ends in one line (exit 3), not a stack trace.
 */
const runScenario: RunScenario = (scenario, options) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const world = require('../world/runScenario') as typeof World;
  return world.runScenario(scenario, options);
};

const env = process.env;
const color =
  env.FORCE_COLOR !== undefined
    ? env.FORCE_COLOR !== '0'
    : process.stdout.isTTY === true && env.NO_COLOR === undefined && env.TERM !== 'dumb';

// `mirrorbeat run … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const deps: CliDeps = {
  runScenario,
  // The built-in scenarios, loaded on first use (`--version` and `--help` never need them).
  get catalogue() {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('../scenarios/catalogue') as typeof Scenarios).catalogue;
  },
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  exit: (code) => {
    process.exitCode = code;
  },
  color,
  version: packageVersion(),
  errIsTTY: process.stderr.isTTY === true
};

createCli(deps).run(process.argv.slice(2));
