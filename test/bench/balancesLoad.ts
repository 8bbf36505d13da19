// Closed-loop load on GET /api/balances: `clients` keep-alive clients, each sending its next request as soon
// as the previous answer arrives, for `durationMs`. Reports requests per second and latency percentiles.
import { jsonClient, percentile } from './analyzeLoad.ts';

export interface BalancesResult {
  clients: number;
  requests: number;
  errors: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

export async function loadBalances(baseUrl: string, clients: number, durationMs: number): Promise<BalancesResult> {
  const client = jsonClient(baseUrl, clients);
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  const loop = async () => {
    while (performance.now() < deadline) {
      const sent = performance.now();
      const { status } = await client.call('GET', '/api/balances').catch(() => ({ status: 0 }));
      if (status === 200) latencies.push(performance.now() - sent);
      else errors++;
    }
  };
  await Promise.all(Array.from({ length: clients }, loop));
  const elapsedS = (performance.now() - started) / 1000;
  client.close();
  latencies.sort((a, b) => a - b);
  return {
    clients,
    requests: latencies.length,
    errors,
    rps: latencies.length / elapsedS,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}
