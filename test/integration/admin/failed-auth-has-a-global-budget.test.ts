// Issue 12 item 9: a guesser rotating source addresses (40 loopback addresses, 9 wrong tokens each,
// under the per-address limit of 10) still hits the global budget and gets 429.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FAILED_AUTH_ATTEMPTS, MAX_FAILED_AUTH_ATTEMPTS_GLOBAL } from '../../../proxy/admin/failedAuthLimiter.ts';
import { routesYaml, startFileProxy, type FileProxy } from '../../helpers/adminFixtures.ts';

const TOKEN = 'ops-token-0123456789abcdef';

function tryToken(
  url: string,
  localAddress: string,
  token: string,
): Promise<{ status: number; code?: string; retryAfter?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}/admin/routes`,
      { localAddress, agent: false, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            code: JSON.parse(text).error?.code,
            retryAfter: res.headers['retry-after'],
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('failed admin logins over all addresses', () => {
  let proxy: FileProxy;
  beforeAll(async () => {
    proxy = await startFileProxy(routesYaml('http://127.0.0.1:9'), { adminTokens: [{ name: 'ops', token: TOKEN }] });
  });
  afterAll(() => proxy.close());

  it('answer 429 once the global budget is spent, even from fresh addresses and with the right token', async () => {
    const statuses: number[] = [];
    for (let round = 0; round < MAX_FAILED_AUTH_ATTEMPTS - 1; round++) {
      for (let n = 0; n < 40; n++) {
        statuses.push((await tryToken(proxy.adminUrl, `127.0.0.${10 + n}`, `wrong-${round}-${n}-0123456789`)).status);
      }
    }
    expect(statuses.length).toBe(360);
    expect(statuses.slice(0, MAX_FAILED_AUTH_ATTEMPTS_GLOBAL).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(MAX_FAILED_AUTH_ATTEMPTS_GLOBAL).every((status) => status === 429)).toBe(true);

    const fresh = await tryToken(proxy.adminUrl, '127.0.0.200', TOKEN);
    expect(fresh.status).toBe(429);
    expect(fresh.code).toBe('TOO_MANY_FAILED_AUTH');
    expect(Number(fresh.retryAfter)).toBeGreaterThan(0);
  });
});
