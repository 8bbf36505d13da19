import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFileProxy, routesYaml, type FileProxy } from '../../helpers/adminFixtures.ts';

const TOKEN = 'metrics-token-0123456789abcdef';

describe('admin.metricsRequireToken protects /metrics', () => {
  let proxy: FileProxy;
  beforeAll(async () => {
    const yaml = `admin:\n  metricsRequireToken: true\n${routesYaml('http://127.0.0.1:9')}`;
    proxy = await startFileProxy(yaml, { adminTokens: [{ name: 'prometheus', token: TOKEN }] });
  });
  afterAll(() => proxy.close());

  it('401 without the token, metrics with it, /healthz still open', async () => {
    expect((await fetch(`${proxy.adminUrl}/metrics`)).status).toBe(401);
    const res = await fetch(`${proxy.adminUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('strangler_config_info');
    expect((await fetch(`${proxy.adminUrl}/healthz`)).status).toBe(200);
  });
});
