// A listener that throws while a socket emits (an in-process WebSocket handler's 'message' callback runs
// inside the socket's 'data' event) would be an uncaught exception and end the process. Wrapping the
// socket's emit keeps the throw on this connection: the socket is destroyed and `onThrow` reports it.
// With a handler scope, every event also runs in that scope, so what a listener starts (a timer, a promise)
// is still that connection's when it throws late (handlerScope.ts).
import type { Duplex } from 'node:stream';
import { runInHandlerScope, type HandlerScope } from './handlerScope.ts';

export function guardSocketEvents(socket: Duplex, onThrow: (cause: unknown) => void, scope?: HandlerScope): void {
  const emit = socket.emit.bind(socket) as (event: string | symbol, ...args: unknown[]) => boolean;
  const scoped = scope
    ? (event: string | symbol, ...args: unknown[]) => runInHandlerScope(scope, () => emit(event, ...args))
    : emit;
  let reported = false;
  socket.emit = (event: string | symbol, ...args: unknown[]): boolean => {
    try {
      return scoped(event, ...args);
    } catch (cause) {
      if (!reported) {
        reported = true;
        onThrow(cause);
      }
      socket.destroy();
      return false;
    }
  };
}
