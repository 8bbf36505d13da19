import { readdir, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall, startFileProxy, routesYaml, type FileProxy } from '../../helpers/adminFixtures.ts';

describe('an applied weight change is persisted to routes.yaml', () => {
  let proxy: FileProxy;
  beforeAll(async () => {
    proxy = await startFileProxy(routesYaml('http://127.0.0.1:9'));
  });
  afterAll(() => proxy.close());

  it('keeps comments and formatting byte-for-byte outside the changed value, and leaves no temp file', async () => {
    const res = await adminCall(proxy.adminUrl, 'PATCH', '/admin/routes/status', {
      body: { weight: 7.5, reason: 'canary' },
      headers: { 'if-match': proxy.live.current().hash },
    });
    expect(res.status).toBe(200);
    expect(await readFile(proxy.configFile, 'utf8')).toBe(
      routesYaml('http://127.0.0.1:9', { orders: 10, status: 7.5 }),
    );
    expect((await readdir(proxy.dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('a restart from the file comes back with the changed weight', async () => {
    const again = await startFileProxy('', {}, proxy.dir);
    expect(again.live.current().byId.get('status')!.weight).toBe(7.5);
    expect(again.live.current().hash).toBe(proxy.live.current().hash);
    await again.close();
  });
});
