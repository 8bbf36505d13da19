import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routesYaml } from '../../helpers/adminFixtures.ts';
import { runCli, spawnProxyProcess, type ProxyProcess } from '../../helpers/adminCli.ts';

const TOKEN = 'cli-test-token-0123456789abcdef';
const LEGACY = 'http://127.0.0.1:9';

describe('strangler shift', () => {
  let proxy: ProxyProcess;
  let env: Record<string, string>;
  beforeAll(async () => {
    proxy = await spawnProxyProcess(LEGACY, { tokens: `ops=${TOKEN}` });
    env = { STRANGLER_ADMIN_URL: proxy.adminUrl, STRANGLER_ADMIN_TOKEN: TOKEN };
  });
  afterAll(() => proxy.stop());

  it('without a terminal and without --yes shows the diff and applies nothing (exit 6)', async () => {
    const run = await runCli(['shift', 'orders', '25', '--reason', 'ramp step'], env);
    expect(run.code).toBe(6);
    expect(run.stdout).toContain('route orders: weight 10% → 25%');
    expect(run.stdout).toContain('-     weight: 10    # raise slowly!');
    expect(run.stdout).toContain('+     weight: 25    # raise slowly!');
    expect(run.stderr).toContain('pass --yes');
    expect(await readFile(proxy.configFile, 'utf8')).toBe(routesYaml(LEGACY));
  });

  it('with --yes applies it; the file and the audit trail show it', async () => {
    const run = await runCli(['shift', 'orders', '25', '--reason', 'ramp step', '--yes'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/applied: orders 10% → 25% \(config \w+ → \w+\)/);
    expect(await readFile(proxy.configFile, 'utf8')).toBe(routesYaml(LEGACY, { orders: 25 }));
    const audit = await runCli(['audit', '--route', 'orders'], env);
    expect(audit.code).toBe(0);
    expect(audit.stdout).toMatch(/ops\s+shift\s+orders\s+10% → 25%\s+ramp step/);
  });

  it('rejects an invalid weight with the validation message (exit 1) and a missing reason as usage (exit 2)', async () => {
    const invalid = await runCli(['shift', 'orders', '140', '--reason', 'x', '--yes'], env);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('routes[0].weight: 140 is above 100');
    const noReason = await runCli(['shift', 'orders', '30'], env);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain('--reason is required');
  });
});
