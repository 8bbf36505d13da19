// `strangler init` starts a team from its own API: one route per OpenAPI operation at weight 0 in phase
// legacy, no demo handler anywhere, a file that validates and serves as written.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadSnapshot } from '../../../proxy/config/load.ts';
import { runCli } from '../../helpers/adminCli.ts';
import { tempDir } from '../../helpers/adminFixtures.ts';
import { testInstanceDefaults, type TestProxy } from '../../helpers/proxy.ts';
import { startRecordingUpstream, type RecordingUpstream } from '../../helpers/recordingUpstream.ts';
import { startStrangler } from '../../../proxy/start.ts';
import { handlerRegistry } from '../../../proxy/forward/handlers.ts';

const OPENAPI = {
  openapi: '3.0.3',
  info: { title: 'orders', version: '1' },
  paths: {
    '/api/orders/{orderId}': {
      get: { operationId: 'getOrder' },
      delete: { operationId: 'cancelOrder' },
      parameters: [],
    },
    '/api/orders/open': { get: { operationId: 'listOpenOrders' } },
    '/api/orders': { get: {}, post: { operationId: 'placeOrder' }, trace: {} },
  },
};

describe('strangler init', () => {
  let dir: string;
  let legacy: RecordingUpstream;
  let proxy: TestProxy | undefined;

  beforeAll(async () => {
    dir = await tempDir('strangler-init-');
    legacy = await startRecordingUpstream();
    await writeFile(path.join(dir, 'openapi.json'), JSON.stringify(OPENAPI));
  });
  afterAll(async () => {
    await proxy?.close();
    await legacy.close();
  });

  it('writes one route per operation at weight 0 in phase legacy, literal paths before parameters', async () => {
    const out = path.join(dir, 'routes.yaml');
    const run = await runCli([
      'init',
      '--legacy',
      legacy.url,
      '--from-openapi',
      path.join(dir, 'openapi.json'),
      '--out',
      out,
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('skipped TRACE /api/orders');
    const written = parse(await readFile(out, 'utf8')) as {
      backends: { legacy: { url: string } };
      routes: Array<Record<string, unknown>>;
    };
    expect(written.backends.legacy.url).toBe(legacy.url);
    expect(
      written.routes.map((r) => [
        r.id,
        (r.match as { methods: string[] }).methods[0],
        (r.match as { path: string }).path,
      ]),
    ).toEqual([
      ['list-open-orders', 'GET', '/api/orders/open'],
      ['get-order', 'GET', '/api/orders/:orderId'],
      ['cancel-order', 'DELETE', '/api/orders/:orderId'],
      ['get-api-orders', 'GET', '/api/orders'],
      ['place-order', 'POST', '/api/orders'],
    ]);
    for (const route of written.routes)
      expect(route).toMatchObject({ weight: 0, phase: 'legacy', new: { url: 'http://127.0.0.1:7000' } });
    expect(JSON.stringify(written)).not.toContain('handler');
    expect((await runCli(['validate', out])).code).toBe(0);
  });

  it('serves the file as written: every operation reaches legacy under its own route', async () => {
    const snapshot = await loadSnapshot(path.join(dir, 'routes.yaml'), { handlerNames: new Set() });
    const strangler = await startStrangler({ snapshot, handlers: handlerRegistry({}), ...testInstanceDefaults() });
    proxy = Object.assign(strangler, { url: strangler.proxyUrl });
    const open = await fetch(`${proxy.url}/api/orders/open`);
    const one = await fetch(`${proxy.url}/api/orders/42`, { method: 'DELETE' });
    expect([open.headers.get('x-strangler-backend'), one.headers.get('x-strangler-backend')]).toEqual([
      'legacy',
      'legacy',
    ]);
    expect(legacy.seen.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /api/orders/open', 'DELETE /api/orders/42']);
    const metrics = await (await fetch(`${proxy.adminUrl}/metrics`)).text();
    expect(metrics).toMatch(/strangler_requests_total\{[^}]*route="list-open-orders"[^}]*backend="legacy"/);
    expect(metrics).toMatch(/strangler_requests_total\{[^}]*route="cancel-order"[^}]*backend="legacy"/);
  });

  it('refuses to overwrite an existing file without --force, and a bad legacy URL with the validation report', async () => {
    const out = path.join(dir, 'routes.yaml');
    const [again, bad, missing] = await Promise.all([
      runCli(['init', '--legacy', legacy.url, '--out', out]),
      runCli(['init', '--legacy', 'ftp://x', '--out', path.join(dir, 'bad.yaml')]),
      runCli(['init']),
    ]);
    expect(again!.code).toBe(1);
    expect(again!.stderr).toContain('exists — pass --force');
    expect(bad!.code).toBe(1);
    expect(bad!.stderr).toContain('backends.legacy.url');
    expect(missing!.code).toBe(2);
    expect(missing!.stderr).toContain('--legacy is required');
  });
});
