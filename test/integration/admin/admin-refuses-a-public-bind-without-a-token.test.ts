import { describe, expect, it } from 'vitest';
import { startFileProxy, routesYaml } from '../../helpers/adminFixtures.ts';

describe('the admin listener never runs on a non-loopback address without a token', () => {
  it('refuses to start on 0.0.0.0 without tokens, naming the fix', async () => {
    await expect(
      startFileProxy(routesYaml('http://127.0.0.1:9'), { admin: { host: '0.0.0.0', port: 0 }, adminTokens: [] }),
    ).rejects.toThrow(/refusing to start: the admin listener binds 0\.0\.0\.0.*STRANGLER_ADMIN_TOKENS/);
  });

  it('starts on 0.0.0.0 with a token and on 127.0.0.1 without one', async () => {
    const withToken = await startFileProxy(routesYaml('http://127.0.0.1:9'), {
      admin: { host: '0.0.0.0', port: 0 },
      adminTokens: [{ name: 'ops', token: 'ops-token-0123456789abcdef' }],
    });
    await withToken.close();
    const loopback = await startFileProxy(routesYaml('http://127.0.0.1:9'), { adminTokens: [] });
    expect((await fetch(`${loopback.adminUrl}/admin/routes`)).status).toBe(200);
    await loopback.close();
  });
});
