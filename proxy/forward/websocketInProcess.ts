// Hands an upgrade to an in-process WebSocket handler, which takes over the socket. The proxy keeps the
// socket so it can count the connection, keep a throwing handler from crashing the process, and send a
// close frame on drain.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { ProxyError } from '../http/proxyErrors.ts';
import { guardSocketEvents } from './guardSocketEvents.ts';
import { runInHandlerScope, type HandlerScope } from './handlerScope.ts';
import type { NewUpgradeHandler } from './handlers.ts';
import type { RelayEvents, RelayedWebSocket } from './websocketTypes.ts';
import { GOING_AWAY } from './websocketCloseCodes.ts';
import { rejectUpgrade } from './websocketRawReply.ts';

/** An unmasked server-to-client close frame carrying 1001 Going Away (RFC 6455 §5.5.1). */
const GOING_AWAY_FRAME = Buffer.from([0x88, 0x02, GOING_AWAY >> 8, GOING_AWAY & 0xff]);

/**
 * The scope an upgrade handler runs in: a late throw refuses the handshake with 500 HANDLER_FAILED if the
 * handler has written nothing yet, else closes the connection.
 */
export function upgradeScope(
  socket: Duplex,
  requestId: string,
  route: string | undefined,
  handler: string,
): HandlerScope {
  return {
    requestId,
    route,
    handler,
    fail: (cause) => {
      if (socket.destroyed) return;
      if ((socket as { bytesWritten?: number }).bytesWritten === 0)
        rejectUpgrade(socket, new ProxyError('HANDLER_FAILED', { cause }), requestId);
      else socket.destroy();
    },
  };
}

export function runUpgradeHandler(
  handler: NewUpgradeHandler,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  requestId: string,
  events: RelayEvents,
  label: { route: string; handler: string },
  responseHeaders: Record<string, string> = {},
): RelayedWebSocket {
  events.opened();
  socket.once('close', () => events.closed());
  const scope = upgradeScope(socket, requestId, label.route, label.handler);
  guardSocketEvents(socket, events.threw, scope);
  addHeadersToFirstResponse(socket, responseHeaders);
  runInHandlerScope(scope, () => {
    try {
      handler(req, socket, head);
    } catch (cause) {
      const error = new ProxyError('HANDLER_FAILED', { cause });
      events.failed(error);
      rejectUpgrade(socket, error, requestId);
    }
  });
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

/**
 * The handler writes its own answer (the 101, or a refusal) as the socket's first write: the proxy's headers
 * (x-strangler-backend, x-request-id) go into it after the status line, as on a relayed upgrade's 101.
 */
function addHeadersToFirstResponse(socket: Duplex, headers: Record<string, string>): void {
  const lines = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  if (lines === '') return;
  const write = socket.write;
  socket.write = function (this: Duplex, chunk: unknown, ...rest: unknown[]): boolean {
    socket.write = write;
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('latin1') : undefined;
    const end = text?.startsWith('HTTP/1.') ? text.indexOf('\r\n') : -1;
    const withHeaders =
      end === -1 ? chunk : Buffer.from(`${text!.slice(0, end + 2)}${lines}${text!.slice(end + 2)}`, 'latin1');
    return (write as (...args: unknown[]) => boolean).call(this, withHeaders, ...rest);
  } as Duplex['write'];
}
