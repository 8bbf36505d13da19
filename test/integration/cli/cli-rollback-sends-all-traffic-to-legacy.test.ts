import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnProxyProcess, type ProxyProcess } from '../../helpers/adminCli.ts';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

describe('strangler rollback', () => {
  let legacy: TestUpstream;
  let proxy: ProxyProcess;
  beforeAll(async () => {
    legacy = await startUpstream(echoListener('legacy'));
    proxy = await spawnProxyProcess(legacy.url, { weights: { orders: 100 } });
  });
  afterAll(async () => {
    await proxy.stop();
    await legacy.close();
  });

  it('sets the weight to 0 without confirmation; requests then reach legacy', async () => {
    expect((await fetch(`${proxy.proxyUrl}/api/orders`)).headers.get('x-strangler-backend')).toBe('new');
    const run = await runCli(['rollback', 'orders', '--reason', 'errors on new'], {
      STRANGLER_ADMIN_URL: proxy.adminUrl,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('rolled back: orders 100% → 0%');
    expect((await fetch(`${proxy.proxyUrl}/api/orders`)).headers.get('x-strangler-backend')).toBe('legacy');
    const audit = await runCli(['audit', '--json'], { STRANGLER_ADMIN_URL: proxy.adminUrl });
    expect(JSON.parse(audit.stdout)[0]).toMatchObject({ action: 'rollback', reason: 'errors on new', actor: 'local' });
  });

  it('names an unknown route (exit 1)', async () => {
    const run = await runCli(['rollback', 'nope'], { STRANGLER_ADMIN_URL: proxy.adminUrl });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no route "nope" — known routes: orders, status');
  });
});
