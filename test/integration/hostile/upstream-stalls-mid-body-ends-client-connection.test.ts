import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLegacyProxy } from '../../helpers/legacyOnlyProxy.ts';
import type { TestProxy } from '../../helpers/proxy.ts';
import { rawRequest } from '../../helpers/rawClient.ts';
import { startRawUpstream, type RawUpstream } from '../../helpers/rawUpstream.ts';

let legacy: RawUpstream;
let proxy: TestProxy;

beforeAll(async () => {
  legacy = await startRawUpstream((socket, head) => {
    if (head.startsWith('GET /stall'))
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nfirst-part'); // then silence
    else socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
  });
  proxy = await startLegacyProxy(legacy.url, { backends: { legacy: { url: legacy.url, timeoutMs: 500 } } });
});
afterAll(async () => {
  await proxy.close();
  await legacy.close();
});

it('the client connection is ended within the timeout, never left hanging with a short body', async () => {
  const answer = await rawRequest(proxy.url, 'GET /stall HTTP/1.1\r\nHost: x\r\n\r\n', { waitMs: 10_000 });
  expect(answer.closedByServer).toBe(true);
  expect(answer.text).toMatch(/^HTTP\/1\.1 200/);
  expect(answer.text.endsWith('first-part')).toBe(true);
  expect(answer.elapsedMs).toBeLessThan(5_000);
  const after = await rawRequest(proxy.url, 'GET /fine HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  expect(after.text).toMatch(/^HTTP\/1\.1 200[\s\S]*\r\n\r\nok$/);
});
