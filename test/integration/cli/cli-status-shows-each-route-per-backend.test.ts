import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnProxyProcess, type ProxyProcess } from '../../helpers/adminCli.ts';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

describe('strangler status', () => {
  let legacy: TestUpstream;
  let proxy: ProxyProcess;
  beforeAll(async () => {
    legacy = await startUpstream(echoListener('legacy'));
    proxy = await spawnProxyProcess(legacy.url, { weights: { orders: 100, status: 0 } });
    for (let i = 0; i < 6; i++) await fetch(`${proxy.proxyUrl}/api/orders`);
    for (let i = 0; i < 3; i++) await fetch(`${proxy.proxyUrl}/api/status`);
  });
  afterAll(async () => {
    await proxy.stop();
    await legacy.close();
  });

  it('prints a table with weight, req/s, error rate and p50/p99 for legacy and new', async () => {
    const run = await runCli(['status'], { STRANGLER_ADMIN_URL: proxy.adminUrl });
    expect(run.code).toBe(0);
    const [header, orders, status] = run.stdout.split('\n');
    expect(header).toMatch(/^ROUTE\s+WEIGHT\s+LEGACY req\/s\s+err\s+p50\s+p99\s+NEW req\/s\s+err\s+p50\s+p99$/);
    expect(orders).toMatch(/^orders\s+100%\s+0\.00\s+0\.00%\s+-\s+-\s+\d+\.\d\d\s+0\.00%\s+[\d.]+ms\s+[\d.]+ms$/);
    expect(status).toMatch(/^status\s+0%\s+\d+\.\d\d\s+0\.00%\s+[\d.]+ms\s+[\d.]+ms\s+0\.00\s+0\.00%\s+-\s+-$/);
    expect(run.stdout).toContain('last 60 s');
  });

  it('--json prints the stats document', async () => {
    const run = await runCli(['status', '--json'], { STRANGLER_ADMIN_URL: proxy.adminUrl });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.windowSeconds).toBe(60);
    expect(report.routes[0].backends.new.requests).toBe(6);
    expect(report.routes[1].backends.legacy.requests).toBe(3);
  });
});
