// `npm run bench:workers`: proxy throughput with --workers 1 vs --workers N (default: CPU cores), each a
// real `proxy/main.ts` process in front of the same tiny upstream, loaded by autocannon on 127.0.0.1.
// Writes bench/results/workers.json. BENCH_SECONDS (default 10), BENCH_WORKERS (default cores).
import http from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { spawnStrangler } from '../helpers/spawnStrangler.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? (process.env.BENCH_QUICK ? 5 : 10));
const WORKERS = Number(process.env.BENCH_WORKERS ?? availableParallelism());
const CONNECTIONS = 64;
const RESULT_FILE = fileURLToPath(new URL('../../bench/results/workers.json', import.meta.url));

const upstream = http.createServer((_req, res) => res.end('ok'));
await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;

async function measure(workers: number) {
  const strangler = await spawnStrangler({ backends: { legacy: { url: upstreamUrl } } }, [
    '--workers',
    String(workers),
  ]);
  try {
    // Silence per-request logs so the measurement is of proxying, not of writing to a pipe nobody reads.
    strangler.child.stdout?.removeAllListeners('data').resume();
    await load(strangler.proxyUrl, 2); // warm-up
    const result = await load(strangler.proxyUrl, SECONDS);
    return {
      workers,
      requestsPerSecond: Math.round(result.requests.average),
      latencyP50Ms: result.latency.p50,
      latencyP99Ms: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors,
    };
  } finally {
    strangler.child.kill('SIGTERM');
    await strangler.exited;
  }
}

function load(url: string, duration: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url: `${url}/bench`, connections: CONNECTIONS, duration }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

const runs = [await measure(1), await measure(WORKERS)];
upstream.close();
const result = {
  measuredAt: new Date().toISOString(),
  cpuCores: availableParallelism(),
  secondsPerRun: SECONDS,
  connections: CONNECTIONS,
  note: 'load generator, upstream and proxy share the same cores; on a busy machine the ratio understates what N workers give',
  runs,
  speedup: Math.round((runs[1]!.requestsPerSecond / runs[0]!.requestsPerSecond) * 100) / 100,
};
mkdirSync(fileURLToPath(new URL('../../bench/results', import.meta.url)), { recursive: true });
writeFileSync(RESULT_FILE, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
