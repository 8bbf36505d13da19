import { afterAll, beforeAll, expect, it } from 'vitest';
import { httpRequest } from '../../helpers/httpClient.ts';
import { startLegacyProxy } from '../../helpers/legacyOnlyProxy.ts';
import type { TestProxy } from '../../helpers/proxy.ts';
import { startRecordingUpstream, type RecordingUpstream } from '../../helpers/recordingUpstream.ts';

let legacy: RecordingUpstream;
let proxy: TestProxy;

beforeAll(async () => {
  legacy = await startRecordingUpstream((_req, res) => {
    res.setHeader('connection', 'x-internal-hop');
    res.setHeader('x-internal-hop', 'secret');
    res.setHeader('keep-alive', 'timeout=99');
    res.setHeader('proxy-authenticate', 'Basic');
    res.setHeader('upgrade', 'h2c');
    res.setHeader('x-end-to-end', 'kept');
    res.end('ok');
  });
  proxy = await startLegacyProxy(legacy.url);
});
afterAll(async () => {
  await proxy.close();
  await legacy.close();
});

it('request: hop-by-hop headers and the headers Connection names never reach legacy', async () => {
  await httpRequest(proxy.url, {
    path: '/x',
    headers: {
      connection: 'keep-alive, X-Client-Hop',
      'x-client-hop': 'secret',
      'keep-alive': 'timeout=5',
      te: 'trailers',
      'proxy-authorization': 'Basic abc',
      'proxy-connection': 'keep-alive',
      'x-end-to-end': 'kept',
    },
  });
  const headers = legacy.seen.at(-1)!.headers;
  for (const name of ['x-client-hop', 'keep-alive', 'te', 'proxy-authorization', 'proxy-connection', 'upgrade'])
    expect(headers[name]).toBeUndefined();
  expect(headers.connection).not.toMatch(/x-client-hop/i); // the agent sets its own keep-alive
  expect(headers['x-end-to-end']).toBe('kept');
});

it('response: hop-by-hop headers and the headers Connection names never reach the client', async () => {
  const answer = await httpRequest(proxy.url, { path: '/x' });
  for (const name of ['x-internal-hop', 'keep-alive', 'proxy-authenticate', 'upgrade'])
    expect(answer.headers[name]).toBeUndefined();
  expect(answer.headers.connection ?? '').not.toMatch(/x-internal-hop/i);
  expect(answer.headers['x-end-to-end']).toBe('kept');
  expect(answer.body.toString()).toBe('ok');
});
