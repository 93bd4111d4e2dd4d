/** `mirrorbeat merge`: its options and help; the implementation is cli/mergeCommand.ts. */
import type * as Impl from '../mergeCommand';
import type { CommandRegistration } from './registration';

export const mergeRegistration: CommandRegistration = {
  name: 'merge',
  register(program, deps, guard) {
    program
      .command('merge')
      .description('merge the JSON-lines shards of explore/sweep --shard i/n into one summary')
      .argument('<files...>', 'the shard files, one per shard')
      .option(
        '--out <dir>',
        'explore: where to write minimal failing schedules',
        'artifacts/explore'
      )
      .option('--json', 'print the summary as JSON')
      .option('--csv <file>', 'sweep: write the cell table as CSV')
      .option('--html <file>', 'sweep: write the HTML report with plots')
      .option('--json-out <file>', 'sweep: write the cells as JSON')
      .option('--svg <dir>', 'sweep: write the plots as SVG files')
      .action((files: string[], flags: Impl.MergeFlags) =>
        guard(() => {
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          const impl = require('../mergeCommand') as typeof Impl;
          return impl.mergeCommand(deps, files, flags);
        })
      );
  }
};
