// The dashboard and `strangler compare` apply the same minimum-sample rule (static/sampleRule.js) before
// calling new worse: with 76 requests per backend and new's p99 many times legacy's, neither does; at 100
// both do. The page's own verdict module runs here on the admin API's real stats document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerRegistry } from '../../../proxy/forward/handlers.ts';
import type { StatsReport } from '../../../proxy/stats/statsReport.ts';
import { runCli } from '../../helpers/adminCli.ts';
import { faultyHandler } from '../../helpers/faultyHandler.ts';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

/** A variable, so the page's module is loaded as it is served (plain JavaScript, no types). */
const VERDICT_MODULE = new URL('../../../proxy/admin/dashboard/static/verdict.js', import.meta.url).href;
type Side = StatsReport['routes'][number]['backends']['legacy'];
interface PageVerdict {
  newWorseReasons(legacy: Side, candidate: Side): Array<{ metric: string; text: string }>;
  windowNote(legacy: Side, candidate: Side): string;
}

describe('one minimum-sample rule for the dashboard and the CLI', () => {
  let legacy: TestUpstream;
  let proxy: TestProxy;
  let page: PageVerdict;
  const send = async (backend: 'legacy' | 'new', count: number) => {
    // In parallel: new's latency is a timer, so the batch takes about one latency. 1.5 s keeps new's p99 well
    // above legacy's even when a loaded machine delays legacy's answers by hundreds of ms.
    const one = async () =>
      (await fetch(`${proxy.url}/orders`, { headers: { 'x-strangler-backend': backend } })).arrayBuffer();
    await Promise.all(Array.from({ length: count }, one));
  };
  /** Outcomes are recorded when each response closes: poll for the counts just sent. */
  const stats = async (each: number): Promise<Side[]> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const report = (await (await fetch(`${proxy.adminUrl}/admin/stats?window=300`)).json()) as StatsReport;
      const { legacy: l, new: n } = report.routes[0]!.backends;
      if ((l.requests === each && n.requests === each) || Date.now() > deadline) return [l, n];
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  beforeAll(async () => {
    page = (await import(VERDICT_MODULE)) as PageVerdict;
    legacy = await startUpstream(echoListener('legacy'));
    proxy = await startProxy({
      handlers: handlerRegistry({
        slow: faultyHandler(() => ({ ok: true }), { errorRate: 0, latencyMs: 1500 }).handler,
      }),
      config: {
        backends: { legacy: { url: legacy.url } },
        overrideHeader: { enabled: true },
        routes: [{ id: 'orders', match: { path: '/orders' }, new: { handler: 'slow' }, weight: 50 }],
      },
    });
  });
  afterAll(async () => {
    await proxy.close();
    await legacy.close();
  });

  it('with 76 requests per backend neither calls new worse; with 100 both do', async () => {
    await Promise.all([send('legacy', 76), send('new', 76)]);
    const [l76, n76] = await stats(76);
    expect([l76!.requests, n76!.requests]).toEqual([76, 76]);
    expect(n76!.p99Ms! / l76!.p99Ms!).toBeGreaterThan(1.5);
    expect(page.newWorseReasons(l76!, n76!)).toEqual([]);
    expect(page.windowNote(l76!, n76!)).toContain('not enough traffic to compare yet (100 per backend');
    const compare76 = await runCli(['compare', 'orders', '--window', '5m'], { STRANGLER_ADMIN_URL: proxy.adminUrl });
    expect(compare76.stdout).toContain(
      'verdict: not enough traffic — legacy 76, new 76 requests (min 100 requests per backend)',
    );

    await Promise.all([send('legacy', 24), send('new', 24)]);
    const [l100, n100] = await stats(100);
    expect(page.newWorseReasons(l100!, n100!).map((r) => r.metric)).toEqual(['p99']);
    expect(page.windowNote(l100!, n100!)).not.toContain('not enough');
    const compare100 = await runCli(['compare', 'orders', '--window', '5m'], { STRANGLER_ADMIN_URL: proxy.adminUrl });
    expect(compare100.stdout).toContain('verdict: new is worse');
  });
});
