// Child-process entry for the proxy benchmark: starts one target server on 127.0.0.1 port 0 and reports
// its URL over IPC, so the load generator, legacy and each proxy run in separate processes.
//   legacy            the small GET every path serves (a 256-byte JSON body)
//   strangler         Strangler in front of LEGACY_URL; route /bench at weight BENCH_WEIGHT (0 ⇒ legacy, 100 ⇒ in-process handler)
//   http-proxy        the reference: a plain http-proxy server with a keep-alive agent
//   strangler with BENCH_COMPILED=1: the same, but the proxy's code is the compiled build in dist/ (`npm run build`)
//   fastify           the feature-comparable peer (test/bench/fastifyPeer.ts)
//   undici            the floor: a bare undici Pool.dispatch forwarder with none of Strangler's per-request
//                     work (no routing, ids, X-Forwarded-*, metrics, logs, timers), as cheap as forwarding gets
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import httpProxy from 'http-proxy';
import { Pool, type Dispatcher } from 'undici';
import { Registry } from 'prom-client';
import { handlerRegistry } from '../../proxy/forward/handlers.ts';
import { createLogger, startStrangler } from '../../proxy/start.ts';
import { snapshotOf } from '../helpers/proxy.ts';
import { startFastifyPeer } from './fastifyPeer.ts';
import { startGcMeter } from './gcMeter.ts';

// BENCH_DIST_DIR: another compiled build (a copy of dist/ from before a change) for a same-run A/B (buildAb.ts).
const COMPILED_START = process.env.BENCH_DIST_DIR
  ? pathToFileURL(`${process.env.BENCH_DIST_DIR}/proxy/start.js`).href
  : new URL('../../dist/proxy/start.js', import.meta.url).href;

export const BENCH_BODY = JSON.stringify({
  symbol: 'AAPL',
  price: 189.84,
  currency: 'USD',
  ts: '2024-05-01T12:00:00Z',
  pad: 'x'.repeat(170),
});

const answerSmallJson = (_req: http.IncomingMessage, res: http.ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BENCH_BODY) });
  res.end(BENCH_BODY);
};

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function start(kind: string): Promise<string> {
  const legacyUrl = process.env.LEGACY_URL ?? '';
  if (kind === 'legacy') {
    const server = http.createServer(answerSmallJson);
    server.keepAliveTimeout = 5_000;
    return listen(server);
  }
  if (kind === 'http-proxy') {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
    const proxy = httpProxy.createProxyServer({ target: legacyUrl, agent });
    proxy.on('error', (_error, _req, res) => (res as http.ServerResponse).destroy());
    return listen(http.createServer((req, res) => proxy.web(req, res)));
  }
  if (kind === 'fastify') return startFastifyPeer(legacyUrl);
  if (kind === 'undici') return listen(http.createServer(bareUndiciForwarder(legacyUrl)));
  const handlers = handlerRegistry({ bench: answerSmallJson });
  // BENCH_NEW_URL: new is an HTTP upstream (`new: { url }`) instead of the in-process handler;
  // BENCH_SHADOW=1: legacy serves, every request is also copied to new and compared;
  // BENCH_LOG_REQUESTS: the route file's `log.requests` (all | errors | off);
  // BENCH_TRACING=1: `tracing` on, every request sampled, spans exported to legacy's /v1/traces (another process).
  const shadow =
    process.env.BENCH_SHADOW === '1' ? { phase: 'shadow', shadow: { sampleRate: 1, calibrationSamples: 0 } } : {};
  const newBackend = process.env.BENCH_NEW_URL ? { url: process.env.BENCH_NEW_URL } : { handler: 'bench' };
  const config = {
    backends: { legacy: { url: legacyUrl } },
    log: { requests: process.env.BENCH_LOG_REQUESTS ?? 'all' },
    ...(process.env.BENCH_TRACING === '1'
      ? { tracing: { otlp: { url: `${legacyUrl}/v1/traces` }, sampleRate: 1 } }
      : {}),
    routes: [
      {
        id: 'bench',
        match: { path: '/bench', methods: ['GET'] },
        new: newBackend,
        weight: Number(process.env.BENCH_WEIGHT ?? 0),
        ...shadow,
      },
    ],
  };
  // The compiled build runs the proxy's code without tsx (no keepNames `__name` calls); this file's glue stays under tsx.
  const proxyStart: typeof import('../../proxy/start.ts') =
    process.env.BENCH_COMPILED === '1' ? await import(COMPILED_START) : { createLogger, startStrangler };
  // Logging stays on (one JSON line per request, the production logger), written to this child's stdout.
  const strangler = await proxyStart.startStrangler({
    snapshot: snapshotOf(config, handlers),
    handlers,
    logger: proxyStart.createLogger(process.env.LOG_LEVEL ?? 'info'),
    registry: new Registry(),
    listen: { host: '127.0.0.1', port: 0 },
    admin: { host: '127.0.0.1', port: 0 },
    adminTokens: [],
  });
  return strangler.proxyUrl;
}

function bareUndiciForwarder(target: string): http.RequestListener {
  const pool = new Pool(target, { connections: 512 });
  return (req, res) => {
    const headers: string[] = [];
    for (const name in req.headers) if (name !== 'connection') headers.push(name, String(req.headers[name]));
    pool.dispatch(
      { method: req.method as Dispatcher.HttpMethod, path: req.url ?? '/', headers },
      {
        onConnect() {},
        onHeaders(status, raw) {
          const out: string[] = [];
          for (let i = 0; i < raw.length; i += 2) {
            const name = raw[i]!.toString('latin1');
            if (!/^(connection|keep-alive)$/i.test(name)) out.push(name, raw[i + 1]!.toString('latin1'));
          }
          res.writeHead(status, out);
          return true;
        },
        onData: (chunk) => res.write(chunk),
        onComplete: () => res.end(),
        onError: () => res.destroy(),
      },
    );
  };
}

// GC time, minor collections and promoted bytes since start, read by the bench around each run.
const gc = startGcMeter();

const url = await start(process.env.BENCH_TARGET ?? 'legacy');
// A normal exit (not a kill) lets `--cpu-prof` write its profile when profiling a target.
process.on('message', (message) => {
  if (message === 'stop') process.exit(0);
  // CPU time is the machine-independent cost: on a shared, loaded machine req/s mostly measures contention.
  if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send!({ cpuMicros: user + system });
  }
  if (message === 'gc') process.send!({ gc: gc.read() });
});
process.send!({ url });
