import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnProxyProcess, type ProxyProcess } from '../../helpers/adminCli.ts';
import { freePort } from '../../helpers/freePort.ts';

describe('CLI failures say what to do and exit with documented codes', () => {
  let proxy: ProxyProcess;
  beforeAll(async () => {
    proxy = await spawnProxyProcess('http://127.0.0.1:9', { tokens: 'ops=right-token-0123456789abcdef' });
  });
  afterAll(() => proxy.stop());

  it('an unreachable proxy exits 3 and names STRANGLER_ADMIN_URL', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const run = await runCli(['status'], { STRANGLER_ADMIN_URL: url });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`cannot reach the Strangler admin API at ${url} (ECONNREFUSED)`);
    expect(run.stderr).toContain('STRANGLER_ADMIN_URL');
  });

  it('a missing or wrong token exits 4 and names STRANGLER_ADMIN_TOKEN', async () => {
    const missing = await runCli(['status'], { STRANGLER_ADMIN_URL: proxy.adminUrl, STRANGLER_ADMIN_TOKEN: '' });
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain('missing admin token');
    const wrong = await runCli(['audit'], {
      STRANGLER_ADMIN_URL: proxy.adminUrl,
      STRANGLER_ADMIN_TOKEN: 'wrong-token-0123456789abcdef',
    });
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toContain('wrong admin token — check STRANGLER_ADMIN_TOKEN');
    expect(wrong.stderr).not.toContain('wrong-token-0123456789abcdef');
  });

  it('an unknown command prints the help with the exit codes and exits 2', async () => {
    const run = await runCli(['shfit']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown command "shfit"');
    expect(run.stderr).toContain('exit codes: 0 ok');
  });
});
