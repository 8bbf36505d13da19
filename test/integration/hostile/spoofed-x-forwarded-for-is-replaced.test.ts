import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHostileSetup, expectStillServing, type HostileSetup } from '../../helpers/hostileSetup.ts';
import { httpRequest } from '../../helpers/httpClient.ts';

let untrusting: HostileSetup;
let trusting: HostileSetup;
const SPOOFED = { 'x-forwarded-for': '6.6.6.6', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example', host: 'shop.example' };

beforeAll(async () => {
  untrusting = await startHostileSetup();
  trusting = await startHostileSetup({ config: { trustProxy: ['127.0.0.1'] } });
});
afterAll(async () => {
  await untrusting.close();
  await trusting.close();
});

it('from an untrusted peer, X-Forwarded-For/-Proto/-Host are replaced with what the proxy saw', async () => {
  await httpRequest(untrusting.proxy.url, { path: '/whoami', headers: SPOOFED });
  expect(untrusting.legacy.seen.at(-1)!.headers).toMatchObject({ 'x-forwarded-for': '127.0.0.1', 'x-forwarded-proto': 'http', 'x-forwarded-host': 'shop.example', host: 'shop.example' });
  await expectStillServing(untrusting);
});

it('from a trusted hop, X-Forwarded-For is appended to and -Proto/-Host are kept', async () => {
  await httpRequest(trusting.proxy.url, { path: '/whoami', headers: SPOOFED });
  expect(trusting.legacy.seen.at(-1)!.headers).toMatchObject({ 'x-forwarded-for': '6.6.6.6, 127.0.0.1', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' });
});
