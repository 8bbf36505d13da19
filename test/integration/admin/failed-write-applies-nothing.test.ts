import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../proxy/controlplane/auditLog.ts';
import { FileStore } from '../../../proxy/controlplane/fileStore.ts';
import { RouteEditor } from '../../../proxy/controlplane/routeEdit.ts';
import { WeightChanger } from '../../../proxy/admin/weightChange.ts';
import { ConfigChangeLock } from '../../../proxy/config/reloadLock.ts';
import { spawnProxyOn, type ProxyProcess } from '../../helpers/adminCli.ts';
import {
  adminCall,
  routesYaml,
  startFileProxy,
  tempDir,
  testHandlers,
  type FileProxy,
} from '../../helpers/adminFixtures.ts';
import { describeWithTool, findTool } from '../../helpers/requiredTool.ts';

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
    const editor = new RouteEditor({
      live: proxy.live,
      store,
      lock: new ConfigChangeLock(),
      context: { handlerNames: testHandlers().names },
      logger,
    });
    const changer = new WeightChanger(editor);
    const hash = proxy.live.current().hash;
    const result = await changer.change({
      routeId: 'orders',
      weight: 50,
      reason: 'ramp',
      actor: 'test',
      action: 'shift',
      ifMatch: hash,
    });
    expect(result).toMatchObject({ ok: false, status: 500, code: 'PERSIST_FAILED' });
    expect(!result.ok && result.message).toContain('read-only config map');
    expect(proxy.live.current().hash).toBe(hash);
    expect(await readFile(proxy.configFile, 'utf8')).toBe(routesYaml('http://127.0.0.1:9'));
    expect(await audit.list()).toEqual({ entries: [], unreadableLines: [] });
  });
});

// The same over HTTP from a running proxy process whose config directory it may not write (a read-only mount, a
// config map). Root writes anywhere whatever the mode bits, so as root the proxy runs as `nobody` (setpriv).
const NOBODY = 65534;
const title = 'PATCH through the running admin API when the config directory is read-only';
const readOnlyDirectory = (setpriv: string | undefined) => () => {
  const legacy = 'http://127.0.0.1:9';
  let dir: string;
  let proxy: ProxyProcess;
  beforeAll(async () => {
    dir = await tempDir();
    await writeFile(path.join(dir, 'routes.yaml'), routesYaml(legacy));
    await chmod(dir, 0o555);
    proxy = await spawnProxyOn(path.join(dir, 'routes.yaml'), undefined, setpriv ? [setpriv, NOBODY] : undefined);
  }, 60_000);
  afterAll(async () => {
    await proxy?.stop();
    await chmod(dir, 0o755);
  });

  it('answers 500 PERSIST_FAILED naming the store, and the live config, the file and the audit log stay as they were', async () => {
    const before = await adminCall(proxy.adminUrl, 'GET', '/admin/routes');
    const res = await adminCall(proxy.adminUrl, 'PATCH', '/admin/routes/orders', {
      body: { weight: 50, reason: 'ramp' },
      headers: { 'if-match': before.headers.get('etag')! },
    });
    expect(res.status).toBe(500);
    expect(res.body.error).toMatchObject({ code: 'PERSIST_FAILED', configHash: before.body.configHash });
    expect(res.body.error.message).toMatch(
      /^could not update the file store: .*(EACCES|EROFS).* — the change was not applied$/,
    );
    const after = await adminCall(proxy.adminUrl, 'GET', '/admin/routes');
    expect(after.headers.get('etag')).toBe(before.headers.get('etag'));
    expect(after.body.routes.find((r: { id: string }) => r.id === 'orders')).toMatchObject({ weight: 10 });
    expect(await readFile(path.join(dir, 'routes.yaml'), 'utf8')).toBe(routesYaml(legacy));
    expect((await adminCall(proxy.adminUrl, 'GET', '/admin/audit?route=orders')).body.entries).toEqual([]);
  });
};
if (process.getuid?.() === 0)
  describeWithTool(findTool('setpriv', 'util-linux'), title, (setpriv) => readOnlyDirectory(setpriv)());
else describe(title, readOnlyDirectory(undefined));
