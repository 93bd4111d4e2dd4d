/** `mirrorbeat inspect`: its options and help; the implementation is cli/inspectCommand.ts. */
import type * as Impl from '../inspectCommand';
import type { CommandRegistration } from './registration';

export const inspectRegistration: CommandRegistration = {
  name: 'inspect',
  register(program, deps, guard) {
    program
      .command('inspect')
      .description('serve the offline web inspector of a scenario run on 127.0.0.1')
      .argument('<scenario>', 'built-in scenario name or scenario file')
      .option('--port <n>', 'port to listen on (0: any free port)', '4311')
      .option('--host <address>', 'address to bind (loopback only by default)', '127.0.0.1')
      .option(
        '--allow-remote',
        'allow a non-loopback --host (prints a warning; the URL has a token)'
      )
      .option('--trace <file>', 'replay a saved trace file instead of running the scenario')
      .option('--seed <n>', 'seed of the run (default: the scenario seed)')
      .option('--inspect <target>', "also forward XState inspection events ('stately')")
      .option('--stately-url <url>', 'WebSocket of the Stately inspector', 'ws://localhost:8080')
      .option('--json', 'print the URL and the stop as JSON lines')
      .action((scenario: string, flags: Impl.InspectFlags) =>
        guard(() => {
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          const impl = require('../inspectCommand') as typeof Impl;
          return impl.inspectCommand(deps, scenario, flags);
        })
      );
  }
};
