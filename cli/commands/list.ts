/** `mirrorbeat list`: its options and help; the implementation is cli/listCommand.ts. */
import type * as Impl from '../listCommand';
import type { CommandRegistration } from './registration';

export const listRegistration: CommandRegistration = {
  name: 'list',
  register(program, deps, guard) {
    program
      .command('list')
      .description('list the built-in scenarios')
      .option('--json', 'print the list as JSON')
      .action((flags: Impl.ListFlags) =>
        guard(() => {
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          const impl = require('../listCommand') as typeof Impl;
          return impl.listCommand(deps, flags);
        })
      );
  }
};
