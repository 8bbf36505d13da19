import { afterAll, beforeAll, expect, it } from 'vitest';
import { httpRequest } from '../../helpers/httpClient.ts';
import { startLegacyProxy } from '../../helpers/legacyOnlyProxy.ts';
import type { TestProxy } from '../../helpers/proxy.ts';
import { startRecordingUpstream, type RecordingUpstream } from '../../helpers/recordingUpstream.ts';

let legacy: RecordingUpstream;
let proxy: TestProxy;

beforeAll(async () => {
  legacy = await startRecordingUpstream((req, res) => {
    const status = Number(req.url!.slice(1));
    if (status === 301 || status === 302 || status === 307) res.setHeader('location', 'http://elsewhere.example/next');
    if (status === 304) res.setHeader('etag', '"v1"');
    res.statusCode = status;
    res.statusMessage = `Legacy says ${status}`;
    res.end(status === 204 || status === 304 ? undefined : `body of ${status}`);
  });
  proxy = await startLegacyProxy(legacy.url);
});
afterAll(async () => {
  await proxy.close();
  await legacy.close();
});

it.each([200, 201, 204, 301, 302, 304, 307, 400, 404, 418, 500, 503])(
  '%i from legacy reaches the client as is',
  async (status) => {
    const answer = await httpRequest(proxy.url, { path: `/${status}` });
    expect(answer.status).toBe(status);
    if (status === 204 || status === 304) expect(answer.body.length).toBe(0);
    else expect(answer.body.toString()).toBe(`body of ${status}`);
    expect(answer.headers['x-strangler-backend']).toBe('legacy');
  },
);

it('a redirect is passed through, never followed', async () => {
  const before = legacy.seen.length;
  const answer = await httpRequest(proxy.url, { path: '/302' });
  expect(answer.headers.location).toBe('http://elsewhere.example/next');
  expect(legacy.seen.length).toBe(before + 1);
});

it('the status message is kept', async () => {
  const res = await fetch(`${proxy.url}/418`);
  expect(res.statusText).toBe('Legacy says 418');
});

it('HEAD gets the headers and no body', async () => {
  const answer = await httpRequest(proxy.url, { method: 'HEAD', path: '/200' });
  expect(answer.status).toBe(200);
  expect(answer.body.length).toBe(0);
});
