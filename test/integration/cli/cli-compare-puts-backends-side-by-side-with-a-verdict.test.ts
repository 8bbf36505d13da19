import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnProxyProcess, type ProxyProcess } from '../../helpers/adminCli.ts';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

describe('strangler compare', () => {
  let legacy: TestUpstream;
  let proxy: ProxyProcess;
  beforeAll(async () => {
    legacy = await startUpstream(echoListener('legacy'));
    proxy = await spawnProxyProcess(legacy.url, { weights: { orders: 50 } });
    await Promise.all(Array.from({ length: 60 }, (_, i) => fetch(`${proxy.proxyUrl}/api/orders`, { headers: { 'x-user-id': `u${i}` } }).then((r) => r.arrayBuffer())));
  });
  afterAll(async () => {
    await proxy.stop();
    await legacy.close();
  });

  it('shows requests, error rate, p50/p95/p99 and new/legacy ratios for both backends', async () => {
    const run = await runCli(['compare', 'orders', '--window', '2m', '--min-requests', '5'], { STRANGLER_ADMIN_URL: proxy.adminUrl });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('route orders · weight 50% · last 120 s');
    expect(run.stdout).toMatch(/^\s+LEGACY\s+NEW\s+NEW\/LEGACY$/m);
    const requests = /^requests\s+(\d+)\s+(\d+)\s+×[\d.]+$/m.exec(run.stdout)!;
    expect(Number(requests[1]) + Number(requests[2])).toBe(60);
    for (const row of ['error rate', 'p50', 'p95', 'p99']) expect(run.stdout).toMatch(new RegExp(`^${row}\\s+\\S+\\s+\\S+\\s+\\S+$`, 'm'));
    expect(run.stdout).toMatch(/^verdict: new is (better|worse|about the same) — .*\(min 5 requests per backend\)$/m);
  });

  it('says not enough traffic below the minimum, naming it', async () => {
    const run = await runCli(['compare', 'orders', '--min-requests', '1000'], { STRANGLER_ADMIN_URL: proxy.adminUrl });
    expect(run.stdout).toMatch(/^verdict: not enough traffic — legacy \d+, new \d+ requests \(min 1000 requests per backend\)$/m);
  });
});
