/** `mirrorbeat sweep`: its options and help; the implementation is cli/sweepCommand.ts. */
import type * as Impl from '../sweepCommand';
import type { CommandRegistration } from './registration';

export const sweepRegistration: CommandRegistration = {
  name: 'sweep',
  register(program, deps, guard) {
    program
      .command('sweep')
      .description('run a grid of configurations × faults, N seeds per cell, and report per cell')
      .argument('<sweep>', "a sweep file (YAML/JSON) or a built-in sweep ('methods', 'async-loss')")
      .option('--json', 'print the cells as JSON instead of the table')
      .option('--csv <file>', 'write the cell table as CSV')
      .option('--json-out <file>', 'write the cells as JSON')
      .option('--html <file>', 'write an HTML report with the plots')
      .option('--svg <dir>', 'write the plots as SVG files')
      .option('--seeds <n>', "seeds per cell (default: the sweep's)")
      .option('--workers <n>', "worker threads (default: the machine's cores)")
      .option('--shard <i/n>', 'run slice i of n and print it as JSON lines (see merge)')
      .option('--queue <url>', 'put the batches on the job queue at redis://host:port')
      .option('--batch <n>', 'runs per batch')
      .action((sweep: string, flags: Impl.SweepFlags) =>
        guard(() => {
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          const impl = require('../sweepCommand') as typeof Impl;
          return impl.sweepCommand(deps, sweep, flags);
        })
      );
  }
};
