import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall, startFileProxy, routesYaml, type FileProxy } from '../../helpers/adminFixtures.ts';

const ALICE = 'alice-token-0123456789abcdef';

describe('the admin API requires a valid bearer token when tokens are configured', () => {
  let proxy: FileProxy;
  beforeAll(async () => {
    proxy = await startFileProxy(routesYaml('http://127.0.0.1:9'), { adminTokens: [{ name: 'alice', token: ALICE }] });
  });
  afterAll(() => proxy.close());

  it('answers 401 with a JSON error when the token is missing', async () => {
    const res = await adminCall(proxy.adminUrl, 'GET', '/admin/routes');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(res.body.error).toMatchObject({
      code: 'UNAUTHORIZED',
      message: expect.stringContaining('missing admin token'),
    });
  });

  it('answers 401 for a wrong token without echoing it', async () => {
    const res = await adminCall(proxy.adminUrl, 'GET', '/admin/routes', { token: 'not-the-token-0123456789' });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toContain('wrong admin token');
    expect(JSON.stringify(res.body)).not.toContain('not-the-token');
  });

  it('answers 200 for the right token', async () => {
    const res = await adminCall(proxy.adminUrl, 'GET', '/admin/routes', { token: ALICE });
    expect(res.status).toBe(200);
    expect(res.body.routes.map((r: { id: string }) => r.id)).toEqual(['orders', 'status']);
  });

  it('leaves /healthz, /readyz and /metrics open', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics'])
      expect((await fetch(`${proxy.adminUrl}${path}`)).status).toBe(200);
  });
});
