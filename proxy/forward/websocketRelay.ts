// Relays a WebSocket between a client and an upstream (legacy or an out-of-process new service) message
// by message, with the `ws` package on both sides. Terminating both sides (rather than piping bytes) is
// what lets the proxy send a real close frame on drain, map an upstream failure to a clean close code,
// and never write half a frame. The client's handshake is only accepted once the upstream accepted its
// own, so a refusal or an unreachable upstream reaches the client as an HTTP answer.
// Loaded by websocket.ts at the first relayed upgrade: `ws` costs idle RSS a proxy without WebSockets need not pay.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import { removeHopByHopHeaders } from '../http/hopByHop.ts';
import { originForm } from '../http/requestTarget.ts';
import { ProxyError, upstreamErrorCode } from '../http/proxyErrors.ts';
import type { Upstream } from '../routing/routeTable.ts';
import { guardSocketEvents } from './guardSocketEvents.ts';
import { BAD_GATEWAY, closeTogether, GOING_AWAY, pipeMessages } from './websocketPipe.ts';
import { rejectUpgrade, relayRefusal } from './websocketRawReply.ts';
import { MAX_WEBSOCKET_MESSAGE_BYTES, type RelayedWebSocket, type RelayEvents } from './websocketTypes.ts';

/**
 * `responseHeaders` go on the client's 101 (x-request-id, x-strangler-backend); the upstream's own
 * handshake cookies are added to them.
 */
export function relayWebSocket(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  upstream: Upstream,
  responseHeaders: Record<string, string>,
  events: RelayEvents,
): RelayedWebSocket {
  const requestId = responseHeaders['x-request-id'] ?? '';
  guardSocketEvents(socket, events.threw);
  const target = new URL(originForm(req.url ?? '/'), upstream.url);
  target.protocol = upstream.url.protocol === 'https:' ? 'wss:' : 'ws:';
  const upstreamWs = new WebSocket(target, offeredProtocols(req), {
    headers: forwardableHeaders(req),
    perMessageDeflate: false,
    maxPayload: MAX_WEBSOCKET_MESSAGE_BYTES,
    followRedirects: false,
  });
  let clientWs: WebSocket | undefined;
  let shuttingDown = false;
  let timedOut = false;
  // Our own timer (not ws's handshakeTimeout) so a timeout is told apart from a reset: 504, not 502.
  const handshakeTimer = setTimeout(() => {
    timedOut = true;
    upstreamWs.terminate();
  }, upstream.timeoutMs);

  const beforeOpen = {
    onError: (error: Error) => {
      clearTimeout(handshakeTimer);
      const code = shuttingDown ? 'SHUTTING_DOWN' : timedOut ? 'UPSTREAM_TIMEOUT' : upstreamErrorCode(error);
      const proxyError = new ProxyError(code, { cause: error });
      events.failed(proxyError);
      rejectUpgrade(socket, proxyError, requestId);
      events.closed();
    },
    onClientGone: () => {
      clearTimeout(handshakeTimer);
      upstreamWs.terminate();
    },
  };
  upstreamWs.once('error', beforeOpen.onError);
  socket.once('close', beforeOpen.onClientGone);
  upstreamWs.once('unexpected-response', (_request, response) => {
    clearTimeout(handshakeTimer);
    upstreamWs.off('error', beforeOpen.onError);
    upstreamWs.on('error', () => {}); // ws reports its own abort of this handshake; the refusal is relayed
    relayRefusal(socket, response, requestId);
    const release = () => upstreamWs.terminate(); // ws leaves a refused handshake's socket to whoever listens
    response.once('end', release);
    response.once('close', release);
    events.closed();
  });

  let upstreamCookies: string[] = [];
  upstreamWs.once('upgrade', (response: IncomingMessage) => (upstreamCookies = response.headers['set-cookie'] ?? []));
  upstreamWs.once('open', () => {
    clearTimeout(handshakeTimer);
    upstreamWs.off('error', beforeOpen.onError);
    socket.off('close', beforeOpen.onClientGone);
    if (socket.destroyed) {
      upstreamWs.close(GOING_AWAY);
      events.closed();
      return;
    }
    const server = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: MAX_WEBSOCKET_MESSAGE_BYTES,
      handleProtocols: () => upstreamWs.protocol || false,
    });
    server.once('headers', (headers: string[]) => {
      for (const [name, value] of Object.entries(responseHeaders)) headers.push(`${name}: ${value}`);
      for (const cookie of upstreamCookies) headers.push(`set-cookie: ${cookie}`);
    });
    server.handleUpgrade(req, socket, head, (accepted) => {
      clientWs = accepted;
      events.opened();
      pipeMessages(accepted, upstreamWs);
      pipeMessages(upstreamWs, accepted);
      closeTogether(accepted, upstreamWs, GOING_AWAY);
      closeTogether(upstreamWs, accepted, BAD_GATEWAY);
      accepted.once('close', () => {
        if (upstreamWs.readyState === WebSocket.CLOSED) events.closed();
        else upstreamWs.once('close', () => events.closed());
      });
    });
  });

  return {
    goAway() {
      shuttingDown = true;
      if (!clientWs) {
        upstreamWs.terminate(); // handshake still running: the client gets 503 SHUTTING_DOWN
        return;
      }
      clientWs.close(GOING_AWAY, 'proxy shutting down');
      upstreamWs.close(GOING_AWAY, 'proxy shutting down');
    },
    destroy() {
      clientWs?.terminate();
      upstreamWs.terminate();
      socket.destroy();
    },
  };
}

function offeredProtocols(req: IncomingMessage): string[] {
  const header = req.headers['sec-websocket-protocol'];
  return header
    ? header
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== '')
    : [];
}

/** End-to-end headers only: the upstream handshake gets its own key, version and extensions from ws. */
function forwardableHeaders(req: IncomingMessage): Record<string, string> {
  const headers = { ...req.headers };
  removeHopByHopHeaders(headers);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name.startsWith('sec-websocket-')) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
