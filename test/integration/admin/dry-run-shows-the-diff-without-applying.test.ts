import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall, startFileProxy, routesYaml, type FileProxy } from '../../helpers/adminFixtures.ts';

describe('PATCH ?dryRun=1', () => {
  let proxy: FileProxy;
  beforeAll(async () => {
    proxy = await startFileProxy(routesYaml('http://127.0.0.1:9'));
  });
  afterAll(() => proxy.close());

  it('returns the weight change and the routes.yaml line diff, and changes nothing', async () => {
    const hash = proxy.live.current().hash;
    const res = await adminCall(proxy.adminUrl, 'PATCH', '/admin/routes/orders?dryRun=1', {
      body: { weight: 50, reason: 'try' },
      headers: { 'if-match': hash },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      dryRun: true,
      route: 'orders',
      fromWeight: 10,
      toWeight: 50,
      configHashBefore: hash,
    });
    expect(res.body.configHashAfter).not.toBe(hash);
    expect(res.body.fileDiff).toEqual([
      { line: 15, before: '    weight: 10    # raise slowly!', after: '    weight: 50    # raise slowly!' },
    ]);
    expect(proxy.live.current().hash).toBe(hash);
    expect(await readFile(proxy.configFile, 'utf8')).toBe(routesYaml('http://127.0.0.1:9'));
    expect((await adminCall(proxy.adminUrl, 'GET', '/admin/audit')).body.entries).toEqual([]);
  });
});
