import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockFileOf } from '../../../proxy/config/persistLock.ts';
import { runCli } from '../../helpers/adminCli.ts';
import { routesYaml, startFileProxy, type FileProxy } from '../../helpers/adminFixtures.ts';

describe('strangler phase on a routes.yaml file', () => {
  let proxy: FileProxy;
  const legacy = 'http://127.0.0.1:9';
  beforeAll(async () => {
    proxy = await startFileProxy(routesYaml(legacy), { watchConfig: false });
  });
  afterAll(() => proxy.close());

  const cli = (...args: string[]) => runCli(args, { STRANGLER_ADMIN_URL: proxy.adminUrl });

  it('changes only the phase values and the weight it pins, byte for byte elsewhere, and audits it once', async () => {
    const run = await cli('phase', 'orders', 'shadow', '--reason', 'compare first');
    expect(run.code, run.stderr).toBe(0);
    const text = await readFile(proxy.configFile, 'utf8');
    const since = /\n {4}phaseSince: (\S+)\n/.exec(text)?.[1];
    expect(since).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const expected = routesYaml(legacy, { orders: 0 }).replace(
      '    weight: 0    # raise slowly!\n',
      `    weight: 0    # raise slowly!\n    phase: shadow\n    phaseSince: ${since}\n`,
    );
    expect(text).toBe(expected);
    const { entries } = await proxy.admin.audit.list({ route: 'orders' });
    expect(entries.map((e) => e.action)).toEqual(['phase:canary->shadow']);
  });

  it('waits for the cross-process lock like a weight change, and says so when it is held', async () => {
    // Another process holds the lock file (fresh, so it is not stale): the phase change must not write past it.
    await writeFile(lockFileOf(proxy.configFile), '99999\n');
    const before = await readFile(proxy.configFile, 'utf8');
    const run = await cli('phase', 'orders', 'canary');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/held by another process/);
    expect(await readFile(proxy.configFile, 'utf8')).toBe(before);
  });
});
