import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLegacyProxy } from '../../helpers/legacyOnlyProxy.ts';
import type { TestProxy } from '../../helpers/proxy.ts';
import { startRawUpstream, type RawUpstream } from '../../helpers/rawUpstream.ts';

// Legacy answers the first request on each connection, then closes the connection with a reset when the
// next one arrives — the race of a keep-alive socket that legacy closes just as the proxy reuses it.
let legacy: RawUpstream;
let proxy: TestProxy;

beforeAll(async () => {
  const served = new WeakSet<object>();
  legacy = await startRawUpstream((socket) => {
    if (served.has(socket)) return socket.resetAndDestroy();
    served.add(socket);
    socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok');
  });
  proxy = await startLegacyProxy(legacy.url);
});
afterAll(async () => {
  await proxy.close();
  await legacy.close();
});

it('a GET that meets a reset on a reused socket is sent once more, on a fresh one, and succeeds', async () => {
  expect((await fetch(`${proxy.url}/warm`)).status).toBe(200);
  const before = legacy.requests.length;
  const res = await fetch(`${proxy.url}/again`);
  expect(res.status).toBe(200);
  expect(await res.text()).toBe('ok');
  expect(legacy.requests.slice(before).map((head) => head.split('\r\n')[0])).toEqual([
    'GET /again HTTP/1.1',
    'GET /again HTTP/1.1',
  ]);
});

it('a POST is never replayed: the reset answers 502 UPSTREAM_RESET', async () => {
  // Requests with a body have their own connection pool (node:http), so warm that one with a POST.
  expect((await fetch(`${proxy.url}/warm-2`, { method: 'POST', body: 'x' })).status).toBe(200);
  const before = legacy.requests.length;
  const res = await fetch(`${proxy.url}/order`, { method: 'POST', body: '{"qty":1}' });
  expect(res.status).toBe(502);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UPSTREAM_RESET');
  expect(legacy.requests.slice(before)).toHaveLength(1);
});
