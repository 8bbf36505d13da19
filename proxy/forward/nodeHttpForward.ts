// Forwarding over node:http on a keep-alive agent: the path for requests with a body or an
// `Expect: 100-continue` header (undici refuses Expect). Streams the body both ways, relays 1xx, forwards
// request and response trailers, propagates aborts, and retries once a bodiless idempotent request whose
// reused socket was reset before any response byte.
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { removeHopByHopHeaders } from '../http/hopByHop.ts';
import { ProxyError, upstreamErrorCode } from '../http/proxyErrors.ts';
import { originForm } from '../http/requestTarget.ts';
import { Settler, type Forwarder } from './forwardTypes.ts';
import { relayInformational } from './informational.ts';
import { checkFinalStatus, checkHeaders, failureOf, InvalidUpstreamHead } from './responseCheck.ts';
import { hasRequestBody, isRetryableReset } from './retryPolicy.ts';

/** The client's request trailers as sent (names, order and repeats kept); empty for almost every request. */
function requestTrailers(req: IncomingMessage): Array<[string, string]> {
  const raw: string[] | undefined = req.rawTrailers;
  const trailers: Array<[string, string]> = [];
  if (raw !== undefined) for (let i = 0; i + 1 < raw.length; i += 2) trailers.push([raw[i]!, raw[i + 1]!]);
  return trailers;
}

export function createNodeHttpForwarder(options: {
  idleMs: number;
  connectTimeoutMs: number;
  maxSockets: number;
}): Forwarder {
  const agentOptions = {
    keepAlive: true,
    timeout: options.idleMs,
    maxSockets: options.maxSockets,
    scheduling: 'lifo' as const,
  };
  const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };

  const forward: Forwarder['forward'] = (req, res, upstream, done) => {
    let responded = false;
    let retried = false;
    let attempt: http.ClientRequest | undefined;
    const settler = new Settler(upstream, done, (error) => attempt?.destroy(error));

    const send = () => {
      const secure = upstream.url.protocol === 'https:';
      const proxyReq = (secure ? https : http).request({
        protocol: upstream.url.protocol,
        hostname: upstream.url.hostname,
        port: upstream.url.port,
        method: req.method,
        path: originForm(req.url ?? '/'),
        headers: req.headers,
        agent: secure ? agents.https : agents.http,
      });
      attempt = proxyReq;
      proxyReq.on('socket', (socket) => {
        if (!socket.connecting) return;
        const error = Object.assign(new Error(`no TCP connection within ${options.connectTimeoutMs} ms`), {
          code: 'ECONNECTTIMEOUT',
        });
        const connectTimer = setTimeout(() => proxyReq.destroy(error), options.connectTimeoutMs);
        socket.once('connect', () => clearTimeout(connectTimer));
        socket.once('close', () => clearTimeout(connectTimer));
      });
      proxyReq.on('information', (info) => guard(() => relayInformational(info.statusCode, info.headers, res, true)));
      proxyReq.on('response', (proxyRes) => guard(() => relayResponse(proxyRes)));
      // A 101 nobody asked for (Upgrade is never forwarded on this path): the same 502 undici answers.
      proxyReq.on('upgrade', (_upgradeRes, socket) => {
        socket.destroy();
        guard(() => {
          throw new InvalidUpstreamHead('101 Switching Protocols to a request that asked for no upgrade');
        });
      });
      proxyReq.on('error', (error) => {
        if (settler.settled || proxyReq !== attempt) return;
        if (res.destroyed && !res.writableFinished) return settler.settle(undefined); // the client left: not an upstream fault
        if (!retried && !responded && isRetryableReset(error, req, proxyReq.reusedSocket)) {
          retried = true;
          return send();
        }
        settler.settle(new ProxyError(upstreamErrorCode(error), { cause: error }));
      });
      if (req.readableEnded) return endUpstream(proxyReq);
      // The upstream request is ended here rather than by pipe, so the client's trailers (known only once
      // its body has ended) can go out as trailers of the upstream request, which is chunked whenever the
      // client's was (stripHopByHop keeps `Transfer-Encoding: chunked`).
      req.pipe(proxyReq, { end: false });
      req.once('end', () => {
        if (!proxyReq.destroyed) endUpstream(proxyReq);
      });
    };

    const endUpstream = (proxyReq: http.ClientRequest) => {
      const trailers = requestTrailers(req);
      if (trailers.length > 0) {
        try {
          proxyReq.addTrailers(trailers);
        } catch (error) {
          // Node's parser accepted them, so this should not happen; never let it throw out of an event.
          settler.settle(new ProxyError('BAD_REQUEST', { cause: error }));
          proxyReq.destroy();
          return;
        }
      }
      proxyReq.end();
    };

    /**
     * Runs an event callback so nothing it throws leaves it: an invalid upstream head answers 502
     * UPSTREAM_INVALID_RESPONSE, anything else the proxy's own 500 (or a destroyed client connection once
     * headers are out), and the upstream attempt is dropped.
     */
    const guard = (callback: () => void) => {
      try {
        callback();
      } catch (error) {
        settler.settle(failureOf(error));
        attempt?.destroy();
      }
    };

    const relayResponse = (proxyRes: IncomingMessage) => {
      if (settler.settled || res.headersSent) return void proxyRes.resume(); // already answered (timeout) or taken over
      const status = proxyRes.statusCode ?? 0;
      const reason = proxyRes.statusMessage ?? '';
      const headers = { ...proxyRes.headers };
      removeHopByHopHeaders(headers);
      // Node's parser takes a status of 000 or 099 and a DEL in the reason phrase; its writer does not.
      checkFinalStatus(status, reason);
      checkHeaders(headers);
      responded = true;
      res.writeHead(status, reason, headers);
      proxyRes.on('data', () => settler.refresh());
      proxyRes.on('end', () =>
        guard(() => {
          if (Object.keys(proxyRes.trailers).length > 0) res.addTrailers(proxyRes.trailers);
        }),
      );
      // Upstream reset mid-body: the client must see a broken response, not a short "complete" one.
      proxyRes.on('close', () => {
        if (proxyRes.complete) return;
        settler.settle(new ProxyError('UPSTREAM_RESET'));
        res.destroy();
      });
      res.once('finish', () => settler.settle(undefined));
      proxyRes.pipe(res);
    };

    if (hasRequestBody(req)) req.on('data', () => settler.refresh());
    // Client gone before the answer: abort the upstream request too, so legacy stops working for nobody.
    res.once('close', () => {
      if (res.writableFinished) return;
      attempt?.destroy();
      settler.settle(undefined);
    });
    send();
  };

  return {
    forward,
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
