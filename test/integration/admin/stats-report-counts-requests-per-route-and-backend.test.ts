import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall, startFileProxy, routesYaml, type FileProxy } from '../../helpers/adminFixtures.ts';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

describe('GET /admin/stats', () => {
  let legacy: TestUpstream;
  let proxy: FileProxy;
  beforeAll(async () => {
    legacy = await startUpstream(echoListener('legacy'));
    // orders: all new; status: all legacy, whose upstream is down (502 errors)
    proxy = await startFileProxy(
      routesYaml(legacy.url, { orders: 100, status: 0 }).replace(
        'path: "/api/status"',
        'path: "/api/status"\n    timeoutMs: 1000',
      ),
    );
  });
  afterAll(async () => {
    await proxy.close();
    await legacy.close();
  });

  it('reports requests, 5xx errors, rates, percentiles and a series per backend in the contract format', async () => {
    for (let i = 0; i < 20; i++) expect((await fetch(`${proxy.proxyUrl}/api/orders`)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await fetch(`${proxy.proxyUrl}/api/status`)).status).toBe(200);
    await legacy.close();
    for (let i = 0; i < 4; i++) expect((await fetch(`${proxy.proxyUrl}/api/status`)).status).toBe(502);

    const res = await adminCall(proxy.adminUrl, 'GET', '/admin/stats?window=60');
    expect(res.status).toBe(200);
    const report = res.body;
    expect(report).toMatchObject({ bucketSeconds: 10, windowSeconds: 60, configHash: proxy.live.current().hash });
    expect(Math.abs(report.now - Date.now())).toBeLessThan(60_000);
    const [orders, status] = report.routes;
    expect(orders).toMatchObject({ id: 'orders', weight: 100 });
    expect(orders.backends.new).toMatchObject({ requests: 20, errors: 0, errorRate: 0 });
    expect(orders.backends.new.p50Ms).toBeGreaterThan(0);
    expect(orders.backends.new.p99Ms).toBeGreaterThanOrEqual(orders.backends.new.p50Ms);
    expect(orders.backends.new.rps).toBeGreaterThan(0);
    expect(orders.backends.legacy).toMatchObject({ requests: 0, p50Ms: null, p95Ms: null, p99Ms: null });
    expect(status.backends.legacy).toMatchObject({ requests: 8, errors: 4, errorRate: 0.5 });
    const series = status.backends.legacy.series;
    expect(series).toHaveLength(6);
    expect(Object.keys(series[0]).sort()).toEqual(['errors', 'p50Ms', 'p99Ms', 'requests', 't']);
    expect(series.reduce((sum: number, p: { requests: number }) => sum + p.requests, 0)).toBe(8);
    expect(series[1].t - series[0].t).toBe(10_000);
  });

  it('defaults to 300 s and rejects a window above 900 s', async () => {
    expect((await adminCall(proxy.adminUrl, 'GET', '/admin/stats')).body.windowSeconds).toBe(300);
    const tooLong = await adminCall(proxy.adminUrl, 'GET', '/admin/stats?window=901');
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toContain('1 to 900');
  });
});
