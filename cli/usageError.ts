/**
 * A bad command-line argument (exit 2), with a one-line message naming the command and option.
 */

/** A rejected command-line argument: `mirrorbeat run: --seed: expected …, found …`. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message.replace(/\s*[\r\n]+\s*/g, ' '));
    this.name = 'UsageError';
  }
}
