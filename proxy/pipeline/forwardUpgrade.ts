// The forwarding step of a WebSocket upgrade, after the opening passes chose route and backend: relays it
// to legacy / a new upstream over the network, or hands it to an in-process upgrade handler. Counts the
// open connection and logs open, close and the proxy's own failures.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { relayWebSocket, type RelayedWebSocket, type RelayEvents } from '../forward/websocket.ts';
import { runUpgradeHandler } from '../forward/websocketInProcess.ts';
import { ProxyError } from '../http/proxyErrors.ts';
import type { PipelineDeps, RequestContext } from './context.ts';

export interface UpgradeStep {
  /** Answers the handshake with the proxy's own error (nothing was handed over yet). */
  refuse(error: ProxyError): void;
  /** The connection is gone (or never opened); called once. */
  closed(): void;
}

export function forwardUpgrade(
  deps: PipelineDeps,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  ctx: RequestContext,
  step: UpgradeStep,
): RelayedWebSocket | undefined {
  const { routeId, backend, requestId } = ctx;
  const target = backend === 'new' && ctx.route ? ctx.route.newTarget : undefined;
  const log = deps.logger.child({ requestId, route: routeId, backend, websocket: true });

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
      step.closed();
      if (counted) log.info('websocket closed');
      counted?.();
    },
    failed: (error) => {
      deps.recorder.upstreamError(routeId, backend, error.code);
      const cause = error.cause instanceof Error ? error.cause.message : undefined;
      log.warn({ code: error.code, cause }, 'websocket proxy error');
    },
    threw: (cause) => {
      deps.recorder.internalError('websocket');
      log.error({ err: cause }, 'websocket connection closed: code on its event path threw');
    },
  };

  if (target?.kind === 'handler') {
    const handler = deps.handlers.upgradeHandler?.(target.name);
    if (!handler) {
      const cause = new Error(`handler "${target.name}" has no WebSocket endpoint`);
      step.refuse(new ProxyError('NOT_FOUND', { cause }));
      return undefined;
    }
    return runUpgradeHandler(
      handler,
      req,
      socket,
      head,
      requestId,
      events,
      { route: routeId, handler: target.name },
      { 'x-request-id': requestId, 'x-strangler-backend': backend },
    );
  }
  const upstream = target?.upstream ?? ctx.route?.legacy ?? ctx.snapshot.legacy;
  const responseHeaders = { 'x-request-id': requestId, 'x-strangler-backend': backend };
  return relayWebSocket(req, socket, head, upstream, responseHeaders, events);
}
