/** `mirrorbeat merge`: registered by cli/mergeCommand.ts, whose heavy parts load only when it runs. */
import { addMergeCommand } from '../mergeCommand';
import type { CommandRegistration } from './registration';

export const mergeRegistration: CommandRegistration = {
  name: 'merge',
  register: (program, deps, guard) => addMergeCommand(program, deps, guard)
};
