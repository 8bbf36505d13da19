// Through the real proxy with every route at weight 50: clients land on different backends per route, and
// whatever one backend wrote, the other reads (orders, analysis tasks).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_ROUTES } from '../../../services/routes.ts';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { STACK_START_TIMEOUT_MS, startServices, type ServicesUnderTest } from '../../helpers/servicesServer.ts';
import { pollTask, SAMPLE_ANALYSIS } from '../../helpers/servicesClient.ts';

const CLIENTS = Array.from({ length: 24 }, (_, i) => `client-${i}`);

async function viaProxy(proxy: TestProxy, client: string, method: string, path: string, body?: unknown) {
  const response = await fetch(proxy.url + path, {
    method,
    headers: { 'x-user-id': client, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return {
    status: response.status,
    backend: response.headers.get('x-strangler-backend'),
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe('cross-backend consistency through the proxy at 50 %', () => {
  let services: ServicesUnderTest;
  let proxy: TestProxy;
  beforeAll(async () => {
    services = await startServices({ marketLatencyMs: 5 });
    proxy = await startProxy({
      handlers: services.stack.handlers,
      config: {
        backends: { legacy: { url: services.legacyUrl } },
        sticky: { key: ['header:x-user-id'] },
        routes: SERVICE_ROUTES.map((route, i) => ({
          id: `${route.handler}-${i}`,
          match: { methods: route.methods, path: route.path },
          new: { handler: route.handler },
          weight: route.legacy ? 50 : 100,
        })),
      },
    });
  }, STACK_START_TIMEOUT_MS);
  afterAll(async () => {
    await proxy?.close();
    await services?.close();
  });

  it('reads every order through the other backend than the one that placed it, in both directions', async () => {
    const crossings = new Set<string>();
    for (const client of CLIENTS) {
      const placed = await viaProxy(proxy, client, 'POST', '/api/orders', {
        symbol: 'AAPL',
        side: 'buy',
        type: 'market',
        quantity: 1,
      });
      expect(placed.status).toBe(201);
      const read = await viaProxy(proxy, client, 'GET', `/api/orders/${placed.body.id}`);
      expect(read).toMatchObject({ status: 200, body: placed.body });
      if (placed.backend !== read.backend) crossings.add(`${placed.backend}->${read.backend}`);
    }
    expect(crossings).toEqual(new Set(['legacy->new', 'new->legacy']));
  });

  it('polls each analysis through either backend, whichever created it', async () => {
    const created = new Set<string>();
    for (const client of CLIENTS.slice(0, 8)) {
      const accepted = await viaProxy(proxy, client, 'POST', '/api/analyze', SAMPLE_ANALYSIS);
      expect(accepted.status).toBe(202);
      created.add(accepted.backend!);
      expect(await pollTask(proxy.url, accepted.body.task_id as string)).toMatchObject({ status: 'complete' });
    }
    expect(created).toEqual(new Set(['legacy', 'new']));
  });
});
