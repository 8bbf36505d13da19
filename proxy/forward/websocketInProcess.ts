// Hands an upgrade to an in-process WebSocket handler, which takes over the socket. The proxy keeps the
// socket so it can count the connection, keep a throwing handler from crashing the process, and send a
// close frame on drain.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { ProxyError } from '../http/proxyErrors.ts';
import type { NewUpgradeHandler } from './handlers.ts';
import type { RelayEvents, RelayedWebSocket } from './websocket.ts';
import { GOING_AWAY } from './websocketPipe.ts';
import { rejectUpgrade } from './websocketRawReply.ts';

/** An unmasked server-to-client close frame carrying 1001 Going Away (RFC 6455 §5.5.1). */
const GOING_AWAY_FRAME = Buffer.from([0x88, 0x02, GOING_AWAY >> 8, GOING_AWAY & 0xff]);

export function runUpgradeHandler(
  handler: NewUpgradeHandler,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  requestId: string,
  events: RelayEvents,
): RelayedWebSocket {
  events.opened();
  socket.once('close', () => events.closed());
  try {
    handler(req, socket, head);
  } catch (cause) {
    const error = new ProxyError('HANDLER_FAILED', { cause });
    events.failed(error);
    rejectUpgrade(socket, error, requestId);
  }
  return {
    // The handler's ws writes each frame in one synchronous go, so a frame written from a later tick
    // cannot land inside one of its frames. The client answers with its own close frame, which the
    // handler's ws takes as a client-initiated close and finishes.
    goAway() {
      if (!socket.destroyed && socket.writable) socket.write(GOING_AWAY_FRAME);
    },
    destroy() {
      socket.destroy();
    },
  };
}
