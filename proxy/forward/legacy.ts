// Forwards a request over HTTP to legacy (or an out-of-process new service). The ONLY file that imports
// http-proxy. http-proxy 1.18 is unmaintained, so its gaps are closed here: an error listener always,
// abort propagation both ways, 504 on our own timer, a connect timeout, no DELETE/OPTIONS content-length
// rewriting, hop-by-hop response headers stripped, 100 Continue and 103 Early Hints relayed, trailers
// forwarded, and one retry of a bodiless idempotent request whose reused socket was reset before any byte.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import httpProxy from 'http-proxy';
import { DEFAULT_TIMEOUTS } from '../config/types.ts';
import { removeHopByHopHeaders } from '../pipeline/passes/stripHopByHop.ts';
import { ProxyError, upstreamErrorCode } from '../proxyErrors.ts';
import type { Upstream } from '../routing/routeTable.ts';
import { relayInformational } from './informational.ts';
import { isRetryableReset } from './retryPolicy.ts';

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

interface InFlight {
  upstream: Upstream;
  /** Refreshed on every body byte either way: silence longer than the upstream timeout ends the request. */
  silenceTimer: NodeJS.Timeout;
  proxyReq?: http.ClientRequest;
  responded: boolean;
  retried: boolean;
  settled: boolean;
  done: ForwardOutcome;
}

export function createHttpForwarder(options: ForwarderOptions = {}): Forwarder {
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_TIMEOUTS.upstreamConnectMs;
  const agentOptions = { keepAlive: true, timeout: options.idleMs ?? DEFAULT_TIMEOUTS.upstreamIdleMs, maxSockets: DEFAULT_UPSTREAM_MAX_SOCKETS, scheduling: 'lifo' as const };
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
    clearTimeout(state.silenceTimer);
    state.done(error);
  };

  const send = (req: IncomingMessage, res: ServerResponse, state: InFlight) => {
    const agent = state.upstream.url.protocol === 'https:' ? agents.https : agents.http;
    proxy.web(req, res, { target: state.upstream.url.origin, agent }, (error) => onUpstreamError(error, req, res));
  };

  const onUpstreamError = (error: Error, req: IncomingMessage, res: ServerResponse) => {
    const state = inFlight.get(req);
    if (!state || state.settled) return;
    if (res.destroyed && !res.writableFinished) return settle(req, undefined); // the client left: not an upstream fault
    if (!state.retried && !state.responded && isRetryableReset(error, req, state.proxyReq)) {
      state.retried = true;
      return send(req, res, state);
    }
    settle(req, new ProxyError(upstreamErrorCode(error), { cause: error }));
  };
  // Without a listener an upstream error would be thrown and take the process down.
  proxy.on('error', (error, req, res) => onUpstreamError(error, req, res as ServerResponse));

  proxy.on('proxyReq', (proxyReq, req, res) => {
    const state = inFlight.get(req);
    if (!state) return;
    state.proxyReq = proxyReq;
    proxyReq.on('socket', (socket) => {
      if (!socket.connecting) return;
      const connectTimer = setTimeout(() => proxyReq.destroy(Object.assign(new Error(`no TCP connection within ${connectTimeoutMs} ms`), { code: 'ECONNECTTIMEOUT' })), connectTimeoutMs);
      socket.once('connect', () => clearTimeout(connectTimer));
      socket.once('close', () => clearTimeout(connectTimer));
    });
    proxyReq.on('information', (info) => relayInformational(info, res));
    // Client gone before the answer: abort the upstream request too, so legacy stops working for nobody.
    res.once('close', () => {
      if (!res.writableFinished) proxyReq.destroy();
    });
  });

  proxy.on('proxyRes', (proxyRes, req, res) => {
    const state = inFlight.get(req);
    if (state) state.responded = true;
    const headers = { ...proxyRes.headers };
    removeHopByHopHeaders(headers);
    res.writeHead(proxyRes.statusCode ?? 502, proxyRes.statusMessage, headers);
    if (state) proxyRes.on('data', () => state.silenceTimer.refresh());
    proxyRes.on('end', () => {
      if (Object.keys(proxyRes.trailers).length > 0) res.addTrailers(proxyRes.trailers);
    });
    // Upstream reset mid-body: the client must see a broken response, not a short "complete" one.
    proxyRes.on('close', () => {
      if (!proxyRes.complete) {
        settle(req, new ProxyError('UPSTREAM_RESET'));
        res.destroy();
      }
    });
    res.once('finish', () => settle(req, undefined));
    proxyRes.pipe(res);
  });

  return {
    forward(req, res, upstream, done) {
      const silenceTimer = setTimeout(() => {
        const state = inFlight.get(req);
        const error = Object.assign(new Error(`upstream silent for ${upstream.timeoutMs} ms`), { code: 'UPSTREAM_TIMEOUT' });
        settle(req, new ProxyError('UPSTREAM_TIMEOUT', { cause: error })); // answers 504, or ends the client connection once headers are out
        state?.proxyReq?.destroy(error);
      }, upstream.timeoutMs);
      const state: InFlight = { upstream, silenceTimer, responded: false, retried: false, settled: false, done };
      inFlight.set(req, state);
      req.on('data', () => silenceTimer.refresh());
      send(req, res, state);
    },
    close() {
      agents.http.destroy();
      agents.https.destroy();
      proxy.close();
    },
  };
}
