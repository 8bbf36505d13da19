// The fast path: bodiless requests without `Expect` go over undici's Pool.dispatch, about half the CPU
// per request of a node:http client (README "Benchmarks"). Same guarantees as the node:http path: status
// line, headers (every Set-Cookie), trailers and 103 Early Hints relayed, backpressure both ways, aborts
// propagated, silence timer, one retry of an idempotent request whose connection closed before any byte.
import { validateHeaderName, validateHeaderValue, type IncomingMessage, type ServerResponse } from 'node:http';
import { Pool, type Dispatcher } from 'undici';
import { removeHopByHopHeaders } from '../pipeline/passes/stripHopByHop.ts';
import { ProxyError, upstreamErrorCode } from '../proxyErrors.ts';
import { createSettler, originForm, type ForwardFn } from './forwardTypes.ts';
import { isRetryableReset } from './retryPolicy.ts';

export interface UndiciForwarder {
  forward: ForwardFn;
  close(): void;
}

export function createUndiciForwarder(options: { idleMs: number; connectTimeoutMs: number; maxSockets: number }): UndiciForwarder {
  const pools = new Map<string, Pool>();
  const poolFor = (origin: string) => {
    let pool = pools.get(origin);
    if (!pool) {
      // keepAliveMaxTimeout caps legacy's own Keep-Alive hint, so an idle socket is dropped before legacy drops it.
      pool = new Pool(origin, { connections: options.maxSockets, keepAliveTimeout: options.idleMs, keepAliveMaxTimeout: options.idleMs, connect: { timeout: options.connectTimeoutMs } });
      pools.set(origin, pool);
    }
    return pool;
  };

  const forward: ForwardFn = (req, res, upstream, done) => {
    let abortAttempt: ((reason?: Error) => void) | undefined;
    let retried = false;
    const settler = createSettler(upstream, done, (error) => abortAttempt?.(error));
    const headers = requestHeaders(req);

    const send = () => {
      let responded = false;
      const handler: Dispatcher.DispatchHandlers = {
        onConnect: (abort) => {
          abortAttempt = abort;
          if (settler.settled) abort();
        },
        onHeaders: (status, rawHeaders, resume, statusText) => {
          if (status < 200) return relayEarlyHints(status, rawHeaders, res);
          if (settler.settled || res.headersSent) {
            abortAttempt?.(); // already answered (timeout) or taken over: free the connection
            return false;
          }
          responded = true;
          const out = headersOf(rawHeaders);
          removeHopByHopHeaders(out);
          // undici's parser is lenient (e.g. a space inside a header name); Node's is not. Check before
          // anything is written, so a bad response becomes a clean 502.
          const invalid = invalidHeader(out);
          if (invalid) {
            settler.settle(new ProxyError('UPSTREAM_INVALID_RESPONSE', { cause: invalid }));
            abortAttempt?.(invalid);
            return false;
          }
          res.writeHead(status, statusText, out);
          res.on('drain', resume);
          return true;
        },
        onData: (chunk) => {
          settler.refresh();
          return res.write(chunk);
        },
        onComplete: (trailers) => {
          if (trailers && trailers.length > 0) res.addTrailers(headersOf(trailers));
          res.end();
          settler.settle(undefined);
        },
        onError: (error) => {
          if (settler.settled) return;
          if (res.destroyed && !res.writableFinished) return settler.settle(undefined); // the client left: not an upstream fault
          // undici does not say whether the socket was pooled; replaying a bodiless idempotent request is safe either way.
          if (!retried && !responded && isRetryableReset(error, req, true)) {
            retried = true;
            return send();
          }
          settler.settle(new ProxyError(responded ? 'UPSTREAM_RESET' : upstreamErrorCode(error), { cause: error }));
        },
      };
      poolFor(upstream.url.origin).dispatch({ method: (req.method ?? 'GET') as Dispatcher.HttpMethod, path: originForm(req.url ?? '/'), headers, headersTimeout: 0, bodyTimeout: 0 }, handler);
    };

    // Client gone before the answer: abort the upstream request too, so legacy stops working for nobody.
    res.once('close', () => {
      if (res.writableFinished) return;
      abortAttempt?.();
      settler.settle(undefined);
    });
    send();
  };

  return {
    forward,
    close() {
      for (const pool of pools.values()) void pool.destroy();
      pools.clear();
    },
  };
}

/** undici sets Connection itself and refuses a caller's; the hop-by-hop pass already removed the rest. */
function requestHeaders(req: IncomingMessage): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && name !== 'connection') headers[name] = value;
  return headers;
}

/** Raw header pairs to a header object; repeated names (Set-Cookie) stay separate values, in order. */
function headersOf(raw: ReadonlyArray<Buffer | string>): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  const text = (part: Buffer | string) => (typeof part === 'string' ? part : part.toString('latin1'));
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = text(raw[i]!).toLowerCase();
    const value = text(raw[i + 1]!);
    const prior = headers[name];
    headers[name] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
  }
  return headers;
}

function invalidHeader(headers: Record<string, string | string[]>): Error | undefined {
  try {
    for (const [name, value] of Object.entries(headers)) {
      validateHeaderName(name);
      for (const one of Array.isArray(value) ? value : [value]) validateHeaderValue(name, one);
    }
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

/** 103 Early Hints are relayed (Node can only write them with a Link header); other 1xx are dropped. */
function relayEarlyHints(status: number, raw: ReadonlyArray<Buffer | string>, res: ServerResponse): boolean {
  const { link, ...rest } = headersOf(raw);
  if (status === 103 && link !== undefined && !res.headersSent) res.writeEarlyHints({ ...rest, link });
  return true;
}
