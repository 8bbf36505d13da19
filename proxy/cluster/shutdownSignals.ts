// One shutdown path for the single process, the cluster primary and each worker. SIGTERM/SIGINT start a
// graceful drain once; a second signal means "now": exit at once with 1. Whatever the drain awaits, the
// process ends: a drain that rejects exits 1 at once, and one still running at the drain timeout plus
// SHUTDOWN_GRACE_MS exits 1 too (an unref'd timer), each with one log line saying why.
import type { Logger } from 'pino';

export const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * How long after the drain timeout the rest of a shutdown (closing the admin listener, the handlers, the
 * store, the last trace export, the log flush) may take before the process exits anyway. It must exceed
 * the worker pool's kill grace (5 s past the drain timeout, workerPool.ts) so a primary still waits for
 * its workers to be killed rather than leaving them, plus the log's bounded EAGAIN retries (~2 s,
 * start.ts) and a few seconds to close; 10 s does, and keeps the default 30 s drain timeout inside
 * Kubernetes' 40 s grace period of deploy/ and well inside systemd's TimeoutStopSec default of 90 s.
 */
export const SHUTDOWN_GRACE_MS = 10_000;

/** The drain finished: exit 0. A second signal, a drain that rejects or one past its deadline: exit 1. */
export const EXIT_DRAINED = 0;
export const EXIT_FORCED = 1;

export interface Shutdown {
  /** Starts the drain with this timeout unless one is already running; `reason` goes to the log. */
  begin(reason: string, drainTimeoutMs: number): void;
}

/**
 * Installs the SIGTERM/SIGINT handlers and returns the way to start the same drain for another reason (a
 * worker's drain message from the primary). Only signals count towards "a second one exits at once": a
 * Ctrl-C reaches a worker both directly (the process group) and as the primary's drain message, which is
 * one request to drain, not two.
 */
export function onShutdownSignal(
  logger: Logger,
  drainTimeoutMs: number,
  drain: (reason: string, drainTimeoutMs: number) => Promise<unknown>,
): Shutdown {
  let started = false;
  const begin = (reason: string, timeoutMs: number) => {
    if (started) return;
    started = true;
    const deadlineMs = timeoutMs + SHUTDOWN_GRACE_MS;
    setTimeout(() => {
      logWhy(logger, { reason, deadlineMs }, 'shutdown: the drain did not finish by its deadline; exiting 1');
      exitNow(EXIT_FORCED);
    }, deadlineMs).unref();
    // A drain callback that throws synchronously is a rejection too.
    Promise.resolve()
      .then(() => drain(reason, timeoutMs))
      .then(
        () => exitNow(EXIT_DRAINED),
        (error: unknown) => {
          logWhy(logger, { reason, err: error }, 'shutdown: the drain failed; exiting 1');
          exitNow(EXIT_FORCED);
        },
      );
  };
  let signalled = false;
  for (const signal of SHUTDOWN_SIGNALS) {
    process.on(signal, () => {
      if (signalled) {
        logWhy(logger, { signal }, 'shutdown: second signal; exiting 1 at once');
        exitNow(EXIT_FORCED);
      }
      signalled = true;
      begin(signal, drainTimeoutMs);
    });
  }
  return { begin };
}

/** pino only buffers the line (written on exit, within the log's bounded retries); it must not throw either. */
function logWhy(logger: Logger, fields: Record<string, unknown>, message: string): void {
  try {
    logger.error(fields, message);
  } catch {
    // a destination that cannot take the line must not keep the process from exiting
  }
}

/**
 * process.exit runs the 'exit' listeners first (pino's synchronous flush); if one throws, exit throws to
 * its caller without exiting. A second call skips the listeners and ends the process.
 */
export function exitNow(code: number): never {
  try {
    process.exit(code);
  } finally {
    process.exit(code);
  }
}
