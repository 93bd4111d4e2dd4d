/** `mirrorbeat validate`: its options and help; the implementation is cli/validateCommand.ts. */
import type * as Impl from '../validateCommand';
import type { CommandRegistration } from './registration';

export const validateRegistration: CommandRegistration = {
  name: 'validate',
  register(program, deps, guard) {
    program
      .command('validate')
      .description('check a scenario file without running it')
      .argument('<file>', 'scenario file (.yaml, .json or a TypeScript script .ts)')
      .option('--json', 'print the result as JSON')
      .action((file: string, flags: Impl.ValidateFlags) =>
        guard(() => {
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          const impl = require('../validateCommand') as typeof Impl;
          return impl.validateCommand(deps, file, flags);
        })
      );
  }
};
