/**
 * Exit codes of `mirrorbeat` (docs/spec.md, section 4.1).
 */
export const EXIT = {
  /** Every expectation and invariant holds (or the command succeeded). */
  ok: 0,
  /** An expectation or an invariant failed. */
  failed: 1,
  /** Bad input or usage: one line on stderr says what and where. */
  usage: 2,
  /** A bug in mirrorbeat itself (one line on stderr; `MIRRORBEAT_DEBUG=1` shows the stack). */
  internal: 3
} as const;

/** One of the {@link EXIT} codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
