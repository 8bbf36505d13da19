// Forwarded, X-Real-IP and X-Client-IP make the same claim as X-Forwarded-For in other spellings: from an
// untrusted peer they are removed (over both forwarders), from a trusted hop they pass unchanged.
import { expect, it } from 'vitest';
import { untrustingAndTrustingForFile } from '../../helpers/hostileSetup.ts';
import { httpRequest } from '../../helpers/httpClient.ts';

const setups = untrustingAndTrustingForFile();
const CLAIMS = { forwarded: 'for=6.6.6.6;proto=https', 'x-real-ip': '6.6.6.6', 'x-client-ip': '6.6.6.6' };

for (const [method, body] of [
  ['GET', undefined],
  ['POST', '{}'],
] as const) {
  it(`${method} from an untrusted peer: the claims never reach legacy`, async () => {
    await httpRequest(setups.untrusting.proxy.url, { method, path: `/claims-${method}`, headers: CLAIMS, body });
    const seen = setups.untrusting.legacy.seen.find((one) => one.url === `/claims-${method}`)!;
    expect(seen.headers.forwarded).toBeUndefined();
    expect(seen.headers['x-real-ip']).toBeUndefined();
    expect(seen.headers['x-client-ip']).toBeUndefined();
    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
  });

  it(`${method} from a trusted hop: the claims pass unchanged`, async () => {
    await httpRequest(setups.trusting.proxy.url, { method, path: `/claims-${method}`, headers: CLAIMS, body });
    expect(setups.trusting.legacy.seen.find((one) => one.url === `/claims-${method}`)!.headers).toMatchObject(CLAIMS);
  });
}
