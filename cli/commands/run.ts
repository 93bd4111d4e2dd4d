/** `mirrorbeat run`: its options and help; the implementation is cli/runCommand.ts. */
import type * as Impl from '../runCommand';
import type { CommandRegistration } from './registration';

export const runRegistration: CommandRegistration = {
  name: 'run',
  register(program, deps, guard) {
    program
      .command('run')
      .description(
        'run a scenario (a built-in name, a YAML/JSON file or a TypeScript script) and report'
      )
      .argument('<scenario>', 'built-in scenario name or scenario file (.yaml, .json, .ts)')
      .option('--seed <n>', 'seed of the run (default: the scenario seed)')
      .option('--json', 'print only the JSON run report')
      .option('--reporter <name>', "print the report as 'junit' XML instead")
      .option('--trace <file>', 'write the full trace as JSON lines')
      .option('--until <duration>', 'simulate this long instead of the scenario duration')
      .option('--html <file>', 'write a self-contained HTML report (opens offline)')
      .option('--inspect <target>', "forward XState inspection events ('stately')")
      .option('--stately-url <url>', 'WebSocket of the Stately inspector', 'ws://localhost:8080')
      .option('--color', 'force colours')
      .option('--no-color', 'no colours')
      .action((scenario: string, flags: Impl.RunFlags) =>
        guard(() => {
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          const impl = require('../runCommand') as typeof Impl;
          return impl.runCommand(deps, scenario, flags);
        })
      );
  }
};
