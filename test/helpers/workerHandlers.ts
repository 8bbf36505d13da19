// Shared by the tests of where in-process handlers run under --workers: a config with three handler routes,
// the primary's log lines that say where they run, and one request per connection with the worker that served it.
import http from 'node:http';
import { waitForLog, type SpawnedStrangler } from './spawnStrangler.ts';

export const CONFIG = {
  backends: { legacy: { url: 'http://127.0.0.1:9' } }, // unused: every route is fully on new
  routes: [
    { id: 'status', match: { methods: ['GET'], path: '/api/status' }, new: { handler: 'status' }, weight: 100 },
    { id: 'orders', match: { methods: ['GET', 'POST'], path: '/api/orders' }, new: { handler: 'orders' }, weight: 100 },
    {
      id: 'portfolio-ws',
      match: { methods: ['GET'], path: '/ws/portfolio' },
      new: { handler: 'portfolio-ws' },
      weight: 100,
    },
  ],
};
export const IN_WORKERS = 'new handlers run in every worker on the DATABASE_URL store';
export const IN_PRIMARY = 'new handlers run in the primary; workers reach them over loopback';

export interface Answer {
  status: number;
  backend: unknown;
  requestId: string;
  body: string;
}

/** One request on its own connection (node:cluster hands each new connection to the next worker). */
export function request(url: string, method = 'GET', body?: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = { connection: 'close', ...(payload ? { 'content-type': 'application/json' } : {}) };
    const req = http.request(url, { method, agent: false, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          backend: res.headers['x-strangler-backend'],
          requestId: String(res.headers['x-request-id']),
          body: text,
        }),
      );
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** The pid of the worker that logged the request line of `answer`. */
export async function servedBy(strangler: SpawnedStrangler, answer: Answer): Promise<unknown> {
  const line = await waitForLog(strangler, (l) => l.requestId === answer.requestId && l.status !== undefined, 5_000);
  return line.worker;
}
