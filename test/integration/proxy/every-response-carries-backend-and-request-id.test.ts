import { afterAll, beforeAll, expect, it } from 'vitest';
import { handlerRegistry } from '../../../proxy/forward/handlers.ts';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

let legacy: TestUpstream;
let proxy: TestProxy;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

beforeAll(async () => {
  legacy = await startUpstream(echoListener('legacy'));
  proxy = await startProxy({
    handlers: handlerRegistry({
      fails: () => {
        throw new Error('boom');
      },
    }),
    config: {
      backends: { legacy: { url: legacy.url } },
      routes: [
        { id: 'broken-new', match: { path: '/broken' }, new: { handler: 'fails' }, weight: 100 },
        { id: 'dead-legacy', match: { path: '/dead' }, new: { url: 'http://127.0.0.1:1' }, weight: 100 },
      ],
    },
  });
});
afterAll(async () => {
  await proxy.close();
  await legacy.close();
});

it.each([
  ['/anything', 200, 'legacy'],
  ['/broken', 500, 'new'],
  ['/dead', 502, 'new'],
])('POST %s answers %i with x-strangler-backend: %s and a minted request id', async (path, status, backend) => {
  // POST with a body, so no fallback to legacy may replay the failed ones.
  const res = await fetch(`${proxy.url}${path}`, { method: 'POST', body: 'x' });
  expect(res.status).toBe(status);
  expect(res.headers.get('x-strangler-backend')).toBe(backend);
  expect(res.headers.get('x-request-id')).toMatch(UUID);
});

it('a valid client request id is kept and passed to legacy', async () => {
  const res = await fetch(`${proxy.url}/anything`, { headers: { 'x-request-id': 'trace-42.a:b' } });
  expect(res.headers.get('x-request-id')).toBe('trace-42.a:b');
  expect(((await res.json()) as { headers: Record<string, string> }).headers['x-request-id']).toBe('trace-42.a:b');
});

it('an invalid client request id is replaced, upstream and in the response', async () => {
  const res = await fetch(`${proxy.url}/anything`, { headers: { 'x-request-id': 'has spaces and "quotes"' } });
  const minted = res.headers.get('x-request-id');
  expect(minted).toMatch(UUID);
  expect(((await res.json()) as { headers: Record<string, string> }).headers['x-request-id']).toBe(minted);
});

it('an error body carries the same request id', async () => {
  const res = await fetch(`${proxy.url}/broken`, { method: 'POST', body: 'x', headers: { 'x-request-id': 'err-1' } });
  expect(await res.json()).toEqual({
    error: { code: 'HANDLER_FAILED', message: expect.any(String), requestId: 'err-1' },
  });
});
