// The process-level end of issue 12's "no single request may crash the process". An uncaught exception or an
// unhandled rejection that started inside an in-process handler's scope (forward/handlerScope.ts: a timer the
// handler set, a promise it never awaited) fails only that request: a 500 if it has not answered yet, else
// its connection closes; an error log line with the request id, route, handler and stack; and
// strangler_internal_errors_total{site="handler-async"}. The process keeps serving. Anything else is a bug
// of unknown reach in the proxy itself: logged fatal and the process exits 1, as Node would (Node's advice:
// never resume after an unknown uncaught exception). Installed once per process (single process, cluster
// primary, each worker) before anything serves.
import type { Logger } from 'pino';
import { containHandlerError, currentHandlerScope, setContainedErrorSink } from '../forward/handlerScope.ts';
import type { Recorder } from '../metrics/recorder.ts';

/** The exit code for an error outside any handler scope: Node's own for an uncaught exception. */
export const EXIT_UNCAUGHT = 1;

export interface ProcessErrorGuard {
  /** Contained errors are counted in this process's metrics from now on. */
  countIn(recorder: Recorder): void;
}

let installed: ProcessErrorGuard | undefined;

export function guardProcessErrors(logger: Logger): ProcessErrorGuard {
  if (installed) return installed;
  let recorder: Recorder | undefined;
  setContainedErrorSink((scope, error, origin) => {
    recorder?.internalError('handler-async');
    try {
      logger.error(
        { requestId: scope.requestId, route: scope.route, handler: scope.handler, origin, err: error },
        'in-process handler threw outside its call (a timer, an unhandled rejection, a listener): only its request failed',
      );
    } catch {
      // a logger that cannot write must not turn a contained error into a crash
    }
  });
  const onError = (origin: 'uncaughtException' | 'unhandledRejection') => (error: unknown) => {
    const scope = currentHandlerScope();
    if (scope) return containHandlerError(scope, error, origin);
    try {
      // pino writes what is buffered synchronously on exit; stderr gets the stack as Node would print it.
      logger.fatal({ origin, err: error }, `${origin} outside any in-process handler: exiting`);
      process.stderr.write(`${origin}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    } finally {
      process.exit(EXIT_UNCAUGHT);
    }
  };
  process.on('uncaughtException', onError('uncaughtException'));
  process.on('unhandledRejection', onError('unhandledRejection'));
  installed = { countIn: (next) => void (recorder = next) };
  return installed;
}
