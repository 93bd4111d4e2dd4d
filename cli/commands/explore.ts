/** `mirrorbeat explore`: its options and help; the implementation is cli/exploreCommand.ts. */
import type * as Impl from '../exploreCommand';
import type { CommandRegistration } from './registration';

export const exploreRegistration: CommandRegistration = {
  name: 'explore',
  register(program, deps, guard) {
    program
      .command('explore')
      .description('search random or exhaustive fault schedules for invariant violations')
      .option('--random <n>', 'run n random fault schedules')
      .option('--exhaustive', 'every placement of one fault and every ordered pair of faults')
      .option('--seed <s>', 'seed of the random schedules', '1')
      .option(
        '--config <file>',
        'scenario file or built-in name whose topology and config to explore'
      )
      .option('--duration <d>', 'simulated length of each run', '80s')
      .option('--max-faults <k>', 'most faults per random schedule', '3')
      .option('--out <dir>', 'where to write minimal failing schedules', 'artifacts/explore')
      .option('--no-shrink', 'write failing schedules as found')
      .option('--json', 'print the summary as JSON')
      .option('--reporter <name>', "print the summary as 'junit' XML instead")
      .option('--workers <n>', "worker threads (default: the machine's cores)")
      .option('--shard <i/n>', 'run slice i of n and print it as JSON lines (see merge)')
      .option('--queue <url>', 'put the batches on the job queue at redis://host:port')
      .option('--batch <n>', 'schedules per batch (default: about 24 per worker)')
      .action((flags: Impl.ExploreCommandFlags) =>
        guard(() => {
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          const impl = require('../exploreCommand') as typeof Impl;
          return impl.exploreCommand(deps, flags);
        })
      );
  }
};
