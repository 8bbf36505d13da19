// `npx tsx test/bench/burstAtLegacy.ts`: what a burst does to a legacy that serves 4 requests at a time
// (a sync app with 4 workers, 20 ms per request), with the proxy's concurrency limit at 4 and effectively
// off (10,000). Prints the most requests and TCP connections legacy saw at once, and the clients' latency.
import type net from 'node:net';
import { Semaphore } from '../../services/domain/concurrency/semaphore.ts';
import { httpRequest } from '../helpers/httpClient.ts';
import { startProxy } from '../helpers/proxy.ts';
import { startUpstream } from '../helpers/upstream.ts';

const BURST = Number(process.env.BURST ?? 300);

async function run(maxConcurrent: number) {
  const workers = new Semaphore(4);
  let inFlight = 0;
  let maxInFlight = 0;
  let connections = 0;
  let maxConnections = 0;
  const legacy = await startUpstream(async (req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const release = await workers.acquire();
    req.resume();
    await new Promise((resolve) => setTimeout(resolve, 20));
    res.end('ok');
    release();
    inFlight--;
  });
  legacy.server.on('connection', (socket: net.Socket) => {
    connections++;
    maxConnections = Math.max(maxConnections, connections);
    socket.on('close', () => connections--);
  });
  const proxy = await startProxy({
    config: { backends: { legacy: { url: legacy.url, maxConcurrent, maxQueue: 10_000, queueTimeoutMs: 60_000 } } },
  });
  const started = performance.now();
  const latencies = await Promise.all(
    Array.from({ length: BURST }, async (_, i) => {
      const t = performance.now();
      const answer = await httpRequest(proxy.url, { path: `/burst/${i}` });
      if (answer.status !== 200) throw new Error(`status ${answer.status}`);
      return performance.now() - t;
    }),
  );
  const wallMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  await proxy.close();
  await legacy.close();
  return {
    maxConcurrent,
    burst: BURST,
    legacyMaxInFlight: maxInFlight,
    legacyMaxConnections: maxConnections,
    wallMs: Math.round(wallMs),
    p50Ms: Math.round(latencies[BURST >> 1]!),
    p99Ms: Math.round(latencies[Math.floor(BURST * 0.99)]!),
  };
}

for (const limit of [4, 10_000]) console.log(JSON.stringify(await run(limit)));
