/** `mirrorbeat worker`: its options and help; the implementation is cli/workerCommand.ts. */
import type * as Impl from '../workerCommand';
import type { CommandRegistration } from './registration';

export const workerRegistration: CommandRegistration = {
  name: 'worker',
  register(program, deps, guard) {
    program
      .command('worker')
      .description('carry out batches from the job queue of explore --queue / sweep --queue')
      .option('--queue <url>', 'the job queue, redis://host:port')
      .option('--workers <n>', "worker threads (default: the machine's cores)")
      .option('--lock-duration <d>', 'how long a batch stays locked to a silent worker', '30s')
      .option('--json', 'print every event as a JSON line')
      .action((flags: Impl.WorkerFlags) =>
        guard(() => {
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          const impl = require('../workerCommand') as typeof Impl;
          return impl.workerCommand(deps, flags);
        })
      );
  }
};
