// Relays a WebSocket to an upstream (websocketRelay.ts), loading the relay and with it `ws` at the first
// relayed upgrade rather than at start: a proxy that never sees a WebSocket does not pay its idle RSS.
// Until the module is loaded (one tick of file I/O, once per process) the upgrade waits; the client sends
// nothing before its 101, and a close, drain or destroy in that window is honoured once the relay runs.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { ProxyError } from '../http/proxyErrors.ts';
import type { Upstream } from '../routing/routeTable.ts';
import { rejectUpgrade } from './websocketRawReply.ts';
import type { RelayedWebSocket, RelayEvents } from './websocketTypes.ts';

export { MAX_WEBSOCKET_MESSAGE_BYTES, type RelayedWebSocket, type RelayEvents } from './websocketTypes.ts';

type RelayModule = typeof import('./websocketRelay.ts');

let relayModule: RelayModule | undefined;
let loading: Promise<RelayModule> | undefined;

function loadRelay(): Promise<RelayModule> {
  loading ??= import('./websocketRelay.ts').then((loaded) => (relayModule = loaded));
  return loading;
}

/** See websocketRelay.ts; same contract, whether or not the relay is loaded yet. */
export function relayWebSocket(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  upstream: Upstream,
  responseHeaders: Record<string, string>,
  events: RelayEvents,
): RelayedWebSocket {
  if (relayModule) return relayModule.relayWebSocket(req, socket, head, upstream, responseHeaders, events);
  let relayed: RelayedWebSocket | undefined;
  let goingAway = false;
  const ignoreError = () => {}; // the socket has no other listener until the relay adds its own
  socket.on('error', ignoreError);
  loadRelay().then(
    (loaded) => {
      socket.off('error', ignoreError);
      if (socket.destroyed) return events.closed();
      relayed = loaded.relayWebSocket(req, socket, head, upstream, responseHeaders, events);
      if (goingAway) relayed.goAway(); // the handshake just started: the client gets 503 SHUTTING_DOWN
    },
    (cause: unknown) => {
      socket.off('error', ignoreError);
      const error = new ProxyError('INTERNAL_ERROR', { cause });
      events.failed(error);
      rejectUpgrade(socket, error, responseHeaders['x-request-id'] ?? '');
      events.closed();
    },
  );
  return {
    goAway() {
      if (relayed) relayed.goAway();
      else goingAway = true;
    },
    destroy() {
      if (relayed) relayed.destroy();
      else socket.destroy();
    },
  };
}
