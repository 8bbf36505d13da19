import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall, startFileProxy, routesYaml, type FileProxy } from '../../helpers/adminFixtures.ts';

const TOKEN = 'ops-token-0123456789abcdef';

describe('repeated failed admin logins are slowed down', () => {
  let proxy: FileProxy;
  beforeAll(async () => {
    proxy = await startFileProxy(routesYaml('http://127.0.0.1:9'), {
      adminTokens: [{ name: 'ops', token: TOKEN }],
      failedAuth: { maxFailures: 3, windowMs: 60_000 },
    });
  });
  afterAll(() => proxy.close());

  it('after 3 failures every request answers 429 with Retry-After, even with the right token', async () => {
    for (let i = 0; i < 3; i++)
      expect(
        (await adminCall(proxy.adminUrl, 'GET', '/admin/routes', { token: `wrong-token-${i}-0123456789` })).status,
      ).toBe(401);
    const blocked = await adminCall(proxy.adminUrl, 'GET', '/admin/routes', { token: TOKEN });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(blocked.body.error.code).toBe('TOO_MANY_FAILED_AUTH');
  });
});
