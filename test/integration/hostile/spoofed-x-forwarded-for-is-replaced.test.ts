import { expect, it } from 'vitest';
import { expectStillServing, untrustingAndTrustingForFile } from '../../helpers/hostileSetup.ts';
import { httpRequest } from '../../helpers/httpClient.ts';

const setups = untrustingAndTrustingForFile();
const SPOOFED = {
  'x-forwarded-for': '6.6.6.6',
  'x-forwarded-proto': 'https',
  'x-forwarded-host': 'evil.example',
  host: 'shop.example',
};

it('from an untrusted peer, X-Forwarded-For/-Proto/-Host are replaced with what the proxy saw', async () => {
  await httpRequest(setups.untrusting.proxy.url, { path: '/whoami', headers: SPOOFED });
  expect(setups.untrusting.legacy.seen.at(-1)!.headers).toMatchObject({
    'x-forwarded-for': '127.0.0.1',
    'x-forwarded-proto': 'http',
    'x-forwarded-host': 'shop.example',
    host: 'shop.example',
  });
  await expectStillServing(setups.untrusting);
});

it('from a trusted hop, X-Forwarded-For is appended to and -Proto/-Host are kept', async () => {
  await httpRequest(setups.trusting.proxy.url, { path: '/whoami', headers: SPOOFED });
  expect(setups.trusting.legacy.seen.at(-1)!.headers).toMatchObject({
    'x-forwarded-for': '6.6.6.6, 127.0.0.1',
    'x-forwarded-proto': 'https',
    'x-forwarded-host': 'evil.example',
  });
});
