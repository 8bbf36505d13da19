import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerRegistry } from '../../../proxy/forward/handlers.ts';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

describe('a request reaches the backend its route weight chooses', () => {
  let legacy: TestUpstream;
  let proxy: TestProxy;

  beforeAll(async () => {
    legacy = await startUpstream(echoListener('legacy'));
    const handlers = handlerRegistry({
      hello: (_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ backend: 'new' }));
      },
    });
    proxy = await startProxy({
      handlers,
      config: {
        backends: { legacy: { url: legacy.url } },
        routes: [
          { id: 'all-new', match: { path: '/api/new' }, new: { handler: 'hello' }, weight: 100 },
          { id: 'all-legacy', match: { path: '/api/old' }, new: { handler: 'hello' }, weight: 0 },
        ],
      },
    });
  });
  afterAll(async () => {
    await proxy.close();
    await legacy.close();
  });

  it('weight 100 is served by the in-process handler', async () => {
    const res = await fetch(`${proxy.url}/api/new`);
    expect(res.headers.get('x-strangler-backend')).toBe('new');
    expect(await res.json()).toEqual({ backend: 'new' });
  });

  it('weight 0 is forwarded to legacy with path and query unchanged', async () => {
    const res = await fetch(`${proxy.url}/api/old?a=1&b=%20x`);
    expect(res.headers.get('x-strangler-backend')).toBe('legacy');
    const body = (await res.json()) as { backend: string; url: string };
    expect(body).toMatchObject({ backend: 'legacy', url: '/api/old?a=1&b=%20x' });
  });

  it('an unmatched path goes to legacy and carries a request id', async () => {
    const res = await fetch(`${proxy.url}/nowhere`);
    expect(res.headers.get('x-strangler-backend')).toBe('legacy');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const metrics = await (await fetch(`${proxy.adminUrl}/metrics`)).text();
    expect(metrics).toMatch(
      /strangler_requests_total\{route="unmatched",backend="legacy",method="GET",status_class="2xx"\} 1/,
    );
  });
});
