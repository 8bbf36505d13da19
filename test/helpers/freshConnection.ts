// One request on its own new TCP connection, so node:cluster's round robin spreads requests across workers.
import http from 'node:http';

export function getOnFreshConnection(
  url: string,
): Promise<{ status: number; backend: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false, headers: { connection: 'close' } }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            backend: res.headers['x-strangler-backend'] as string | undefined,
            body,
          }),
        );
      })
      .on('error', reject);
  });
}

/**
 * Pids of the workers that logged a request line since `from` (index into the log list). Log lines are
 * buffered (written every 4 KiB or 250 ms), so this waits until `requests` request lines have arrived.
 */
export async function servingWorkers(
  logs: Array<Record<string, unknown>>,
  from: number,
  requests: number,
): Promise<Set<unknown>> {
  const requestLines = () => logs.slice(from).filter((line) => line.status !== undefined && line.worker !== undefined);
  for (let waited = 0; requestLines().length < requests && waited < 5_000; waited += 50)
    await new Promise((resolve) => setTimeout(resolve, 50));
  return new Set(requestLines().map((line) => line.worker));
}
