import { afterAll, beforeAll, expect, it } from 'vitest';
import { httpRequest } from '../../helpers/httpClient.ts';
import { startLegacyProxy } from '../../helpers/legacyOnlyProxy.ts';
import type { TestProxy } from '../../helpers/proxy.ts';
import { startRecordingUpstream, type RecordingUpstream } from '../../helpers/recordingUpstream.ts';

let legacy: RecordingUpstream;
let proxy: TestProxy;

beforeAll(async () => {
  legacy = await startRecordingUpstream();
  proxy = await startLegacyProxy(legacy.url);
});
afterAll(async () => {
  await proxy.close();
  await legacy.close();
});

it.each(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPFIND'])(
  '%s keeps its method, raw path, query, Host and body',
  async (method) => {
    // Already normalized (docs/FORWARDING.md "Path normalization"): reserved and non-ASCII escapes stay as sent.
    const path = '/api/a%3Ab/%C3%A9t%C3%A9;x=1?q=a+b&q=%20&empty=&flag';
    const body = method === 'GET' ? undefined : `{"method":"${method}"}`;
    const answer = await httpRequest(proxy.url, {
      method,
      path,
      headers: {
        host: 'shop.example.com:8443',
        'x-custom': 'Value With Spaces',
        accept: 'application/json',
        authorization: 'Bearer t0k',
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body,
    });
    expect(answer.status).toBe(200);
    const seen = legacy.seen.at(-1)!;
    expect(seen).toMatchObject({ method, url: path });
    expect(seen.headers).toMatchObject({
      host: 'shop.example.com:8443',
      'x-custom': 'Value With Spaces',
      accept: 'application/json',
      authorization: 'Bearer t0k',
    });
    expect(seen.body.toString()).toBe(body ?? '');
  },
);

it('a bodiless DELETE gets no invented Content-Length', async () => {
  await httpRequest(proxy.url, { method: 'DELETE', path: '/thing/1' });
  expect(legacy.seen.at(-1)!.headers['content-length']).toBeUndefined();
});
