// The soak's open-loop load: requests start on a fixed schedule (not when the previous one answers),
// alternating GET and POST /api/orders, and every answer is classified: a proxy-made 5xx carries the
// proxy's error body `{ error: { code } }` with a code from the proxy's error table.
import http from 'node:http';
import { PROXY_ERRORS } from '../../proxy/http/proxyErrors.ts';

export interface SoakLoadResult {
  sent: number;
  byStatus: Record<string, number>;
  proxyMade5xx: number;
  upstream5xx: number;
  /** Requests that got no HTTP answer, by error code (e.g. ECONNRESET). */
  connectionErrors: Record<string, number>;
  ordersAcknowledged: number;
}

/** Small enough that the store's cash never runs out over a long soak, so every valid order is placed. */
const ORDER = JSON.stringify({ symbol: 'AAPL', side: 'buy', type: 'market', quantity: 0.01 });

export async function runSoakLoad(proxyUrl: string, rate: number, durationMs: number): Promise<SoakLoadResult> {
  const target = new URL(proxyUrl);
  // Idle sockets are dropped before the proxy's 5 s keep-alive timeout would close them under a request.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64, timeout: 4_000 });
  const result: SoakLoadResult = {
    sent: 0,
    byStatus: {},
    proxyMade5xx: 0,
    upstream5xx: 0,
    connectionErrors: {},
    ordersAcknowledged: 0,
  };
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  const total = Math.round((rate * durationMs) / 1_000);
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1_000) / rate - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const post = i % 2 === 1;
    const request = send(target, agent, post, i).then((answer) => record(result, post, answer));
    inFlight.add(request);
    void request.finally(() => inFlight.delete(request));
    result.sent++;
  }
  await Promise.all(inFlight);
  agent.destroy();
  return result;
}

type Answer = { status: number; body: string } | { error: Error };

function send(target: URL, agent: http.Agent, post: boolean, i: number): Promise<Answer> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: post ? '/api/orders' : '/api/orders?page_size=5',
        method: post ? 'POST' : 'GET',
        agent,
        headers: { 'x-user-id': `soak-user-${i % 200}`, ...(post ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', (error) => resolve({ error }));
      },
    );
    req.on('error', (error) => resolve({ error }));
    req.end(post ? ORDER : undefined);
  });
}

function record(result: SoakLoadResult, post: boolean, answer: Answer): void {
  if ('error' in answer) {
    const code = (answer.error as NodeJS.ErrnoException).code ?? answer.error.message;
    result.connectionErrors[code] = (result.connectionErrors[code] ?? 0) + 1;
    return;
  }
  result.byStatus[answer.status] = (result.byStatus[answer.status] ?? 0) + 1;
  if (post && answer.status === 201) result.ordersAcknowledged++;
  if (answer.status >= 500) {
    if (isProxyError(answer.body)) result.proxyMade5xx++;
    else result.upstream5xx++;
  }
}

function isProxyError(body: string): boolean {
  try {
    const code = (JSON.parse(body) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' && code in PROXY_ERRORS;
  } catch {
    return false;
  }
}
