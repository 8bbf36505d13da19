import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerRegistry } from '../../../proxy/forward/handlers.ts';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';
import { faultyHandler } from '../../helpers/faultyHandler.ts';

describe('a GET that new fails is answered by legacy', () => {
  let legacy: TestUpstream;
  let proxy: TestProxy;
  const lateWrites: string[] = [];

  beforeAll(async () => {
    legacy = await startUpstream(echoListener('legacy'));
    const handlers = handlerRegistry({
      failing: faultyHandler(() => ({ backend: 'new' }), { errorRate: 1, latencyMs: 0 }).handler,
      throwing: () => {
        throw new Error('boom');
      },
      // Sets a cookie, then answers long after the proxy gave up on it.
      slow: (_req, res) => {
        res.setHeader('set-cookie', 'from=new');
        setTimeout(() => {
          res.statusCode = 200;
          res.end('{"late":true}');
          lateWrites.push('done');
        }, 300);
      },
    });
    const route = (id: string, handler: string) => ({
      id,
      match: { path: `/${id}` },
      new: { handler },
      weight: 100,
      phase: 'new',
      timeoutMs: 100,
    });
    proxy = await startProxy({
      handlers,
      config: {
        backends: { legacy: { url: legacy.url } },
        routes: [route('failing', 'failing'), route('throwing', 'throwing'), route('slow', 'slow')],
      },
    });
  });
  afterAll(async () => {
    await proxy.close();
    await legacy.close();
  });

  it.each([
    ['failing', 'status_5xx'],
    ['throwing', 'handler_error'],
    ['slow', 'timeout'],
  ])('new %s ⇒ legacy answers with fallback reason %s', async (path, reason) => {
    const res = await fetch(`${proxy.url}/${path}?x=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-strangler-backend')).toBe('legacy');
    expect(res.headers.get('x-strangler-fallback')).toBe(reason);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await res.json()).toMatchObject({ backend: 'legacy', method: 'GET', url: `/${path}?x=1` });
  });

  it('counts every fallback by route and reason', async () => {
    await new Promise((resolve) => setTimeout(resolve, 400)); // let the slow handler's late write happen
    expect(lateWrites).toEqual(['done']);
    const metrics = await (await fetch(`${proxy.adminUrl}/metrics`)).text();
    expect(metrics).toMatch(/strangler_fallbacks_total\{route="failing",reason="status_5xx"\} 1/);
    expect(metrics).toMatch(/strangler_fallbacks_total\{route="throwing",reason="handler_error"\} 1/);
    expect(metrics).toMatch(/strangler_fallbacks_total\{route="slow",reason="timeout"\} 1/);
  });

  it("counts new's failed attempts as new 5xx in Prometheus, so error-rate panels and alerts see them", async () => {
    const metrics = await (await fetch(`${proxy.adminUrl}/metrics`)).text();
    for (const route of ['failing', 'throwing', 'slow']) {
      expect(metrics).toMatch(
        new RegExp(`strangler_requests_total\\{route="${route}",backend="new",method="GET",status_class="5xx"\\} 1`),
      );
      expect(metrics).toMatch(
        new RegExp(`strangler_requests_total\\{route="${route}",backend="legacy",method="GET",status_class="2xx"\\} 1`),
      );
    }
  });
});
