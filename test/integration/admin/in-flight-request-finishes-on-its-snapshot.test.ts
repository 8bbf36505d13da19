import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerRegistry } from '../../../proxy/forward/handlers.ts';
import { routesYaml, startFileProxy, type FileProxy } from '../../helpers/adminFixtures.ts';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

describe('a reload during a request', () => {
  let legacy: TestUpstream;
  let proxy: FileProxy;
  let file: string;
  let release: () => void = () => undefined;
  let handlerStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (handlerStarted = resolve));

  beforeAll(async () => {
    legacy = await startUpstream(echoListener('legacy'));
    const slow = handlerRegistry({
      orders: (_req, res) => {
        handlerStarted();
        new Promise<void>((resolve) => (release = resolve)).then(() => res.end('from new'));
      },
      status: (_req, res) => res.end('status'),
    });
    proxy = await startFileProxy(routesYaml(legacy.url, { orders: 100 }), {
      handlers: slow,
      watchConfig: { debounceMs: 20 },
    });
    file = proxy.configFile;
  });
  afterAll(async () => {
    await proxy.close();
    await legacy.close();
  });

  it('the request finishes on the backend it started with; the next one follows the new weight', async () => {
    const inFlight = fetch(`${proxy.proxyUrl}/api/orders`);
    await started;
    await writeFile(file, routesYaml(legacy.url, { orders: 0 }));
    await expect.poll(() => proxy.live.current().byId.get('orders')!.weight, { timeout: 10_000 }).toBe(0);
    release();
    const res = await inFlight;
    expect(res.headers.get('x-strangler-backend')).toBe('new');
    expect(await res.text()).toBe('from new');
    expect((await fetch(`${proxy.proxyUrl}/api/orders`)).headers.get('x-strangler-backend')).toBe('legacy');
  });
});
