import { afterAll, beforeAll, expect, it } from 'vitest';
import { httpRequest } from '../../helpers/httpClient.ts';
import { startLegacyProxy } from '../../helpers/legacyOnlyProxy.ts';
import type { TestProxy } from '../../helpers/proxy.ts';
import { startRecordingUpstream, type RecordingUpstream } from '../../helpers/recordingUpstream.ts';

let legacy: RecordingUpstream;
let proxy: TestProxy;
const COOKIES = [
  'session=abc; Path=/; HttpOnly',
  'theme=dark; Expires=Wed, 21 Oct 2030 07:28:00 GMT',
  'csrf=x,y; SameSite=Strict',
];

beforeAll(async () => {
  legacy = await startRecordingUpstream((_req, res) => {
    res.setHeader('set-cookie', COOKIES);
    res.end('ok');
  });
  proxy = await startLegacyProxy(legacy.url);
});
afterAll(async () => {
  await proxy.close();
  await legacy.close();
});

it('each Set-Cookie stays a separate header, in order, unmerged', async () => {
  const answer = await httpRequest(proxy.url, { path: '/login' });
  expect(answer.headers['set-cookie']).toEqual(COOKIES);
  const raw = answer.rawHeaders.filter((_, i) => i % 2 === 0 && answer.rawHeaders[i]!.toLowerCase() === 'set-cookie');
  expect(raw).toHaveLength(3);
});

it('request cookies reach legacy unchanged', async () => {
  await httpRequest(proxy.url, { path: '/me', headers: { cookie: 'a=1; b=2' } });
  expect(legacy.seen.at(-1)!.headers.cookie).toBe('a=1; b=2');
});
