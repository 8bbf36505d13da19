// The proxy server's 'upgrade' listener (and its 'connect' listener: a CONNECT is refused by the passes). A WebSocket handshake runs the same opening passes as a plain
// request (request id, path normalization, route and backend choice, header-count limit, duplicate Host
// refusal, hop-by-hop stripping, the client's shadow marker dropped, X-Forwarded-*), on a ServerResponse
// that is bound to the socket only when a pass answers, so a refusal is the error table's answer as for any
// request. Then its own forwarding step (forwardUpgrade.ts). Keeps every open connection so drain can
// close them with 1001.
import { ServerResponse, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { LiveConfig } from '../config/live.ts';
import type { RelayedWebSocket } from '../forward/websocket.ts';
import { ProxyError } from '../http/proxyErrors.ts';
import { newRequestContext, type Pass, type PipelineDeps } from './context.ts';
import { forwardUpgrade } from './forwardUpgrade.ts';
import { refuse } from './refuse.ts';

/** RFC 6455 §4.2.1: a 16-byte nonce in base64, version 13. */
const WEBSOCKET_KEY = /^[+/0-9A-Za-z]{22}==$/;

export interface UpgradeListener {
  (req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Open WebSocket connections (handshakes in progress included). */
  openCount(): number;
  /** Sends every open connection a 1001 close frame; new upgrades get 503 from now on. */
  goAway(): void;
  /** Drops every connection still open. */
  destroyAll(): void;
}

export function createUpgradeListener(deps: PipelineDeps & { live: LiveConfig }, opening: Pass[]): UpgradeListener {
  const open = new Set<RelayedWebSocket>();
  let draining = false;

  const listener = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (error) => deps.logger.debug({ err: error }, 'websocket client socket error'));
    // Upgrade is hop-by-hop, so stripHopByHop removes it; this hop's handshake still needs it.
    const upgrade = req.headers.upgrade;
    const res = new ServerResponse(req);
    const ctx = newRequestContext(deps.live.current());
    const answer = () => {
      res.once('finish', () => socket.destroy());
      res.assignSocket(socket as Socket);
    };
    for (const pass of opening) if (pass(req, res, ctx) === true) return answer();

    const refuseHandshake = (error: ProxyError) => {
      refuse(res, ctx, error);
      answer();
    };
    if (draining) return refuseHandshake(new ProxyError('SHUTTING_DOWN'));
    if (!isWebSocketHandshake(req, upgrade)) return refuseHandshake(new ProxyError('BAD_REQUEST'));
    if (upgrade !== undefined) req.headers.upgrade = upgrade;
    req.headers.connection = 'Upgrade';

    // `closed` may run before forwardUpgrade returns (a handshake that fails at once).
    const tracked: { connection?: RelayedWebSocket; finished: boolean } = { finished: false };
    tracked.connection = forwardUpgrade(deps, req, socket, head, ctx, {
      refuse: refuseHandshake,
      closed: () => {
        tracked.finished = true;
        if (tracked.connection) open.delete(tracked.connection);
      },
    });
    if (tracked.connection && !tracked.finished) open.add(tracked.connection);
  };

  return Object.assign(listener, {
    openCount: () => open.size,
    goAway() {
      draining = true;
      for (const connection of open) connection.goAway();
    },
    destroyAll() {
      for (const connection of open) connection.destroy();
      open.clear();
    },
  });
}

function isWebSocketHandshake(req: IncomingMessage, upgrade: string | undefined): boolean {
  return (
    req.method === 'GET' &&
    String(upgrade ?? '').toLowerCase() === 'websocket' &&
    req.headers['sec-websocket-version'] === '13' &&
    WEBSOCKET_KEY.test(String(req.headers['sec-websocket-key'] ?? ''))
  );
}
