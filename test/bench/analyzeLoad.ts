// Submits N analyses together to one backend and polls each until it completes; measures per-task latency.
import { Agent, request } from 'node:http';

export interface LoadResult {
  n: number;
  allCompleteMs: number;
  p50Ms: number;
  p99Ms: number;
  failed: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** A tiny keep-alive JSON client, so connection setup does not dominate the measurements. */
export function jsonClient(baseUrl: string, maxSockets: number) {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const once = (method: string, path: string, body?: unknown) =>
    new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = request(
        baseUrl + path,
        {
          method,
          agent,
          headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {},
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString() || 'null') }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  // A pooled socket the server closed for idleness just as we reused it: retry a GET once on a fresh one.
  const call = (method: string, path: string, body?: unknown) =>
    once(method, path, body).catch((error: NodeJS.ErrnoException) => {
      if (method !== 'GET' || error.code !== 'ECONNRESET') throw error;
      return once(method, path, body);
    });
  return { call, close: () => agent.destroy() };
}

export async function runAnalyses(
  baseUrl: string,
  n: number,
  analysis: unknown,
  pollIntervalMs: number,
): Promise<LoadResult> {
  const client = jsonClient(baseUrl, Math.min(n, 100));
  const started = performance.now();
  const one = async () => {
    const submitted = performance.now();
    const accepted = await client.call('POST', '/api/analyze', analysis);
    if (accepted.status !== 202)
      throw new Error(`POST /api/analyze answered ${accepted.status}: ${JSON.stringify(accepted.body)}`);
    const taskId = (accepted.body as { task_id: string }).task_id;
    // Clients are not synchronized: each starts polling at its own phase within the interval.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * pollIntervalMs));
    for (;;) {
      const answer = await client.call('GET', `/api/status/${taskId}`).catch(() => undefined);
      const status = answer ? (answer.body as { status: string }).status : 'processing'; // a lost poll: try again
      if (status !== 'processing') return { ms: performance.now() - submitted, failed: status !== 'complete' };
      await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    }
  };
  const tasks = await Promise.all(Array.from({ length: n }, one));
  const allCompleteMs = performance.now() - started;
  client.close();
  const latencies = tasks.map((t) => t.ms).sort((a, b) => a - b);
  return {
    n,
    allCompleteMs,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    failed: tasks.filter((t) => t.failed).length,
  };
}
