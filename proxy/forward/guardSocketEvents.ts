// A listener that throws while a socket emits (an in-process WebSocket handler's 'message' callback runs
// inside the socket's 'data' event) would be an uncaught exception and end the process. Wrapping the
// socket's emit keeps the throw on this connection: the socket is destroyed and `onThrow` reports it.
import type { Duplex } from 'node:stream';

export function guardSocketEvents(socket: Duplex, onThrow: (cause: unknown) => void): void {
  const emit = socket.emit.bind(socket) as (event: string | symbol, ...args: unknown[]) => boolean;
  let reported = false;
  socket.emit = (event: string | symbol, ...args: unknown[]): boolean => {
    try {
      return emit(event, ...args);
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
