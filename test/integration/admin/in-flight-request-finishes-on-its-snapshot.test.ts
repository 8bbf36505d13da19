import { writeFile } from 'node:fs/promises';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotFromText } from '../../../proxy/config/load.ts';
import { handlerRegistry } from '../../../proxy/forward/handlers.ts';
import { startStrangler, type Strangler } from '../../../proxy/start.ts';
import { routesYaml, tempDir } from '../../helpers/adminFixtures.ts';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

describe('a reload during a request', () => {
  let legacy: TestUpstream;
  let proxy: Strangler;
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
    file = `${await tempDir()}/routes.yaml`;
    await writeFile(file, routesYaml(legacy.url, { orders: 100 }));
    proxy = await startStrangler({
      snapshot: snapshotFromText(routesYaml(legacy.url, { orders: 100 }), file, { handlerNames: slow.names }),
      handlers: slow,
      logger: pino({ level: 'silent' }),
      registry: new Registry(),
      listen: { host: '127.0.0.1', port: 0 },
      admin: { host: '127.0.0.1', port: 0 },
      adminTokens: [],
      configFile: file,
      watchConfig: { debounceMs: 20 },
    });
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
