// Issue 12 item 9: without tokens the admin API is open on loopback, so a web page must not be able to
// drive it through the user's browser: DNS rebinding (a foreign Host) and cross-site requests (a foreign
// Origin, a form's non-JSON body) answer 403 with the error table's JSON, and change nothing.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routesYaml, startFileProxy, type FileProxy } from '../../helpers/adminFixtures.ts';

interface Answer {
  status: number;
  body: { error?: { code: string; message: string } } & Record<string, unknown>;
}

/** node:http, because fetch may not set Host. */
function send(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}${path}`, { method, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : {} }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the tokenless admin API refuses what a web page can make a browser send', () => {
  let proxy: FileProxy;
  let host: string;
  let original: string;
  beforeAll(async () => {
    proxy = await startFileProxy(routesYaml('http://127.0.0.1:9', { orders: 40 }));
    host = new URL(proxy.adminUrl).host;
    original = await readFile(proxy.configFile, 'utf8');
  });
  afterAll(() => proxy.close());

  const unchanged = async () => {
    expect(await readFile(proxy.configFile, 'utf8')).toBe(original);
    expect(proxy.live.current().byId.get('orders')!.weight).toBe(40);
  };

  it('refuses a foreign Host (DNS rebinding) on reads and writes, and on /metrics', async () => {
    for (const [method, path] of [
      ['GET', '/admin/routes'],
      ['GET', '/metrics'],
      ['GET', '/dashboard'],
    ] as const) {
      const answer = await send(proxy.adminUrl, method, path, { host: 'evil.example:9090' });
      expect(answer.status).toBe(403);
      expect(answer.body.error!.code).toBe('FOREIGN_HOST');
      expect(answer.body.error!.message).toContain('admin.allowedHosts');
    }
    const write = await send(
      proxy.adminUrl,
      'POST',
      '/admin/routes/orders/rollback',
      { host: 'evil.example', 'content-type': 'application/json' },
      '{}',
    );
    expect(write.status).toBe(403);
    await unchanged();
  });

  it('answers its own address, localhost and probes on any Host', async () => {
    expect((await send(proxy.adminUrl, 'GET', '/admin/routes', { host })).status).toBe(200);
    expect(
      (await send(proxy.adminUrl, 'GET', '/admin/routes', { host: `localhost:${new URL(proxy.adminUrl).port}` }))
        .status,
    ).toBe(200);
    expect((await send(proxy.adminUrl, 'GET', '/healthz', { host: 'evil.example' })).status).toBe(200);
  });

  it('refuses a state-changing request with a foreign Origin, even with a JSON body', async () => {
    for (const origin of ['http://evil.example', 'null', 'http://127.0.0.1:1', 'chrome-extension://abc']) {
      const answer = await send(
        proxy.adminUrl,
        'POST',
        '/admin/routes/orders/rollback',
        { host, origin, 'content-type': 'application/json' },
        '{"reason":"x"}',
      );
      expect(answer.status).toBe(403);
      expect(answer.body.error!.code).toBe('FOREIGN_ORIGIN');
    }
    await unchanged();
  });

  it('refuses a state-changing request whose body is not JSON (a form or text/plain post)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const answer = await send(
        proxy.adminUrl,
        'POST',
        '/admin/routes/orders/rollback',
        { host, 'content-type': type },
        'reason=x',
      );
      expect(answer.status).toBe(403);
      expect(answer.body.error!.code).toBe('NOT_JSON');
    }
    await unchanged();
  });

  it('accepts the same request from its own origin (the dashboard) or with no Origin (CLI, curl)', async () => {
    const fromDashboard = await send(
      proxy.adminUrl,
      'POST',
      '/admin/routes/orders/rollback',
      { host, origin: `http://${host}`, 'content-type': 'application/json' },
      '{"reason":"dashboard"}',
    );
    expect(fromDashboard.status).toBe(200);
    expect(proxy.live.current().byId.get('orders')!.weight).toBe(0);
    const fromCli = await send(proxy.adminUrl, 'POST', '/admin/routes/orders/rollback', { host });
    expect(fromCli.status).toBe(200);
  });
});

describe('admin.allowedHosts', () => {
  it('adds names the listener answers to', async () => {
    const yaml = `admin: { allowedHosts: [strangler-admin.internal] }\n${routesYaml('http://127.0.0.1:9')}`;
    const proxy = await startFileProxy(yaml);
    try {
      expect(
        (await send(proxy.adminUrl, 'GET', '/admin/routes', { host: 'strangler-admin.internal:9090' })).status,
      ).toBe(200);
      expect((await send(proxy.adminUrl, 'GET', '/admin/routes', { host: 'other.internal' })).status).toBe(403);
    } finally {
      await proxy.close();
    }
  });
});
