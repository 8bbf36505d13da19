import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall, startFileProxy, routesYaml, type FileProxy } from '../../helpers/adminFixtures.ts';

describe('GET /admin/routes shows the live snapshot', () => {
  let proxy: FileProxy;
  beforeAll(async () => {
    proxy = await startFileProxy(routesYaml('http://127.0.0.1:5999'));
  });
  afterAll(() => proxy.close());

  it('lists each route with match, weight and backends; ETag is the config hash', async () => {
    const res = await adminCall(proxy.adminUrl, 'GET', '/admin/routes');
    const hash = proxy.live.current().hash;
    expect(res.headers.get('etag')).toBe(`"${hash}"`);
    expect(res.body.configHash).toBe(hash);
    expect(res.body.routes[0]).toMatchObject({
      id: 'orders',
      match: { path: '/api/orders', methods: ['GET', 'POST'] },
      weight: 10,
      backends: { legacy: { url: 'http://127.0.0.1:5999' }, new: { handler: 'orders' } },
    });
  });
});
