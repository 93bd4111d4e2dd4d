/** `mirrorbeat sweep`: registered by cli/sweepCommand.ts, whose heavy parts load only when it runs. */
import { addSweepCommand } from '../sweepCommand';
import type { CommandRegistration } from './registration';

export const sweepRegistration: CommandRegistration = {
  name: 'sweep',
  register: (program, deps, guard) => addSweepCommand(program, deps, guard)
};
