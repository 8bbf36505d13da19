// A PUT with a small body on an idempotent route: when new fails, legacy gets the very same body; a body
// too large to hold, a chunked one, or one on a non-idempotent route is never replayed.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { handlerRegistry } from '../../../proxy/forward/handlers.ts';
import { FALLBACK_MAX_BODY_BYTES } from '../../../proxy/cutover/fallback/replayableRequest.ts';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { startCountingEcho, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

let legacy: Awaited<ReturnType<typeof startCountingEcho>>;
let failingService: TestUpstream;
let proxy: TestProxy;
const newSaw: string[] = [];

beforeAll(async () => {
  legacy = await startCountingEcho('legacy');
  // An out-of-process new service that reads the whole body, then fails.
  failingService = await startUpstream((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      newSaw.push(body);
      res.writeHead(503).end('overloaded');
    });
  });
  // An in-process handler that reads the body (as express would) and throws.
  const readsThenThrows = (req: import('node:http').IncomingMessage) =>
    new Promise<void>((_resolve, reject) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        newSaw.push(body);
        reject(new Error('new failed after reading the body'));
      });
    });
  proxy = await startProxy({
    handlers: handlerRegistry({ readsThenThrows }),
    config: {
      backends: { legacy: { url: legacy.url }, upstreams: { failing: { url: failingService.url } } },
      routes: [
        { id: 'config', match: { path: '/config' }, new: { upstream: 'failing' }, weight: 100, idempotent: true },
        { id: 'flags', match: { path: '/flags' }, new: { handler: 'readsThenThrows' }, weight: 100, idempotent: true },
        { id: 'orders', match: { path: '/orders' }, new: { upstream: 'failing' }, weight: 100 },
      ],
    },
  });
});
afterAll(async () => {
  await proxy.close();
  await Promise.all([legacy.close(), failingService.close()]);
});

it.each([['/config'], ['/flags']])(
  'PUT %s: new read the body and failed; legacy answers with the same body',
  async (path) => {
    newSaw.length = 0;
    const body = JSON.stringify({ riskLimit: 0.25, note: 'x'.repeat(2000) });
    const res = await fetch(`${proxy.url}${path}`, {
      method: 'PUT',
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-strangler-backend')).toBe('legacy');
    expect(res.headers.get('x-strangler-fallback')).toMatch(/^(status_5xx|handler_error)$/);
    const seen = (await res.json()) as {
      backend: string;
      method: string;
      body: string;
      headers: Record<string, string>;
    };
    expect(seen).toMatchObject({ backend: 'legacy', method: 'PUT', body });
    expect(seen.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(newSaw).toEqual([body]);
  },
);

it('a body over the limit is not held: new answers, legacy never sees it', async () => {
  const before = legacy.calls;
  const res = await fetch(`${proxy.url}/config`, { method: 'PUT', body: 'x'.repeat(FALLBACK_MAX_BODY_BYTES + 1) });
  expect(res.status).toBe(503);
  expect(res.headers.get('x-strangler-backend')).toBe('new');
  expect(legacy.calls).toBe(before);
});

it('a chunked body (no declared length) is not held either', async () => {
  const before = legacy.calls;
  const stream = new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"a":1}'));
      controller.close();
    },
  });
  const res = await fetch(`${proxy.url}/config`, { method: 'PUT', body: stream, duplex: 'half' } as RequestInit);
  expect(res.status).toBe(503);
  expect(legacy.calls).toBe(before);
});

it('a PUT with a body on a route not marked idempotent is never replayed', async () => {
  const before = legacy.calls;
  const res = await fetch(`${proxy.url}/orders`, { method: 'PUT', body: '{"qty":1}' });
  expect(res.status).toBe(503);
  expect(legacy.calls).toBe(before);
});
