// Issue 12 item 8: the proxy's log file in the same folder as routes.yaml, appended to without pause,
// must not keep a routes.yaml edit from being applied (or refused and counted) within 2 s.
import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routesYaml, startFileProxy, type FileProxy } from '../../helpers/adminFixtures.ts';
import { startLoad } from '../../helpers/adminLoad.ts';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

// A line every millisecond (each one a change event in the folder), in its own process as a logger would be.
const APPEND_FOREVER = `
const fs = require('node:fs');
const fd = fs.openSync(process.argv[1], 'a');
const pause = new Int32Array(new SharedArrayBuffer(4));
for (let i = 0; ; i++) {
  fs.writeSync(fd, '{"level":30,"msg":"request completed","n":' + i + '}\\n');
  Atomics.wait(pause, 0, 0, 1);
}`;

describe('a folder that changes constantly does not starve the routes.yaml watcher', () => {
  let legacy: TestUpstream;
  let proxy: FileProxy;
  let appender: ChildProcess;
  let appended = 0;
  let log = '';
  const size = () => (appended = statSync(log, { throwIfNoEntry: false })?.size ?? 0);
  beforeAll(async () => {
    legacy = await startUpstream(echoListener('legacy'));
    // Default watch timings, as in production.
    proxy = await startFileProxy(routesYaml(legacy.url, { orders: 10 }), { watchConfig: true });
    log = path.join(proxy.dir, 'proxy.log');
    appender = spawn(process.execPath, ['-e', APPEND_FOREVER, log], { stdio: 'ignore' });
    for (const deadline = Date.now() + 10_000; size() < 10_000 && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
  afterAll(async () => {
    appender?.kill('SIGKILL');
    await proxy?.close();
    await legacy?.close();
  });

  const failures = async () =>
    Number(
      /strangler_config_reload_total\{result="failure"\} (\d+)/.exec(
        await (await fetch(`${proxy.adminUrl}/metrics`)).text(),
      )?.[1] ?? 0,
    );

  it('applies a valid edit within 2 s under traffic', async () => {
    expect(appended).toBeGreaterThan(10_000);
    const load = startLoad(`${proxy.proxyUrl}/api/orders`);
    await writeFile(proxy.configFile, routesYaml(legacy.url, { orders: 70 }));
    await expect.poll(() => proxy.live.current().byId.get('orders')!.weight, { timeout: 2_000, interval: 20 }).toBe(70);
    const result = await load.stop();
    expect(result.failures).toEqual([]);
  });

  it('refuses an invalid edit and counts the failure within 2 s', async () => {
    const before = await failures();
    await writeFile(proxy.configFile, routesYaml(legacy.url, { orders: 170 }));
    await expect.poll(failures, { timeout: 2_000, interval: 20 }).toBe(before + 1);
    expect(proxy.live.current().byId.get('orders')!.weight).toBe(70);
    const sizeBefore = appended;
    expect(size()).toBeGreaterThan(sizeBefore); // the folder was still busy the whole time
  });
});
