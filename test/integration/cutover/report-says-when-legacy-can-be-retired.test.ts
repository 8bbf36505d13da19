import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerRegistry } from '../../../proxy/forward/handlers.ts';
import type { DecommissionReport } from '../../../proxy/cutover/report/report.ts';
import { runCli } from '../../helpers/adminCli.ts';
import { answerAsNew } from '../../helpers/newHandler.ts';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';
import { faultyHandler } from '../../helpers/faultyHandler.ts';

const TWO_DAYS_AGO = new Date(Date.now() - 48 * 3_600_000).toISOString();

describe('the decommission report', () => {
  let legacy: TestUpstream;
  let proxy: TestProxy;

  beforeAll(async () => {
    legacy = await startUpstream(echoListener('legacy'));
    proxy = await startProxy({
      handlers: handlerRegistry({
        h: answerAsNew,
        failing: faultyHandler(() => ({}), { errorRate: 1, latencyMs: 0 }).handler,
      }),
      config: {
        backends: { legacy: { url: legacy.url } },
        routes: [
          {
            id: 'status',
            match: { path: '/status' },
            new: { handler: 'h' },
            weight: 100,
            phase: 'new',
            phaseSince: TWO_DAYS_AGO,
          },
          { id: 'orders', match: { path: '/orders' }, new: { handler: 'h' }, weight: 30, phase: 'canary' },
          {
            id: 'flaky',
            match: { path: '/flaky' },
            new: { handler: 'failing' },
            weight: 100,
            phase: 'new',
            phaseSince: TWO_DAYS_AGO,
          },
          { id: 'payments', match: { path: '/payments' }, new: { handler: 'h' }, weight: 100, phase: 'canary' },
        ],
      },
    });
    for (let i = 0; i < 5; i++) {
      await (await fetch(`${proxy.url}/status`)).arrayBuffer();
      await (await fetch(`${proxy.url}/orders`, { headers: { 'x-user-id': `u${i}` } })).arrayBuffer();
      await (await fetch(`${proxy.url}/flaky`)).arrayBuffer();
    }
  });
  afterAll(async () => {
    await proxy.close();
    await legacy.close();
  });

  it('calls a quiet route in phase new ready and says why others are not', async () => {
    const report = (await (await fetch(`${proxy.adminUrl}/admin/report?window=300`)).json()) as DecommissionReport;
    const [status, orders, flaky, payments] = report.routes;
    expect(status).toMatchObject({
      id: 'status',
      phase: 'new',
      phaseSince: TWO_DAYS_AGO,
      traffic: { new: { requests: 5, errors: 0 } },
      verdict: { readyToRetireLegacy: true },
    });
    expect(orders!.verdict).toEqual({
      readyToRetireLegacy: false,
      reasons: [expect.stringMatching(/^phase is canary at weight 30 % — finish the ramp/)],
    });
    expect(payments!.verdict.reasons[0]).toBe(
      'all traffic is on new (weight 100 %) but the phase is canary: the 24 h quiet period starts with phase new — run: strangler phase payments new --reason "all traffic on new"',
    );
    expect(orders!.traffic.legacy.requests + orders!.traffic.new.requests).toBe(5);
    expect(flaky).toMatchObject({
      fallbacks: 5,
      traffic: { new: { requests: 5, errors: 5 } },
      verdict: { readyToRetireLegacy: false },
    });
    expect(flaky!.verdict.reasons).toEqual([
      "new's 5xx rate 100 % exceeds legacy's 0 % by more than 0.5 pp",
      '5 request(s) fell back to legacy in the window — new still leans on legacy',
    ]);
  });

  it('prints the same verdicts as Markdown from the CLI', async () => {
    const run = await runCli(['report', '--window', '5m'], { STRANGLER_ADMIN_URL: proxy.adminUrl });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('| status | new |');
    expect(run.stdout).toContain('## status: ready to retire legacy');
    expect(run.stdout).toContain('## orders: not yet');
  });

  it('for a route at 100 % names the command that starts its quiet period, and that command works', async () => {
    const run = await runCli(['report'], { STRANGLER_ADMIN_URL: proxy.adminUrl });
    const command = /run: strangler (phase payments new --reason "all traffic on new")/.exec(run.stdout)?.[1];
    expect(command).toBeDefined();
    const args = command!.match(/"[^"]*"|\S+/g)!.map((arg) => arg.replace(/^"|"$/g, ''));
    const phase = await runCli(args, { STRANGLER_ADMIN_URL: proxy.adminUrl });
    expect(phase.stderr).toBe('');
    expect(phase.code).toBe(0);
    const report = (await (await fetch(`${proxy.adminUrl}/admin/report?window=300`)).json()) as DecommissionReport;
    expect(report.routes.find((r) => r.id === 'payments')).toMatchObject({
      phase: 'new',
      verdict: {
        reasons: expect.arrayContaining([expect.stringMatching(/^in phase new for 0 h of the 24 h quiet period/)]),
      },
    });
  });
});
