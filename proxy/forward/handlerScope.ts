// Which in-process handler request the running code belongs to. Every in-process handler call (HTTP and
// WebSocket, here or in the handler host) runs inside one AsyncLocalStorage scope, and so does everything it
// starts: its timers, its promises, and the events it listens to on its request or socket (those are emitted
// from the connection's own context, so their emit is wrapped too). A throw or a rejection nobody handles then
// still knows its request when it reaches the process-level listeners (proxy/cluster/processErrors.ts): that
// request fails, the process keeps serving. Code outside any scope (the proxy's own) keeps Node's behaviour.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface HandlerScope {
  readonly requestId: string;
  /** The route id; the handler host only knows the handler's name, so there it is `undefined`. */
  readonly route: string | undefined;
  readonly handler: string;
  /** Fails that request: a 500 HANDLER_FAILED if it has not answered yet, else its connection ends. */
  fail(cause: unknown): void;
}

/** Where a contained error was seen: a listener throwing inside an emit, or Node's process-level events. */
export type ContainedOrigin = 'event' | 'uncaughtException' | 'unhandledRejection';

/** Logs and counts a contained error; set once per process by guardProcessErrors. */
export type ContainedErrorSink = (scope: HandlerScope, error: unknown, origin: ContainedOrigin) => void;

const scopes = new AsyncLocalStorage<HandlerScope>();
let sink: ContainedErrorSink = () => {};

export function setContainedErrorSink(next: ContainedErrorSink): void {
  sink = next;
}

export function runInHandlerScope<T>(scope: HandlerScope, run: () => T): T {
  return scopes.run(scope, run);
}

export function currentHandlerScope(): HandlerScope | undefined {
  return scopes.getStore();
}

/** The request fails (once per request at most: `fail` is idempotent), the error is logged and counted. */
export function containHandlerError(scope: HandlerScope, error: unknown, origin: ContainedOrigin): void {
  try {
    sink(scope, error, origin);
  } finally {
    scope.fail(error);
  }
}

/**
 * Runs one event's emit in `scope`, and contains a listener's synchronous throw there (it would otherwise
 * unwind into the HTTP parser or the socket and end the process). ScopedIncomingMessage calls it.
 */
export function emitInScope(scope: HandlerScope, emit: () => boolean): boolean {
  try {
    return scopes.run(scope, emit);
  } catch (error) {
    containHandlerError(scope, error, 'event');
    return false;
  }
}
