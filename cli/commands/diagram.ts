/** `mirrorbeat diagram`: its options and help; the implementation is cli/diagramCommand.ts. */
import type * as Impl from '../diagramCommand';
import type { CommandRegistration } from './registration';

export const diagramRegistration: CommandRegistration = {
  name: 'diagram',
  register(program, deps, guard) {
    program
      .command('diagram')
      .description('draw the statecharts of machines/ offline (svg, mermaid, dot or json)')
      .argument('<machine>', "a machine name (e.g. 'receiver') or 'all'")
      .option('--format <format>', 'svg, mermaid, dot or json', 'svg')
      .option('--out <dir>', 'write <dir>/<machine>.<ext> instead of printing')
      .option('--json', 'print what was drawn (or written) as JSON')
      .action((machine: string, flags: Impl.DiagramFlags) =>
        guard(() => {
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          const impl = require('../diagramCommand') as typeof Impl;
          return impl.diagramCommand(deps, machine, flags);
        })
      );
  }
};
