import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotFromText } from '../../../proxy/config/load.ts';
import { routesYaml, startFileProxy, testHandlers, type FileProxy } from '../../helpers/adminFixtures.ts';
import { startLoad } from '../../helpers/adminLoad.ts';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

describe('hot reload under load', () => {
  let legacy: TestUpstream;
  let proxy: FileProxy;
  beforeAll(async () => {
    legacy = await startUpstream(echoListener('legacy'));
    proxy = await startFileProxy(routesYaml(legacy.url, { orders: 0 }));
  });
  afterAll(async () => {
    await proxy.close();
    await legacy.close();
  });

  it('50 reloads, by in-place write and by editor-style rename, while requests flow: none fails', async () => {
    const load = startLoad(`${proxy.proxyUrl}/api/orders`);
    for (let i = 1; i <= 50; i++) {
      const text = routesYaml(legacy.url, { orders: i % 2 === 0 ? 0 : 100, status: i });
      const expected = snapshotFromText(text, 'expected', { handlerNames: testHandlers().names }).hash;
      if (i % 2 === 0) {
        await writeFile(proxy.configFile, text);
      } else {
        const temp = path.join(proxy.dir, `.routes.yaml.swp${i}`);
        await writeFile(temp, text);
        await rename(temp, proxy.configFile);
      }
      await expect.poll(() => proxy.live.current().hash, { timeout: 10_000, interval: 10 }).toBe(expected);
    }
    const result = await load.stop();
    expect(result.failures).toEqual([]);
    expect(result.ok).toBeGreaterThan(50);
    expect(result.backends).toEqual(new Set(['legacy', 'new']));
    const metrics = await (await fetch(`${proxy.adminUrl}/metrics`)).text();
    const successes = Number(/strangler_config_reload_total\{result="success"\} (\d+)/.exec(metrics)?.[1]);
    expect(successes).toBeGreaterThanOrEqual(50);
    expect(metrics).toContain(`strangler_config_info{hash="${proxy.live.current().hash}"} 1`);
  });
});
