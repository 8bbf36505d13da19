import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLegacyProxy } from '../../helpers/legacyOnlyProxy.ts';
import type { TestProxy } from '../../helpers/proxy.ts';
import { rawRequest } from '../../helpers/rawClient.ts';
import { startRawUpstream, type RawUpstream } from '../../helpers/rawUpstream.ts';

let legacy: RawUpstream;
let proxy: TestProxy;

beforeAll(async () => {
  legacy = await startRawUpstream((socket, head) => {
    if (!head.startsWith('GET /reset')) return void socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial', () => socket.resetAndDestroy());
  });
  proxy = await startLegacyProxy(legacy.url);
});
afterAll(async () => {
  await proxy.close();
  await legacy.close();
});

it('a reset after the headers destroys the client connection at once', async () => {
  const answer = await rawRequest(proxy.url, 'GET /reset HTTP/1.1\r\nHost: x\r\n\r\n', { waitMs: 10_000 });
  expect(answer.closedByServer).toBe(true);
  expect(answer.elapsedMs).toBeLessThan(3_000);
  expect(answer.text).toMatch(/^HTTP\/1\.1 200/);
  expect(answer.text).toMatch(/content-length: 100/i);
  expect(answer.text.endsWith('partial')).toBe(true); // 7 of 100 bytes: the client can tell it is broken
  const after = await rawRequest(proxy.url, 'GET /fine HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  expect(after.text).toMatch(/\r\n\r\nok$/);
});

it('a reset before any byte answers 502 UPSTREAM_RESET', async () => {
  await legacy.close();
  const reset = await startRawUpstream((socket) => socket.resetAndDestroy());
  const resetProxy = await startLegacyProxy(reset.url);
  try {
    const res = await fetch(`${resetProxy.url}/x`, { method: 'POST', body: 'payload' });
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UPSTREAM_RESET');
    expect(reset.requests).toHaveLength(1); // a POST is never replayed
  } finally {
    await resetProxy.close();
    await reset.close();
  }
});
