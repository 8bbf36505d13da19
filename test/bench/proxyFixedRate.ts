// Latency at a fixed request rate (open loop): requests are started on a schedule, not when the previous
// one answers, so a slow response cannot hide the queueing it causes. Microsecond timing, unlike
// autocannon's whole-millisecond histogram, because the target is "≤ 2 ms added".
import http from 'node:http';

export interface FixedRateResult {
  rate: number;
  sent: number;
  failed: number;
  p50Ms: number;
  p99Ms: number;
}

export async function latencyAtFixedRate(url: string, rate: number, durationMs: number): Promise<FixedRateResult> {
  // Enough sockets that a brief stall never makes requests wait for a free one (that would be our queue, not the proxy's).
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(url);
  const latencies: number[] = [];
  let failed = 0;
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  const total = Math.round((rate * durationMs) / 1_000);
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1_000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(
      new Promise<void>((resolve) => {
        const sentAt = performance.now();
        const req = http.get({ host: target.hostname, port: target.port, path: target.pathname, agent }, (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - sentAt);
            resolve();
          });
        });
        req.on('error', () => {
          failed++;
          resolve();
        });
      }),
    );
  }
  await Promise.all(inFlight);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { rate, sent: total, failed, p50Ms: round(at(0.5)), p99Ms: round(at(0.99)) };
}

const round = (ms: number) => Math.round(ms * 1_000) / 1_000;
