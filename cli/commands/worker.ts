/** `mirrorbeat worker`: registered by cli/workerCommand.ts, whose heavy parts load only when it runs. */
import { addWorkerCommand } from '../workerCommand';
import type { CommandRegistration } from './registration';

export const workerRegistration: CommandRegistration = {
  name: 'worker',
  register: (program, deps, guard) => addWorkerCommand(program, deps, guard)
};
