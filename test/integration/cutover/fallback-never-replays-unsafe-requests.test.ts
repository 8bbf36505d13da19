import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerRegistry } from '../../../proxy/forward/handlers.ts';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { startCountingEcho } from '../../helpers/upstream.ts';
import { faultyHandler } from '../../helpers/faultyHandler.ts';

describe('fallback is limited to requests legacy can safely replay', () => {
  let legacy: Awaited<ReturnType<typeof startCountingEcho>>;
  let proxy: TestProxy;

  beforeAll(async () => {
    legacy = await startCountingEcho('legacy');
    const failing = faultyHandler(() => ({}), { errorRate: 1, latencyMs: 0 }).handler;
    proxy = await startProxy({
      handlers: handlerRegistry({ failing }),
      config: {
        backends: { legacy: { url: legacy.url } },
        routes: [
          { id: 'orders', match: { path: '/orders' }, new: { handler: 'failing' }, weight: 100 },
          { id: 'flags', match: { path: '/flags' }, new: { handler: 'failing' }, weight: 100, idempotent: true },
          { id: 'gone', match: { path: '/gone' }, new: { handler: 'failing' }, weight: 100, phase: 'retired' },
        ],
      },
    });
  });
  afterAll(async () => {
    await proxy.close();
    await legacy.close();
  });

  it('a failed POST reaches the client as new answered it; legacy never sees it', async () => {
    const res = await fetch(`${proxy.url}/orders`, {
      method: 'POST',
      body: '{"qty":1}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(500);
    expect(res.headers.get('x-strangler-backend')).toBe('new');
    expect(legacy.calls).toBe(0);
  });

  it('a bodiless DELETE falls back only on a route marked idempotent', async () => {
    expect((await fetch(`${proxy.url}/orders`, { method: 'DELETE' })).status).toBe(500);
    const res = await fetch(`${proxy.url}/flags`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-strangler-fallback')).toBe('status_5xx');
    expect(legacy.calls).toBe(1);
  });

  it('a retired route never falls back', async () => {
    expect((await fetch(`${proxy.url}/gone`)).status).toBe(500);
    expect(legacy.calls).toBe(1);
  });
});
