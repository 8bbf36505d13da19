// Forwards a request over HTTP to legacy (or an out-of-process new service). The ONLY file that imports
// http-proxy. http-proxy 1.18 is unmaintained, so its gaps are closed here: an error listener always,
// abort propagation both ways, a 504 on our own timer, no DELETE/OPTIONS content-length rewriting,
// hop-by-hop response headers stripped, trailers forwarded.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import httpProxy from 'http-proxy';
import { removeHopByHopHeaders } from '../pipeline/passes/stripHopByHop.ts';
import { ProxyError, upstreamErrorCode } from '../proxyErrors.ts';
import type { Upstream } from '../routing/routeTable.ts';

/** Below legacy's own keep-alive timeout (gunicorn: 2 s, Node: 5 s) so we never reuse a socket it is closing. */
export const DEFAULT_UPSTREAM_IDLE_MS = 1_000;
export const DEFAULT_UPSTREAM_MAX_SOCKETS = 512;

export type ForwardOutcome = (error: ProxyError | undefined) => void;

export interface Forwarder {
  forward(req: IncomingMessage, res: ServerResponse, upstream: Upstream, done: ForwardOutcome): void;
  close(): void;
}

interface InFlight {
  timer: NodeJS.Timeout;
  proxyReq?: http.ClientRequest;
  done: ForwardOutcome;
  settled: boolean;
}

export function createHttpForwarder(options: { idleMs?: number } = {}): Forwarder {
  const agentOptions = { keepAlive: true, timeout: options.idleMs ?? DEFAULT_UPSTREAM_IDLE_MS, maxSockets: DEFAULT_UPSTREAM_MAX_SOCKETS, scheduling: 'lifo' as const };
  const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
  const proxy = httpProxy.createProxyServer({ selfHandleResponse: true, xfwd: false, changeOrigin: false });
  // http-proxy forces `content-length: 0` on bodiless DELETE/OPTIONS, which changes what legacy sees.
  const server = proxy as unknown as { webPasses: Array<{ name: string }> };
  server.webPasses = server.webPasses.filter((pass) => pass.name !== 'deleteLength');
  const inFlight = new WeakMap<IncomingMessage, InFlight>();

  const settle = (req: IncomingMessage, error: ProxyError | undefined) => {
    const state = inFlight.get(req);
    if (!state || state.settled) return;
    state.settled = true;
    clearTimeout(state.timer);
    state.done(error);
  };

  // Without a listener an upstream error would be thrown and take the process down.
  proxy.on('error', (error, req) => settle(req, new ProxyError(upstreamErrorCode(error), { cause: error })));

  proxy.on('proxyReq', (proxyReq, req, res) => {
    const state = inFlight.get(req);
    if (!state) return;
    state.proxyReq = proxyReq;
    // Client gone before the answer: abort the upstream request too, so legacy stops working for nobody.
    res.on('close', () => {
      if (!res.writableFinished) proxyReq.destroy();
    });
  });

  proxy.on('proxyRes', (proxyRes, req, res) => {
    const state = inFlight.get(req);
    if (state) clearTimeout(state.timer);
    const headers = { ...proxyRes.headers };
    removeHopByHopHeaders(headers);
    res.writeHead(proxyRes.statusCode ?? 502, proxyRes.statusMessage, headers);
    proxyRes.on('end', () => {
      if (Object.keys(proxyRes.trailers).length > 0) res.addTrailers(proxyRes.trailers);
    });
    // Upstream reset mid-body: the client must see a broken response, not a short "complete" one.
    proxyRes.on('error', (error) => {
      settle(req, new ProxyError('UPSTREAM_RESET', { cause: error }));
      res.destroy(error);
    });
    proxyRes.on('close', () => {
      if (!proxyRes.complete) res.destroy();
    });
    res.on('finish', () => settle(req, undefined));
    proxyRes.pipe(res);
  });

  return {
    forward(req, res, upstream, done) {
      const timer = setTimeout(() => {
        const error = Object.assign(new Error(`no response within ${upstream.timeoutMs} ms`), { code: 'UPSTREAM_TIMEOUT' });
        const proxyReq = inFlight.get(req)?.proxyReq;
        settle(req, new ProxyError('UPSTREAM_TIMEOUT', { cause: error }));
        proxyReq?.destroy(error);
      }, upstream.timeoutMs);
      inFlight.set(req, { timer, done, settled: false });
      const agent = upstream.url.protocol === 'https:' ? agents.https : agents.http;
      proxy.web(req, res, { target: upstream.url.origin, agent }, (error) =>
        settle(req, new ProxyError(upstreamErrorCode(error), { cause: error })),
      );
    },
    close() {
      agents.http.destroy();
      agents.https.destroy();
      proxy.close();
    },
  };
}
