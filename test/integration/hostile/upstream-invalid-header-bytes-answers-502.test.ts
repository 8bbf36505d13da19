import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLegacyProxy } from '../../helpers/legacyOnlyProxy.ts';
import type { TestProxy } from '../../helpers/proxy.ts';
import { startRawUpstream, type RawUpstream } from '../../helpers/rawUpstream.ts';

let legacy: RawUpstream;
let proxy: TestProxy;

beforeAll(async () => {
  legacy = await startRawUpstream((socket, head) => {
    if (head.startsWith('GET /bad-name')) socket.end('HTTP/1.1 200 OK\r\nBad Header: x\r\nContent-Length: 2\r\n\r\nok');
    else if (head.startsWith('GET /bad-value'))
      socket.end('HTTP/1.1 200 OK\r\nX-Evil: a\x00b\r\nContent-Length: 2\r\n\r\nok');
    else socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
  });
  proxy = await startLegacyProxy(legacy.url);
});
afterAll(async () => {
  await proxy.close();
  await legacy.close();
});

it.each(['/bad-name', '/bad-value'])(
  '%s: an invalid response header answers 502 UPSTREAM_INVALID_RESPONSE, nothing of it leaks',
  async (path) => {
    const res = await fetch(`${proxy.url}${path}`);
    expect(res.status).toBe(502);
    expect(res.headers.get('x-evil')).toBeNull();
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UPSTREAM_INVALID_RESPONSE');
    const after = await fetch(`${proxy.url}/fine`);
    expect(await after.text()).toBe('ok');
  },
);
