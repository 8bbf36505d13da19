import { writeFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routesYaml, startFileProxy, type FileProxy } from '../../helpers/adminFixtures.ts';
import { startLoad } from '../../helpers/adminLoad.ts';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

describe('an invalid routes.yaml is never applied', () => {
  let legacy: TestUpstream;
  let proxy: FileProxy;
  const logLines: string[] = [];
  beforeAll(async () => {
    legacy = await startUpstream(echoListener('legacy'));
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    proxy = await startFileProxy(routesYaml(legacy.url, { orders: 100 }), {
      logger: pino({ level: 'info' }, logStream),
    });
  });
  afterAll(async () => {
    await proxy.close();
    await legacy.close();
  });

  const failures = async () =>
    Number(
      /strangler_config_reload_total\{result="failure"\} (\d+)/.exec(
        await (await fetch(`${proxy.adminUrl}/metrics`)).text(),
      )?.[1],
    );

  it('under load, keeps serving with the old snapshot, logs the full report and counts the failure', async () => {
    const goodHash = proxy.live.current().hash;
    const load = startLoad(`${proxy.proxyUrl}/api/orders`);
    const broken = routesYaml(legacy.url, { orders: 140 }).replace(
      '    new:\n      handler: orders',
      '    new:\n      handler: orders\n    wieght: 3',
    );
    await writeFile(proxy.configFile, broken);
    await expect.poll(failures, { timeout: 10_000 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const result = await load.stop();

    expect(result.failures).toEqual([]);
    expect(result.backends).toEqual(new Set(['new']));
    expect(proxy.live.current().hash).toBe(goodHash);
    const report = logLines.find((line) => line.includes('config reload rejected'))!;
    expect(report).toContain('routes[0].weight: 140 is above 100');
    expect(report).toContain('unknown key \\"wieght\\"');
    expect(report).toContain(goodHash);
  });

  it('the next valid edit is applied', async () => {
    await writeFile(proxy.configFile, routesYaml(legacy.url, { orders: 0 }));
    await expect.poll(() => proxy.live.current().byId.get('orders')!.weight, { timeout: 10_000 }).toBe(0);
  });
});
