import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../proxy/admin/auditLog.ts';
import { WeightChanger } from '../../../proxy/admin/weightChange.ts';
import { ConfigChangeLock } from '../../../proxy/config/reloadLock.ts';
import { routesYaml, startFileProxy, testHandlers, type FileProxy } from '../../helpers/adminFixtures.ts';

describe('a weight change whose routes.yaml write fails', () => {
  let proxy: FileProxy;
  beforeAll(async () => {
    proxy = await startFileProxy(routesYaml('http://127.0.0.1:9'), { watchConfig: false });
  });
  afterAll(() => proxy.close());

  it('answers PERSIST_FAILED and leaves the live config, the file and the audit log as they were', async () => {
    const audit = new AuditLog(proxy.auditFile);
    const changer = new WeightChanger({
      live: proxy.live,
      lock: new ConfigChangeLock(),
      context: { handlerNames: testHandlers().names },
      audit,
      logger: proxy.admin.logger,
      configFile: proxy.configFile,
      persistHooks: {
        beforeRename: async () => {
          throw Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
        },
      },
    });
    const hash = proxy.live.current().hash;
    const result = await changer.change({ routeId: 'orders', weight: 50, reason: 'ramp', actor: 'test', action: 'shift', ifMatch: hash });
    expect(result).toMatchObject({ ok: false, status: 500, code: 'PERSIST_FAILED' });
    expect(!result.ok && result.message).toContain('read-only config map');
    expect(proxy.live.current().hash).toBe(hash);
    expect(await readFile(proxy.configFile, 'utf8')).toBe(routesYaml('http://127.0.0.1:9'));
    expect(await audit.list()).toEqual({ entries: [], unreadableLines: [] });
  });
});
