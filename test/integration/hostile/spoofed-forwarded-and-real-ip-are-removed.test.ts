// Forwarded, X-Real-IP and X-Client-IP make the same claim as X-Forwarded-For in other spellings: from an
// untrusted peer they are removed (over both forwarders), from a trusted hop they pass unchanged.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHostileSetup, type HostileSetup } from '../../helpers/hostileSetup.ts';
import { httpRequest } from '../../helpers/httpClient.ts';

let untrusting: HostileSetup;
let trusting: HostileSetup;
const CLAIMS = { forwarded: 'for=6.6.6.6;proto=https', 'x-real-ip': '6.6.6.6', 'x-client-ip': '6.6.6.6' };

beforeAll(async () => {
  untrusting = await startHostileSetup();
  trusting = await startHostileSetup({ config: { trustProxy: ['127.0.0.1'] } });
});
afterAll(async () => {
  await untrusting.close();
  await trusting.close();
});

for (const [method, body] of [['GET', undefined], ['POST', '{}']] as const) {
  it(`${method} from an untrusted peer: the claims never reach legacy`, async () => {
    await httpRequest(untrusting.proxy.url, { method, path: `/claims-${method}`, headers: CLAIMS, body });
    const seen = untrusting.legacy.seen.find((one) => one.url === `/claims-${method}`)!;
    expect(seen.headers.forwarded).toBeUndefined();
    expect(seen.headers['x-real-ip']).toBeUndefined();
    expect(seen.headers['x-client-ip']).toBeUndefined();
    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
  });

  it(`${method} from a trusted hop: the claims pass unchanged`, async () => {
    await httpRequest(trusting.proxy.url, { method, path: `/claims-${method}`, headers: CLAIMS, body });
    expect(trusting.legacy.seen.find((one) => one.url === `/claims-${method}`)!.headers).toMatchObject(CLAIMS);
  });
}
