// Builds the proxy's request listener and server from its parts. No I/O at import time: main.ts and the
// tests call these with their own config, handlers, registry and logger.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { LiveConfig } from './config/live.ts';
import { createHttpForwarder, type Forwarder } from './forward/legacy.ts';
import type { Pass, PipelineDeps, RequestContext } from './pipeline/context.ts';
import { assignRequestId } from './pipeline/passes/assignRequestId.ts';
import { forwardedHeaders } from './pipeline/passes/forwardedHeaders.ts';
import { forwardRequest } from './pipeline/passes/forwardRequest.ts';
import { logRequest } from './pipeline/passes/logRequest.ts';
import { selectBackend } from './pipeline/passes/selectBackend.ts';
import { stripHopByHop } from './pipeline/passes/stripHopByHop.ts';
import { UNMATCHED_ROUTE_ID } from './routing/routeTable.ts';

export interface ProxyOptions extends PipelineDeps {
  live: LiveConfig;
  forwarder?: Forwarder;
}

export interface ProxyListener {
  (req: IncomingMessage, res: ServerResponse): void;
  close(): void;
}

/** The ordered passes; each is a small file under pipeline/passes. */
export function buildPasses(deps: PipelineDeps, forwarder: Forwarder): Pass[] {
  return [assignRequestId, logRequest(deps), selectBackend, stripHopByHop, forwardedHeaders, forwardRequest(deps, forwarder)];
}

export function createProxyListener(options: ProxyOptions): ProxyListener {
  const forwarder = options.forwarder ?? createHttpForwarder();
  const passes = buildPasses(options, forwarder);
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const ctx: RequestContext = {
      requestId: '',
      snapshot: options.live.current(),
      path: '/',
      route: undefined,
      routeId: UNMATCHED_ROUTE_ID,
      backend: 'legacy',
      choice: undefined,
      startedAt: performance.now(),
    };
    for (const pass of passes) if (pass(req, res, ctx) === true) return;
  };
  return Object.assign(listener, { close: () => forwarder.close() });
}

/** Server-side timeouts, ordered so slow or idle clients cannot hold sockets forever. */
export const SERVER_TIMEOUTS = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 300_000,
  keepAliveTimeoutMs: 5_000,
} as const;

export function createProxyServer(options: ProxyOptions): http.Server & { proxyListener: ProxyListener } {
  const listener = createProxyListener(options);
  const server = http.createServer({ headersTimeout: SERVER_TIMEOUTS.headersTimeoutMs, requestTimeout: SERVER_TIMEOUTS.requestTimeoutMs }, listener);
  server.keepAliveTimeout = SERVER_TIMEOUTS.keepAliveTimeoutMs;
  server.on('close', () => listener.close());
  return Object.assign(server, { proxyListener: listener });
}
