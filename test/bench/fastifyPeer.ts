// The feature-comparable Node peer for the proxy benchmark: fastify 5 + @fastify/http-proxy (undici,
// pooled keep-alive upstream connections) + one pino JSON line per request + a prom-client request counter
// and latency histogram — the per-request work Strangler's legacy path does, in another framework.
// The log line is written through the same kind of buffered destination Strangler's logger uses (4 KiB
// or 250 ms), so the comparison is of the proxies, not of their log writes.
import proxy from '@fastify/http-proxy';
import Fastify from 'fastify';
import pino from 'pino';
import { Counter, Histogram, Registry } from 'prom-client';

export async function startFastifyPeer(upstream: string): Promise<string> {
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  setInterval(() => destination.flush(), 250).unref();
  const log = pino({ level: 'info' }, destination);
  const registry = new Registry();
  const labelNames = ['route', 'method', 'status'] as const;
  const requests = new Counter({ name: 'peer_requests_total', help: 'requests', labelNames, registers: [registry] });
  const duration = new Histogram({
    name: 'peer_request_duration_seconds',
    help: 'latency',
    labelNames,
    registers: [registry],
  });

  // fastify's own request logging (two lines per request) stays off; the onResponse hook writes one, as Strangler does.
  const app = Fastify({ logger: false });
  app.addHook('onResponse', (request, reply, done) => {
    const labels = { route: 'bench', method: request.method, status: String(reply.statusCode) };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
    log.info(
      { reqId: request.id, method: request.method, path: request.url, status: reply.statusCode, ms: reply.elapsedTime },
      'request',
    );
    done();
  });
  await app.register(proxy, { upstream, http2: false });
  return app.listen({ host: '127.0.0.1', port: 0 });
}
