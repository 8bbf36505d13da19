import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

describe('fallback when new is an HTTP service', () => {
  let legacy: TestUpstream;
  let failing: TestUpstream;
  let silent: TestUpstream;
  let proxy: TestProxy;
  let closedPort: string;

  beforeAll(async () => {
    legacy = await startUpstream(echoListener('legacy'));
    failing = await startUpstream((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '5' });
      res.end('new is overloaded');
    });
    silent = await startUpstream(() => undefined); // never answers
    const gone = await startUpstream(echoListener('gone'));
    closedPort = gone.url;
    await gone.close();
    proxy = await startProxy({
      config: {
        backends: {
          legacy: { url: legacy.url },
          upstreams: {
            failing: { url: failing.url },
            gone: { url: closedPort },
            silent: { url: silent.url, timeoutMs: 100 },
          },
        },
        routes: [
          { id: 'busy', match: { path: '/busy' }, new: { upstream: 'failing' }, weight: 100 },
          { id: 'down', match: { path: '/down' }, new: { upstream: 'gone' }, weight: 100 },
          { id: 'stuck', match: { path: '/stuck' }, new: { upstream: 'silent' }, weight: 100 },
        ],
      },
    });
  });
  afterAll(async () => {
    await proxy.close();
    await legacy.close();
    await failing.close();
    await silent.close();
  });

  it('answers from legacy when the new service says 503, without its headers', async () => {
    const res = await fetch(`${proxy.url}/busy`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-strangler-fallback')).toBe('status_5xx');
    expect(res.headers.get('retry-after')).toBeNull();
    expect(await res.json()).toMatchObject({ backend: 'legacy', url: '/busy' });
  });

  it('answers from legacy when the new service cannot be reached', async () => {
    const res = await fetch(`${proxy.url}/down`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-strangler-fallback')).toBe('upstream_error');
    expect(await res.json()).toMatchObject({ backend: 'legacy', url: '/down' });
  });

  it('answers from legacy when the new service times out', async () => {
    const res = await fetch(`${proxy.url}/stuck`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-strangler-fallback')).toBe('timeout');
    expect(await res.json()).toMatchObject({ backend: 'legacy', url: '/stuck' });
  });
});
