// The fast path: bodiless requests without `Expect` go over undici's Pool.dispatch, about half the CPU
// per request of a node:http client (docs/BENCHMARKS.md "Proxy overhead"). Same guarantees as the node:http path: status
// line, headers (every Set-Cookie), trailers and 103 Early Hints relayed, backpressure both ways, aborts
// propagated, silence timer, one retry of an idempotent request whose connection closed before any byte.
// Written for the hot path (measured with test/bench/legacyPathAb.ts): one handler object per request
// whose callbacks live on the prototype, header lists converted in a single pass, no per-request URL work.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Pool, type Dispatcher } from 'undici';
import { connectionRemovable, HOP_BY_HOP_HEADERS } from '../http/hopByHop.ts';
import { ProxyError, upstreamErrorCode } from '../http/proxyErrors.ts';
import { originForm } from '../http/requestTarget.ts';
import type { Upstream } from '../routing/routeTable.ts';
import { relayInformational } from './informational.ts';
import { checkFinalStatus, checkHeaders, failureOf } from './responseCheck.ts';
import { Settler, type ForwardOutcome, type Forwarder } from './forwardTypes.ts';
import { isRetryableReset } from './retryPolicy.ts';

export function createUndiciForwarder(options: {
  idleMs: number;
  connectTimeoutMs: number;
  maxSockets: number;
}): Forwarder {
  const pools = new Map<string, Pool>();
  // Upstream objects live as long as their config snapshot; remembering each one's pool skips the URL
  // origin getter (a native call) on every request.
  const poolOfUpstream = new WeakMap<Upstream, Pool>();
  const poolFor = (upstream: Upstream) => {
    let pool = poolOfUpstream.get(upstream);
    if (pool) return pool;
    const origin = upstream.url.origin;
    pool = pools.get(origin);
    if (!pool) {
      // keepAliveMaxTimeout caps legacy's own Keep-Alive hint, so an idle socket is dropped before legacy drops it.
      pool = new Pool(origin, {
        connections: options.maxSockets,
        keepAliveTimeout: options.idleMs,
        keepAliveMaxTimeout: options.idleMs,
        connect: { timeout: options.connectTimeoutMs },
      });
      pools.set(origin, pool);
    }
    poolOfUpstream.set(upstream, pool);
    return pool;
  };

  return {
    forward: (req, res, upstream, done) => new UndiciExchange(req, res, poolFor(upstream), upstream, done).send(),
    close() {
      for (const pool of pools.values()) void pool.destroy();
      pools.clear();
    },
  };
}

/** One client request's trip through undici: the dispatch handler, plus the client-side close watch. */
class UndiciExchange implements Dispatcher.DispatchHandler {
  private abortAttempt: ((reason?: Error) => void) | undefined = undefined;
  private resume: (() => void) | undefined = undefined;
  private responded = false;
  private retried = false;
  private readonly settler: Settler;
  private readonly headers: string[];

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly pool: Pool,
    upstream: Upstream,
    done: ForwardOutcome,
  ) {
    this.settler = new Settler(upstream, done, (error) => this.abortAttempt?.(error));
    this.headers = requestHeaders(req);
    // Client gone before the answer: abort the upstream request too, so legacy stops working for nobody.
    res.once('close', () => {
      if (res.writableFinished) return;
      this.abortAttempt?.();
      this.settler.settle(undefined);
    });
  }

  send(): void {
    const req = this.req;
    this.pool.dispatch(
      {
        method: (req.method ?? 'GET') as Dispatcher.HttpMethod,
        path: originForm(req.url ?? '/'),
        headers: this.headers,
        headersTimeout: 0,
        bodyTimeout: 0,
      },
      this,
    );
  }

  onConnect(abort: (reason?: Error) => void): void {
    this.abortAttempt = abort;
    if (this.settler.settled) abort();
  }

  onHeaders(status: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean {
    const res = this.res;
    if (this.settler.settled || res.headersSent) {
      this.abortAttempt?.(); // already answered (timeout) or taken over: free the connection
      return false;
    }
    // undici's parser is lenient (a space inside a header name, status 000); Node's writer is not. The
    // whole head is checked before anything is written, so a bad response becomes a clean 502.
    let headers: Record<string, string | string[]>;
    try {
      if (status >= 100 && status < 200) {
        relayInformational(status, headersOf(rawHeaders), res, false);
        return true;
      }
      checkFinalStatus(status, statusText);
      headers = responseHeaders(rawHeaders);
    } catch (invalid) {
      return this.fail(invalid);
    }
    this.responded = true;
    try {
      res.writeHead(status, statusText, headers);
    } catch (unexpected) {
      return this.fail(unexpected);
    }
    this.resume = resume;
    return true;
  }

  onData(chunk: Buffer): boolean {
    try {
      this.settler.refresh();
      const flowing = this.res.write(chunk);
      if (!flowing) this.res.once('drain', this.resume!);
      return flowing;
    } catch (unexpected) {
      return this.fail(unexpected);
    }
  }

  onComplete(trailers: string[] | null): void {
    try {
      if (trailers && trailers.length > 0) this.res.addTrailers(headersOf(trailers));
      this.res.end();
      this.settler.settle(undefined);
    } catch (unexpected) {
      this.fail(unexpected);
    }
  }

  onError(error: Error): void {
    const { settler, res } = this;
    if (settler.settled) return;
    if (res.destroyed && !res.writableFinished) return settler.settle(undefined); // the client left: not an upstream fault
    // undici refuses a 101 nobody asked for with this socket error (it has no code of its own): answer
    // the same 502 node:http does, and never retry it.
    if (error.message === 'bad upgrade') {
      return settler.settle(new ProxyError('UPSTREAM_INVALID_RESPONSE', { cause: error }));
    }
    // undici does not say whether the socket was pooled; replaying a bodiless idempotent request is safe either way.
    if (!this.retried && !this.responded && isRetryableReset(error, this.req, true)) {
      this.retried = true;
      return this.send();
    }
    settler.settle(new ProxyError(this.responded ? 'UPSTREAM_RESET' : upstreamErrorCode(error), { cause: error }));
  }

  /**
   * Ends the exchange on a throw inside a callback (undici would swallow it and leave the client waiting):
   * an invalid upstream head is a 502, anything else the proxy's own 500; once headers are out the
   * outcome handler destroys the client connection instead.
   */
  private fail(error: unknown): false {
    this.settler.settle(failureOf(error));
    this.abortAttempt?.(error instanceof Error ? error : new Error(String(error)));
    return false;
  }
}

/** Flat name/value list for undici. undici sets Connection itself and refuses a caller's; the hop-by-hop pass already removed the rest. */
function requestHeaders(req: IncomingMessage): string[] {
  const list: string[] = [];
  const headers = req.headers;
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || name === 'connection') continue;
    if (typeof value === 'string') list.push(name, value);
    else for (const one of value) list.push(name, one);
  }
  return list;
}

/**
 * The upstream's header list as Node's writeHead takes it, in one pass: hop-by-hop headers and those the
 * Connection header names are left out, every name and value is checked as Node would (throws
 * InvalidUpstreamHead on the first invalid one), and repeated names (Set-Cookie) stay separate values,
 * in order.
 */
function responseHeaders(raw: ReadonlyArray<Buffer | string>): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  let connectionNamed: string | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = text(raw[i]!).toLowerCase();
    const value = text(raw[i + 1]!);
    if (HOP_BY_HOP_HEADERS.has(name)) {
      if (name === 'connection')
        connectionNamed = connectionNamed === undefined ? value : `${connectionNamed},${value}`;
      continue;
    }
    appendHeader(headers, name, value);
  }
  if (connectionNamed !== undefined) {
    for (const name of connectionRemovable(connectionNamed)) delete headers[name];
  }
  checkHeaders(headers);
  return headers;
}

/** Raw header pairs to a header object, without filtering (trailers, Early Hints). */
function headersOf(raw: ReadonlyArray<Buffer | string>): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) appendHeader(headers, text(raw[i]!).toLowerCase(), text(raw[i + 1]!));
  return headers;
}

function appendHeader(headers: Record<string, string | string[]>, name: string, value: string): void {
  const prior = headers[name];
  if (prior === undefined) headers[name] = value;
  else if (Array.isArray(prior)) prior.push(value);
  else headers[name] = [prior, value];
}

function text(part: Buffer | string): string {
  return typeof part === 'string' ? part : part.toString('latin1');
}
