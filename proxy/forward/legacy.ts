// Forwards a request over HTTP to legacy (or an out-of-process new service) on a keep-alive agent.
// Built on node:http directly: http-proxy 1.18 (unmaintained) hides the upstream request of an
// `Expect: 100-continue` request, so 100 Continue could not be relayed; it was also slower (README).
// Guarantees: method, raw path, query, headers and Host unchanged (hop-by-hop removed by a pass),
// bodies streamed both ways, 1xx relayed, trailers forwarded, abort propagated both ways, 504 on our
// own timer, a connect timeout, and one retry of a bodiless idempotent request whose reused socket was
// reset before any byte.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import { DEFAULT_TIMEOUTS } from '../config/types.ts';
import { removeHopByHopHeaders } from '../pipeline/passes/stripHopByHop.ts';
import { ProxyError, upstreamErrorCode } from '../proxyErrors.ts';
import type { Upstream } from '../routing/routeTable.ts';
import { relayInformational } from './informational.ts';
import { hasRequestBody, isRetryableReset } from './retryPolicy.ts';

export const DEFAULT_UPSTREAM_MAX_SOCKETS = 512;

export type ForwardOutcome = (error: ProxyError | undefined) => void;

export interface Forwarder {
  forward(req: IncomingMessage, res: ServerResponse, upstream: Upstream, done: ForwardOutcome): void;
  close(): void;
}

export interface ForwarderOptions {
  /** Idle pooled sockets close after this; keep it below legacy's own keep-alive timeout. */
  idleMs?: number;
  connectTimeoutMs?: number;
}

export function createHttpForwarder(options: ForwarderOptions = {}): Forwarder {
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_TIMEOUTS.upstreamConnectMs;
  const agentOptions = { keepAlive: true, timeout: options.idleMs ?? DEFAULT_TIMEOUTS.upstreamIdleMs, maxSockets: DEFAULT_UPSTREAM_MAX_SOCKETS, scheduling: 'lifo' as const };
  const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };

  return {
    forward(req, res, upstream, done) {
      let settled = false;
      let responded = false;
      let retried = false;
      let attempt: http.ClientRequest | undefined;
      const settle = (error: ProxyError | undefined) => {
        if (settled) return;
        settled = true;
        clearTimeout(silenceTimer);
        done(error);
      };
      // Refreshed on every body byte either way: silence longer than the upstream timeout ends the request
      // (504 before the response started, a destroyed client connection after).
      const silenceTimer = setTimeout(() => {
        const error = Object.assign(new Error(`upstream silent for ${upstream.timeoutMs} ms`), { code: 'UPSTREAM_TIMEOUT' });
        settle(new ProxyError('UPSTREAM_TIMEOUT', { cause: error }));
        attempt?.destroy(error);
      }, upstream.timeoutMs);

      const send = () => {
        const client = upstream.url.protocol === 'https:' ? https : http;
        const proxyReq = client.request({
          protocol: upstream.url.protocol,
          hostname: upstream.url.hostname,
          port: upstream.url.port,
          method: req.method,
          path: originForm(req.url ?? '/'),
          headers: req.headers,
          agent: upstream.url.protocol === 'https:' ? agents.https : agents.http,
        });
        attempt = proxyReq;
        proxyReq.on('socket', (socket) => {
          if (!socket.connecting) return;
          const connectTimer = setTimeout(() => proxyReq.destroy(Object.assign(new Error(`no TCP connection within ${connectTimeoutMs} ms`), { code: 'ECONNECTTIMEOUT' })), connectTimeoutMs);
          socket.once('connect', () => clearTimeout(connectTimer));
          socket.once('close', () => clearTimeout(connectTimer));
        });
        proxyReq.on('information', (info) => relayInformational(info, res));
        proxyReq.on('response', (proxyRes) => relayResponse(proxyRes));
        proxyReq.on('error', (error) => {
          if (settled || proxyReq !== attempt) return;
          if (res.destroyed && !res.writableFinished) return settle(undefined); // the client left: not an upstream fault
          if (!retried && !responded && isRetryableReset(error, req, proxyReq)) {
            retried = true;
            return send();
          }
          settle(new ProxyError(upstreamErrorCode(error), { cause: error }));
        });
        if (req.readableEnded) proxyReq.end();
        else req.pipe(proxyReq);
      };

      const relayResponse = (proxyRes: IncomingMessage) => {
        if (settled || res.headersSent) return void proxyRes.resume(); // already answered (timeout) or taken over
        responded = true;
        const headers = { ...proxyRes.headers };
        removeHopByHopHeaders(headers);
        res.writeHead(proxyRes.statusCode ?? 502, proxyRes.statusMessage, headers);
        proxyRes.on('data', () => silenceTimer.refresh());
        proxyRes.on('end', () => {
          if (Object.keys(proxyRes.trailers).length > 0) res.addTrailers(proxyRes.trailers);
        });
        // Upstream reset mid-body: the client must see a broken response, not a short "complete" one.
        proxyRes.on('close', () => {
          if (proxyRes.complete) return;
          settle(new ProxyError('UPSTREAM_RESET'));
          res.destroy();
        });
        res.once('finish', () => settle(undefined));
        proxyRes.pipe(res);
      };

      if (hasRequestBody(req)) req.on('data', () => silenceTimer.refresh());
      // Client gone before the answer: abort the upstream request too, so legacy stops working for nobody.
      res.once('close', () => {
        if (res.writableFinished) return;
        attempt?.destroy();
        settle(undefined);
      });
      send();
    },
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

/** The request target as legacy expects it: absolute-form (`http://host/x?y`) becomes `/x?y`. */
function originForm(target: string): string {
  if (target.startsWith('/') || target === '*') return target;
  const schemeEnd = target.indexOf('://');
  const slash = schemeEnd === -1 ? -1 : target.indexOf('/', schemeEnd + 3);
  if (slash !== -1) return target.slice(slash);
  const query = target.indexOf('?');
  return query === -1 ? '/' : `/${target.slice(query)}`;
}
