import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { routesYaml, tempDir } from '../../helpers/adminFixtures.ts';
import { runCli } from '../../helpers/adminCli.ts';

describe('strangler validate', () => {
  it('accepts a valid file and prints its route count and hash (exit 0)', async () => {
    const file = path.join(await tempDir(), 'routes.yaml');
    await writeFile(file, routesYaml('http://127.0.0.1:5000'));
    const run = await runCli(['validate', file], { STRANGLER_ADMIN_URL: 'http://127.0.0.1:1' });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/routes\.yaml: ok — 2 route\(s\), config hash [0-9a-f]{16}/);
  });

  it('prints every problem with its line, and exits 1', async () => {
    const file = path.join(await tempDir(), 'routes.yaml');
    const broken = routesYaml('http://127.0.0.1:5000', { orders: 140 })
      .replace('handler: orders', 'handler: ordres')
      .replace('{handler: status}', '{handler: status, extra: 1}');
    await writeFile(file, broken);
    const run = await runCli(['validate', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('3 problems');
    expect(run.stderr).toMatch(/routes\.yaml:15:\d+ {2}routes\[0\]\.weight: 140 is above 100/);
    expect(run.stderr).toMatch(/routes\.yaml:14:\d+ {2}routes\[0\]\.new\.handler: unknown handler "ordres"/);
    expect(run.stderr).toMatch(/routes\[1\]\.new\.extra: unknown key "extra"/);
  });

  it('a missing file is a usage error (exit 2)', async () => {
    const run = await runCli(['validate', '/nonexistent/routes.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot read /nonexistent/routes.yaml (ENOENT)');
  });
});
