// `strangler store init|export` against a real Postgres, and `strangler start` refusing a malformed --store:
// init seeds an empty store and refuses a seeded one (exit 1) unless --force, which adds a version on top;
// export prints the current table byte for byte; an unreachable store is exit 3 with what to check.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../helpers/adminCli.ts';
import { routesYaml, tempDir } from '../../helpers/adminFixtures.ts';
import { startPostgres, type TestPostgres } from '../../helpers/postgres.ts';
import { describeWithTool } from '../../helpers/requiredTool.ts';
import { POSTGRES_TOOL } from '../../helpers/storeReplicas.ts';

describeWithTool(POSTGRES_TOOL, 'strangler store init and export', () => {
  let pg: TestPostgres;
  let seed: string;
  let changed: string;
  const first = `# seeded by the test — comments survive\n${routesYaml('http://127.0.0.1:9')}`;
  const second = routesYaml('http://127.0.0.1:9', { orders: 40 });

  beforeAll(async () => {
    pg = await startPostgres();
    const dir = await tempDir('strangler-store-cli-');
    seed = path.join(dir, 'routes.yaml');
    changed = path.join(dir, 'changed.yaml');
    await Promise.all([writeFile(seed, first), writeFile(changed, second)]);
  }, 60_000);
  afterAll(async () => {
    await pg?.destroy();
  });

  it('seeds an empty store once, refuses to overwrite it without --force, and exports what is stored', async () => {
    const empty = await runCli(['store', 'export', '--store', pg.url]);
    expect(empty).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/holds no route table yet — seed it with: strangler store init --from routes.yaml/),
    });

    const init = await runCli(['store', 'init', '--from', seed], { STRANGLER_STORE_URL: pg.url });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toMatch(/stored as version 1 \(config hash \w+\)/);

    const [again, exported] = await Promise.all([
      runCli(['store', 'init', '--from', changed, '--store', pg.url]),
      runCli(['store', 'export', '--store', pg.url]),
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds version 1 — .*--force/);
    expect(exported).toMatchObject({ code: 0, stdout: first });

    const forced = await runCli(['store', 'init', '--from', changed, '--force', '--store', pg.url]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/stored as version 2/);
    expect((await runCli(['store', 'export', '--store', pg.url])).stdout).toBe(second);
  }, 60_000);

  it('refuses an invalid routes.yaml with every problem, and says what to check when Postgres is not there', async () => {
    const bad = path.join(path.dirname(seed), 'bad.yaml');
    await writeFile(bad, first.replace('weight: 10', 'weight: 140'));
    const [invalid, unreachable] = await Promise.all([
      runCli(['store', 'init', '--from', bad, '--force', '--store', pg.url]),
      runCli(['store', 'export', '--store', 'postgres://postgres@127.0.0.1:9/postgres']),
    ]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/bad\.yaml:\d+:\d+ +routes\[0\]\.weight/);
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toMatch(
      /control-plane store is unavailable \(connecting: .*\) — is Postgres running at postgres:\/\/postgres@127\.0\.0\.1:9\/postgres\?/,
    );
  });

  it('explains a malformed store URL in one line, for store and start alike', async () => {
    const [store, start, env] = await Promise.all([
      runCli(['store', 'export', '--store', 'mysql://db/strangler']),
      runCli(['start', '--config', seed, '--store', 'not a url']),
      runCli(['start', '--config', seed], { STRANGLER_STORE_URL: 'postgres:///x' }),
    ]);
    expect(store).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        /^strangler store: --store: unsupported store "mysql" — only postgres:\/\/ is supported/,
      ),
    });
    expect(start.code).toBe(1);
    expect(start.stderr.trim()).toMatch(/^--store: "not a url" is not a URL — e\.g\. --store postgres:\/\/[^\n]+$/);
    expect(env.code).toBe(1);
    expect(env.stderr.trim()).toMatch(/^STRANGLER_STORE_URL: "postgres:\/\/\/x" names no host — [^\n]+$/);
  }, 60_000);

  it('prints its own help', async () => {
    const help = await runCli(['store', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: strangler store init --from routes.yaml \[--force\]/);
    expect(help.stdout).toContain('store export');
  });
});
