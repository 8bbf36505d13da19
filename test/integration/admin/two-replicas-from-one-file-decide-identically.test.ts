import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routesYaml, startFileProxy, type FileProxy } from '../../helpers/adminFixtures.ts';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

describe('replicas sharing one routes.yaml', () => {
  let legacy: TestUpstream;
  let first: FileProxy;
  let second: FileProxy;
  beforeAll(async () => {
    legacy = await startUpstream(echoListener('legacy'));
    first = await startFileProxy(routesYaml(legacy.url, { orders: 37.5 }));
    second = await startFileProxy('', {}, first.dir); // same file, as from a shared volume or config map
  });
  afterAll(async () => {
    await Promise.all([first.close(), second.close()]);
    await legacy.close();
  });

  const decisions = async (proxy: FileProxy, clients: string[]) =>
    Promise.all(
      clients.map(async (client) =>
        (await fetch(`${proxy.proxyUrl}/api/orders`, { headers: { 'x-user-id': client } })).headers.get(
          'x-strangler-backend',
        ),
      ),
    );

  it('send every client to the same backend, and report the same config hash', async () => {
    const clients = Array.from({ length: 300 }, (_, i) => `user-${i}`);
    const fromFirst = await decisions(first, clients);
    expect(await decisions(second, clients)).toEqual(fromFirst);
    expect(new Set(fromFirst)).toEqual(new Set(['legacy', 'new']));
    const info = async (proxy: FileProxy) =>
      /strangler_config_info\{hash="(\w+)"\} 1/.exec(await (await fetch(`${proxy.adminUrl}/metrics`)).text())?.[1];
    expect(await info(first)).toBe(await info(second));
  });

  it('a weight change through one replica reaches the other through the shared file', async () => {
    const res = await fetch(`${first.adminUrl}/admin/routes/orders`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'if-match': first.live.current().hash },
      body: JSON.stringify({ weight: 80, reason: 'ramp' }),
    });
    expect(res.status).toBe(200);
    await expect.poll(() => second.live.current().hash, { timeout: 10_000 }).toBe(first.live.current().hash);
    const clients = Array.from({ length: 100 }, (_, i) => `user-${i}`);
    expect(await decisions(second, clients)).toEqual(await decisions(first, clients));
  });
});
