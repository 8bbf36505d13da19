import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall, startFileProxy, routesYaml, type FileProxy } from '../../helpers/adminFixtures.ts';

describe('PATCH /admin/routes/:id needs the current config hash in If-Match', () => {
  let proxy: FileProxy;
  beforeAll(async () => {
    proxy = await startFileProxy(routesYaml('http://127.0.0.1:9'));
  });
  afterAll(() => proxy.close());

  it('428 without If-Match, naming the hash to send', async () => {
    const res = await adminCall(proxy.adminUrl, 'PATCH', '/admin/routes/orders', {
      body: { weight: 20, reason: 'ramp' },
    });
    expect(res.status).toBe(428);
    expect(res.body.error.message).toContain(proxy.live.current().hash);
  });

  it('412 with a stale hash; nothing changes', async () => {
    const res = await adminCall(proxy.adminUrl, 'PATCH', '/admin/routes/orders', {
      body: { weight: 20, reason: 'ramp' },
      headers: { 'if-match': '"0000000000000000"' },
    });
    expect(res.status).toBe(412);
    expect(res.body.error.code).toBe('STALE_CONFIG');
    expect(proxy.live.current().byId.get('orders')!.weight).toBe(10);
  });

  it('200 with the current hash; the answer carries the new ETag', async () => {
    const before = proxy.live.current().hash;
    const res = await adminCall(proxy.adminUrl, 'PATCH', '/admin/routes/orders', {
      body: { weight: 20, reason: 'ramp' },
      headers: { 'if-match': `"${before}"` },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      route: 'orders',
      fromWeight: 10,
      toWeight: 20,
      configHashBefore: before,
      persisted: true,
    });
    expect(res.headers.get('etag')).toBe(`"${proxy.live.current().hash}"`);
    expect(proxy.live.current().byId.get('orders')!.weight).toBe(20);
  });
});
