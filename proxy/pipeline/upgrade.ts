// The proxy server's 'upgrade' listener: routes a WebSocket handshake by the same route table, weights
// and sticky rules as plain requests, then relays it to legacy / a new upstream over the network or hands
// it to an in-process upgrade handler. Keeps every open connection so drain can close them with 1001.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { LiveConfig } from '../config/live.ts';
import type { BackendKind } from '../config/types.ts';
import { relayWebSocket, type RelayedWebSocket, type RelayEvents } from '../forward/websocket.ts';
import { runUpgradeHandler } from '../forward/websocketInProcess.ts';
import { rejectUpgrade } from '../forward/websocketRawReply.ts';
import { ProxyError } from '../http/proxyErrors.ts';
import { pathOf } from '../http/requestTarget.ts';
import { findRoute } from '../routing/matchRoute.ts';
import { pickBackend } from '../routing/pickBackend.ts';
import { UNMATCHED_ROUTE_ID } from '../routing/routeTable.ts';
import type { PipelineDeps } from './context.ts';
import { requestIdOf } from './passes/assignRequestId.ts';
import { setForwardedHeaders } from './passes/forwardedHeaders.ts';
import { applyNormalizedPath } from './passes/normalizeRequestPath.ts';

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

export function createUpgradeListener(deps: PipelineDeps & { live: LiveConfig }): UpgradeListener {
  const open = new Set<RelayedWebSocket>();
  let draining = false;

  const listener = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (error) => deps.logger.debug({ err: error }, 'websocket client socket error'));
    const requestId = requestIdOf(req);
    if (draining) return rejectUpgrade(socket, new ProxyError('SHUTTING_DOWN'), requestId);
    if (!isWebSocketHandshake(req)) return rejectUpgrade(socket, new ProxyError('BAD_REQUEST'), requestId);
    const normalized = applyNormalizedPath(req);
    if (!normalized.ok) return rejectUpgrade(socket, new ProxyError('AMBIGUOUS_PATH', { cause: new Error(normalized.reason) }), requestId);

    const snapshot = deps.live.current();
    const route = findRoute(snapshot, 'GET', pathOf(req.url ?? '/'));
    const backend: BackendKind = route ? pickBackend(route, req, snapshot).backend : 'legacy';
    const routeId = route?.id ?? UNMATCHED_ROUTE_ID;
    const target = backend === 'new' && route ? route.newTarget : undefined;
    const log = deps.logger.child({ requestId, route: routeId, backend, websocket: true });

    let connection: RelayedWebSocket | undefined;
    let finished = false;
    let counted: (() => void) | undefined;
    const events: RelayEvents = {
      opened: () => {
        counted = deps.recorder.websocketOpened(routeId, backend);
        log.info('websocket opened');
      },
      closed: () => {
        if (finished) return;
        finished = true;
        if (connection) open.delete(connection);
        if (counted) log.info('websocket closed');
        counted?.();
      },
      failed: (error) => {
        deps.recorder.upstreamError(routeId, backend, error.code);
        log.warn({ code: error.code, cause: error.cause instanceof Error ? error.cause.message : undefined }, 'websocket proxy error');
      },
    };

    if (target?.kind === 'handler') {
      const handler = deps.handlers.upgradeHandler?.(target.name);
      if (!handler) {
        return rejectUpgrade(socket, new ProxyError('NOT_FOUND', { cause: new Error(`handler "${target.name}" has no WebSocket endpoint`) }), requestId);
      }
      connection = runUpgradeHandler(handler, req, socket, head, requestId, events);
    } else {
      setForwardedHeaders(req, snapshot.config.trustProxy);
      const upstream = target?.upstream ?? route?.legacy ?? snapshot.legacy;
      connection = relayWebSocket(req, socket, head, upstream, { 'x-request-id': requestId, 'x-strangler-backend': backend }, events);
    }
    if (!finished) open.add(connection);
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

function isWebSocketHandshake(req: IncomingMessage): boolean {
  return (
    req.method === 'GET' &&
    String(req.headers.upgrade ?? '').toLowerCase() === 'websocket' &&
    req.headers['sec-websocket-version'] === '13' &&
    WEBSOCKET_KEY.test(String(req.headers['sec-websocket-key'] ?? ''))
  );
}
