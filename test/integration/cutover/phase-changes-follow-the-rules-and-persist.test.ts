import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { handlerRegistry } from '../../../proxy/forward/handlers.ts';
import { runCli } from '../../helpers/adminCli.ts';
import { answerAsNew } from '../../helpers/newHandler.ts';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

describe('phase changes through the admin API and CLI', () => {
  let legacy: TestUpstream;
  let proxy: TestProxy;
  let configFile: string;

  beforeAll(async () => {
    legacy = await startUpstream(echoListener('legacy'));
    const config = {
      backends: { legacy: { url: legacy.url } },
      routes: [{ id: 'orders', match: { path: '/orders' }, new: { handler: 'orders' }, weight: 0 }],
    };
    configFile = path.join(await mkdtemp(path.join(tmpdir(), 'strangler-phase-')), 'routes.yaml');
    await writeFile(configFile, `# operator's note: keep me\n${stringify(config)}`);
    proxy = await startProxy({
      handlers: handlerRegistry({ orders: answerAsNew }),
      config,
      start: { configFile, watchConfig: false },
    });
  });
  afterAll(async () => {
    await proxy.close();
    await legacy.close();
  });

  const cli = (...args: string[]) => runCli(args, { STRANGLER_ADMIN_URL: proxy.adminUrl });

  it('refuses a phase that skips steps and names the allowed ones', async () => {
    const run = await cli('phase', 'orders', 'new');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('route "orders" cannot go from legacy to new — allowed from legacy: shadow, canary');
    expect(proxy.live.current().byId.get('orders')?.config.phase).toBeUndefined();
  });

  it('moves legacy → shadow, writing phase and phaseSince to routes.yaml and the audit log', async () => {
    const run = await cli('phase', 'orders', 'shadow', '--reason', 'compare before canary');
    expect(run.stdout.trim()).toBe('orders: phase legacy → shadow (weight 0 %)');
    const text = await readFile(configFile, 'utf8');
    expect(text).toMatch(/^# operator's note: keep me\n/);
    expect(text).toMatch(/phase: shadow\n\s+phaseSince: "?\d{4}-\d\d-\d\dT/);
    expect(proxy.live.current().byId.get('orders')?.config.phase).toBe('shadow');
    const listed = (await (await fetch(`${proxy.adminUrl}/admin/routes`)).json()) as {
      routes: Array<{ id: string; phase: string }>;
    };
    expect(listed.routes.find((r) => r.id === 'orders')?.phase).toBe('shadow');
    expect((await cli('status')).stdout).toContain('\nphases: orders shadow\n');
    const [entry] = (await proxy.admin.audit.list({ route: 'orders', limit: 1 })).entries;
    expect(entry).toMatchObject({ action: 'phase:legacy->shadow', reason: 'compare before canary', actor: 'local' });
  });

  it('refuses to retire legacy before the quiet period in phase new', async () => {
    expect((await cli('phase', 'orders', 'canary')).code).toBe(0);
    expect((await cli('phase', 'orders', 'new')).code).toBe(0);
    const run = await cli('phase', 'orders', 'retired');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/has been in phase new for 0 h; retiring legacy needs a quiet period of 24 h/);
    const metrics = await (await fetch(`${proxy.adminUrl}/metrics`)).text();
    expect(metrics).toMatch(/strangler_route_phase\{route="orders",phase="new"\} 1/);
  });
});
