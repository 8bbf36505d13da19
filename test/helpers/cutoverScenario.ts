// A mid-cutover proxy for the dashboard tests: two canary routes split between a fast, mostly healthy legacy
// upstream and a new handler that is slower and fails more, so every comparison has data on both sides
// and the "new is worse" alerts have something to fire on. GETs that reach new fail and fall back to legacy;
// a third route is in shadow phase, so new's answers are compared with legacy's. With `p99Routes`, two
// more canary routes stage the p99 comparison alone (new never fails on them): on one new is far slower
// than legacy, on the other both backends take the same time.
import type { AdminToken } from '../../proxy/admin/tokens.ts';
import { handlerRegistry } from '../../proxy/forward/handlers.ts';
import { startProxy, type TestProxy } from './proxy.ts';
import { startUpstream, type TestUpstream } from './upstream.ts';

const LEGACY_FAILS_EVERY = 20; // 5 % 5xx
const NEW_FAILS_EVERY = 5; // 20 % 5xx (HANDLER_FAILED)
/** Far enough above legacy that histogram buckets and a busy machine cannot blur the p99 comparison. */
const NEW_DELAY_MS = 500;
export const ROUTE_IDS = ['orders', 'balances', 'quotes'] as const;
/**
 * New's delay on the `positions` route, where legacy answers at once: NEW_DELAY_MS again, for the same
 * reason. On a starved machine legacy's p99 is no longer small: its requests pay the queueing of every
 * request in the process, while new's mostly wait on a timer, so new stays ahead only by about the delay.
 */
const P99_NEW_DELAY_MS = NEW_DELAY_MS;
/**
 * On the `prices` route both backends wait this long. Both answering at once would not do: their p99s
 * would be a few milliseconds of queueing noise, and either could be twice the other. Around a shared
 * 250 ms, new is only flagged if its slowest requests wait 125 ms more than legacy's, which pay the extra
 * hop to the upstream on top.
 */
const P99_EQUAL_DELAY_MS = 250;
export const P99_ROUTES = {
  /**
   * A 20 % canary, so legacy has four times new's requests: its p99 then leaves out its few slowest
   * (one request held up by the machine cannot make it), while new's p99 is its slowest, delay included.
   */
  newSlower: { id: 'positions', path: '/api/positions', weight: 20, newDelayMs: P99_NEW_DELAY_MS },
  equal: { id: 'prices', path: '/api/prices', weight: 50, delayMs: P99_EQUAL_DELAY_MS },
} as const;
/** Every n-th shadow answer of new differs from legacy's. */
const SHADOW_MISMATCH_EVERY = 4;

export interface CutoverScenario {
  proxy: TestProxy;
  legacy: TestUpstream;
  /** Every route's id in config order (the dashboard's card order). */
  routeIds: string[];
  close(): Promise<void>;
}

export interface CutoverScenarioOptions {
  /** Defaults to none (an open admin API on loopback). */
  adminTokens?: AdminToken[];
  /** Adds the P99_ROUTES after the other routes. */
  p99Routes?: boolean;
}

export async function startCutoverScenario(options: CutoverScenarioOptions = {}): Promise<CutoverScenario> {
  let legacyCount = 0;
  const legacy = await startUpstream((req, res) => {
    legacyCount += 1;
    const status = legacyCount % LEGACY_FAILS_EVERY === 0 ? 500 : 200;
    const answer = () => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end('{"backend":"legacy"}');
    };
    if (req.url === P99_ROUTES.equal.path) setTimeout(answer, P99_ROUTES.equal.delayMs);
    else answer();
  });
  let newCount = 0;
  let shadowCount = 0;
  const handlers = handlerRegistry({
    shadowedQuotes: (_req, res) => {
      shadowCount += 1;
      res.setHeader('content-type', 'application/json');
      res.end(shadowCount % SHADOW_MISMATCH_EVERY === 0 ? '{"backend":"new"}' : '{"backend":"legacy"}');
    },
    slowAndFlaky: (req, res, done) => {
      // A GET fails at once, so legacy answers it (fallback) without adding new's delay to legacy's latency.
      if (req.method === 'GET') return done(new Error('new handler refuses GET on purpose'));
      newCount += 1;
      const fail = newCount % NEW_FAILS_EVERY === 0;
      setTimeout(() => {
        if (fail) return done(new Error('new handler failed on purpose'));
        res.setHeader('content-type', 'application/json');
        res.end('{"backend":"new"}');
      }, NEW_DELAY_MS);
    },
    // Never fail, so their cards can only turn red for p99.
    slowButHealthy: (_req, res) => {
      setTimeout(() => {
        res.setHeader('content-type', 'application/json');
        res.end('{"backend":"new"}');
      }, P99_ROUTES.newSlower.newDelayMs);
    },
    asSlowAsLegacy: (_req, res) => {
      setTimeout(() => {
        res.setHeader('content-type', 'application/json');
        res.end('{"backend":"new"}');
      }, P99_ROUTES.equal.delayMs);
    },
  });
  const routes: Record<string, unknown>[] = [
    { id: 'orders', match: { path: '/api/orders/*' }, new: { handler: 'slowAndFlaky' }, weight: 50 },
    { id: 'balances', match: { path: '/api/balances' }, new: { handler: 'slowAndFlaky' }, weight: 20 },
    // Legacy answers every request; new gets a shadow copy of each GET, compared and thrown away.
    {
      id: 'quotes',
      match: { methods: ['GET'], path: '/api/quotes' },
      new: { handler: 'shadowedQuotes' },
      weight: 0,
      phase: 'shadow',
      shadow: { calibrationSamples: 0 },
    },
  ];
  if (options.p99Routes) {
    routes.push(
      {
        id: P99_ROUTES.newSlower.id,
        match: { path: P99_ROUTES.newSlower.path },
        new: { handler: 'slowButHealthy' },
        weight: P99_ROUTES.newSlower.weight,
      },
      {
        id: P99_ROUTES.equal.id,
        match: { path: P99_ROUTES.equal.path },
        new: { handler: 'asSlowAsLegacy' },
        weight: P99_ROUTES.equal.weight,
      },
    );
  }
  const proxy = await startProxy({
    handlers,
    start: { adminTokens: options.adminTokens ?? [] },
    config: {
      backends: { legacy: { url: legacy.url } },
      sticky: { key: ['header:x-user-id'] },
      routes,
    },
  });
  // Unmatched requests (route "unmatched", outside every card and panel) open the keep-alive connections
  // and warm the code paths, so first-connection latency does not become the measured legacy p99.
  await sendTraffic(proxy.url, { maxRequests: 64, concurrency: 16, path: '/warm-up' });
  return {
    proxy,
    legacy,
    routeIds: routes.map((route) => route.id as string),
    async close() {
      await proxy.close();
      await legacy.close();
    },
  };
}

export interface TrafficCounts {
  legacy: number;
  new: number;
}

export interface TrafficOptions {
  maxRequests: number;
  concurrency?: number;
  path?: string;
  /** Every n-th request is a GET, which legacy answers instead when new fails (fallback); the rest are POSTs, never replayed. */
  getEvery?: number;
  signal?: AbortSignal;
}

/**
 * Sends requests from distinct clients over both routes until `signal` aborts or `maxRequests` is reached.
 * POST by default, so a failure of new reaches the client and its metrics instead of being hidden by fallback.
 */
export async function sendTraffic(proxyUrl: string, options: TrafficOptions): Promise<TrafficCounts> {
  const counts: TrafficCounts = { legacy: 0, new: 0 };
  let next = 0;
  const worker = async () => {
    while (next < options.maxRequests && !options.signal?.aborted) {
      const n = next++;
      const path = options.path ?? pathFor(n);
      const method = path === '/api/quotes' || (options.getEvery && n % options.getEvery === 0) ? 'GET' : 'POST';
      const res = await fetch(proxyUrl + path, { method, headers: { 'x-user-id': `client-${n}` } });
      await res.arrayBuffer();
      const backend = res.headers.get('x-strangler-backend');
      if (backend === 'legacy' || backend === 'new') counts[backend] += 1;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return counts;
}

/** Half of the traffic to orders, a quarter each to balances and (shadowed) quotes. */
function pathFor(n: number): string {
  return ['/api/orders/' + n, '/api/orders/' + n, '/api/balances', '/api/quotes'][n % 4]!;
}

/** Keeps traffic flowing in the background (bounded by `maxRequests`) until the returned stop() is called. */
export function backgroundTraffic(
  proxyUrl: string,
  options: Omit<TrafficOptions, 'signal'>,
): { stop(): Promise<TrafficCounts> } {
  const controller = new AbortController();
  const running = sendTraffic(proxyUrl, { concurrency: 12, ...options, signal: controller.signal });
  return {
    async stop() {
      controller.abort();
      return running;
    },
  };
}
