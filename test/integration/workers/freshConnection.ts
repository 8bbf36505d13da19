// One request on its own new TCP connection, so node:cluster's round robin spreads requests across workers.
import http from 'node:http';

export function getOnFreshConnection(url: string): Promise<{ status: number; backend: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false, headers: { connection: 'close' } }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, backend: res.headers['x-strangler-backend'] as string | undefined, body }));
      })
      .on('error', reject);
  });
}

/** Pids of the workers that logged a request line since `from` (index into the log list). */
export function servingWorkers(logs: Array<Record<string, unknown>>, from = 0): Set<unknown> {
  return new Set(logs.slice(from).filter((line) => line.status !== undefined && line.worker !== undefined).map((line) => line.worker));
}
