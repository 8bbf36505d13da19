// The CLI's exit codes (documented in docs/ADMIN.md). Scripts can branch on them.
export const EXIT = {
  OK: 0,
  /** The change or file was rejected: invalid config, unknown route, bad value, a refused transition (409). */
  REJECTED: 1,
  /** Wrong command line: unknown command, missing argument or flag. */
  USAGE: 2,
  /** The admin API could not be reached. */
  UNREACHABLE: 3,
  /** Missing or wrong admin token, or too many failed attempts (429). */
  UNAUTHORIZED: 4,
  /** The config changed meanwhile (412 stale If-Match): look again and re-run the command. */
  CONFLICT: 5,
  /** The change was not confirmed (answered no, or no terminal and no --yes). */
  NOT_CONFIRMED: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure the CLI reports as one message and an exit code, without a stack trace. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
