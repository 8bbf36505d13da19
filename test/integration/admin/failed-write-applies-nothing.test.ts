import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../proxy/controlplane/auditLog.ts';
import { FileStore } from '../../../proxy/controlplane/fileStore.ts';
import { RouteEditor } from '../../../proxy/controlplane/routeEdit.ts';
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
    const logger = proxy.admin.logger;
    const store = new FileStore({
      file: proxy.configFile,
      auditFile: proxy.auditFile,
      logger,
      persistHooks: {
        beforeRename: async () => {
          throw Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
        },
      },
    });
    const editor = new RouteEditor({ live: proxy.live, store, lock: new ConfigChangeLock(), context: { handlerNames: testHandlers().names }, logger });
    const changer = new WeightChanger(editor);
    const hash = proxy.live.current().hash;
    const result = await changer.change({ routeId: 'orders', weight: 50, reason: 'ramp', actor: 'test', action: 'shift', ifMatch: hash });
    expect(result).toMatchObject({ ok: false, status: 500, code: 'PERSIST_FAILED' });
    expect(!result.ok && result.message).toContain('read-only config map');
    expect(proxy.live.current().hash).toBe(hash);
    expect(await readFile(proxy.configFile, 'utf8')).toBe(routesYaml('http://127.0.0.1:9'));
    expect(await audit.list()).toEqual({ entries: [], unreadableLines: [] });
  });
});
