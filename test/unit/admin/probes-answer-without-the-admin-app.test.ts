// The admin listener answers /healthz and /readyz itself (proxy/admin/probes.ts), so an idle proxy that
// is only probed never loads express and the admin app (issue 15, idle RSS); everything else is left alone.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerProbe } from '../../../proxy/admin/probes.ts';

let ready = false;
let url = '';
const server = http.createServer((req, res) => {
  if (!answerProbe(req, res, { isReady: () => ready, configHash: () => 'abc123' }))
    res.writeHead(418).end('not a probe');
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('answerProbe', () => {
  it('answers /healthz 200 and /readyz 503 then 200 with the config hash, as JSON', async () => {
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await health.json()).toEqual({ status: 'ok' });
    const notReady = await fetch(`${url}/readyz?probe=1`);
    expect([notReady.status, await notReady.json()]).toEqual([503, { status: 'not ready', configHash: 'abc123' }]);
    ready = true;
    const isReady = await fetch(`${url}/readyz`);
    expect([isReady.status, await isReady.json()]).toEqual([200, { status: 'ready', configHash: 'abc123' }]);
  });

  it('answers HEAD without a body and leaves other paths and methods to the admin app', async () => {
    const head = await fetch(`${url}/healthz`, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([200, '']);
    for (const [method, path] of [
      ['GET', '/metrics'],
      ['POST', '/healthz'],
      ['GET', '/healthz/x'],
    ]) {
      expect((await fetch(`${url}${path}`, { method })).status).toBe(418);
    }
  });
});
