import { mkdir, rename, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { routesYaml, startFileProxy, tempDir, type FileProxy } from '../../helpers/adminFixtures.ts';

const LEGACY = 'http://127.0.0.1:9';

describe('reload triggers beyond a plain write', () => {
  let proxy: FileProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  it('follows a kubectl-style config-map update (..data symlink flipped to a new directory)', async () => {
    const dir = await tempDir();
    const publish = async (version: string, weight: number) => {
      await mkdir(path.join(dir, version));
      await writeFile(path.join(dir, version, 'routes.yaml'), routesYaml(LEGACY, { orders: weight }));
      await symlink(version, path.join(dir, '..data_tmp'));
      await rename(path.join(dir, '..data_tmp'), path.join(dir, '..data'));
    };
    await publish('..2026_01', 10);
    await symlink('..data/routes.yaml', path.join(dir, 'routes.yaml'));
    proxy = await startFileProxy('', {}, dir);
    expect(proxy.live.current().byId.get('orders')!.weight).toBe(10);

    await publish('..2026_02', 40);
    await expect.poll(() => proxy!.live.current().byId.get('orders')!.weight, { timeout: 10_000 }).toBe(40);
    await publish('..2026_03', 55);
    await expect.poll(() => proxy!.live.current().byId.get('orders')!.weight, { timeout: 10_000 }).toBe(55);
  });

  it('reloads on SIGHUP even with file watching off', async () => {
    proxy = await startFileProxy(routesYaml(LEGACY, { orders: 10 }), { watchConfig: false });
    await writeFile(proxy.configFile, routesYaml(LEGACY, { orders: 30 }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(proxy.live.current().byId.get('orders')!.weight).toBe(10);
    process.kill(process.pid, 'SIGHUP');
    await expect.poll(() => proxy!.live.current().byId.get('orders')!.weight, { timeout: 10_000 }).toBe(30);
  });
});
