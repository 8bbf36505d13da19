import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall, startFileProxy, routesYaml, type FileProxy } from '../../helpers/adminFixtures.ts';

describe('POST /admin/routes/:id/rollback is the emergency button', () => {
  let proxy: FileProxy;
  beforeAll(async () => {
    proxy = await startFileProxy(routesYaml('http://127.0.0.1:9', { orders: 80 }));
  });
  afterAll(() => proxy.close());

  it('sets the weight to 0 at once without If-Match; traffic goes to legacy; file and audit follow', async () => {
    const res = await adminCall(proxy.adminUrl, 'POST', '/admin/routes/orders/rollback', {
      body: { reason: 'new returns 500s' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ fromWeight: 80, toWeight: 0 });
    const served = await fetch(`${proxy.proxyUrl}/api/orders`, { headers: { 'x-user-id': 'anyone' } });
    expect(served.headers.get('x-strangler-backend')).toBe('legacy');
    expect(await readFile(proxy.configFile, 'utf8')).toBe(routesYaml('http://127.0.0.1:9', { orders: 0 }));
    const [entry] = (await adminCall(proxy.adminUrl, 'GET', '/admin/audit')).body.entries;
    expect(entry).toMatchObject({
      action: 'rollback',
      route: 'orders',
      fromWeight: 80,
      toWeight: 0,
      reason: 'new returns 500s',
    });
  });
});
