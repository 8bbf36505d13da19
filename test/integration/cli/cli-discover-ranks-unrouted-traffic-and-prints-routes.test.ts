// Discover through a running proxy: traffic no route matches shows up by path template in GET /admin/discover,
// `strangler discover` and `strangler status`; the route entries of `--yaml`, pasted into the live routes.yaml,
// validate, are hot-reloaded, take that traffic, and leave the backlog.
import { appendFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnProxyProcess, type ProxyProcess } from '../../helpers/adminCli.ts';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

interface Discovered {
  endpoints: Array<{ method: string; template: string; requests: number }>;
}

async function discover(proxy: ProxyProcess): Promise<Discovered> {
  return (await fetch(`${proxy.adminUrl}/admin/discover`)).json() as Promise<Discovered>;
}

/** Outcomes are recorded when each response closes: poll until the table holds what was sent. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('strangler discover', () => {
  let legacy: TestUpstream;
  let proxy: ProxyProcess;
  beforeAll(async () => {
    legacy = await startUpstream(echoListener('legacy'));
    proxy = await spawnProxyProcess(legacy.url);
    for (let i = 0; i < 30; i++) await (await fetch(`${proxy.proxyUrl}/v1/users/${1000 + i * 7}`)).text();
    for (let i = 0; i < 4; i++)
      await (await fetch(`${proxy.proxyUrl}/v1/users/${i}/invoices/${crypto.randomUUID()}`, { method: 'POST' })).text();
    for (let i = 0; i < 5; i++) await (await fetch(`${proxy.proxyUrl}/api/orders`)).text(); // routed: not in the table
    await until(
      () => discover(proxy),
      (d) => d.endpoints.reduce((n, e) => n + e.requests, 0) === 34,
      'the unrouted requests',
    );
  });
  afterAll(async () => {
    await proxy.stop();
    await legacy.close();
  });

  it('GET /admin/discover groups unrouted requests by method and template, busiest first', async () => {
    const { endpoints } = await discover(proxy);
    expect(endpoints.map((e) => [e.method, e.template, e.requests])).toEqual([
      ['GET', '/v1/users/:param', 30],
      ['POST', '/v1/users/:param/invoices/:param', 4],
    ]);
  });

  it('strangler discover prints the ranked table and strangler status the unrouted traffic', async () => {
    const env = { STRANGLER_ADMIN_URL: proxy.adminUrl };
    const [run, status] = await Promise.all([runCli(['discover'], env), runCli(['status'], env)]);
    expect(run.code).toBe(0);
    const [header, first, second] = run.stdout.split('\n');
    expect(header).toMatch(
      /^METHOD\s+TEMPLATE\s+REQUESTS\s+req\/s\s+err\s+p50\s+p99\s+IN LEGACY\s+FIRST SEEN\s+LAST SEEN$/,
    );
    expect(first).toMatch(/^GET\s+\/v1\/users\/:param\s+30\s/);
    expect(second).toMatch(/^POST\s+\/v1\/users\/:param\/invoices\/:param\s+4\s/);
    expect(run.stdout).toContain('· this replica only ·');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(
      /unrouted \(to legacy, no route matched\): \d+\.\d\d req\/s, 0\.00% errors, p50 [\d.]+ms/,
    );
  });

  it('--yaml entries pasted into routes.yaml validate, take the traffic and leave the backlog', async () => {
    const run = await runCli(['discover', '--yaml', '--new-url', 'http://127.0.0.1:7001'], {
      STRANGLER_ADMIN_URL: proxy.adminUrl,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('path: "/v1/users/:param/invoices/:param2"');
    await appendFile(proxy.configFile, run.stdout);
    const validate = await runCli(['validate', proxy.configFile]);
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);
    await until(
      () => discover(proxy),
      (d) => d.endpoints.length === 0,
      'the reload to route both templates',
    );
    const routes = (await (await fetch(`${proxy.adminUrl}/admin/routes`)).json()) as { routes: Array<{ id: string }> };
    expect(routes.routes.map((r) => r.id)).toEqual([
      'orders',
      'status',
      'get-v1-users-param',
      'post-v1-users-param-invoices-param2',
    ]);
  });
});
